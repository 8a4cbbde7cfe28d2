import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Ctx } from '../../context.js';
import { TOOL_VERSION } from '../../version.js';
import type { DrawOptions } from './draw-options.js';
import { dateArg } from './options.js';
import { ALGORITHMS, ALGORITHM_VERSION, explain, parsePeriod, UnstaffableError, type AlgorithmVersion, type DrawInput, type DrawResult, type DrawWarning, type Period, type Plan } from '../../core/draw/index.js';
import { drawColumns } from '../../core/draw/draw.js';
import { planFrom } from '../../io/plan.js';
import { priorDrawnFor } from '../../core/draw/prior.js';
import { renderExplanation, renderUnstaffable, renderWarning } from './draw-explain.js';
import { todayIso } from '../../core/values.js';
import { InputError, UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { csvOutputPieces, CSV_OUTPUTS, hashCsvOutputs, MANIFEST } from '../../io/draw-outputs.js';
import { buildDrawWorkbooks } from '../../io/draw-xlsx.js';
import { parseFormats } from '../../io/xlsx.js';
import { loadDrawInputs, type LoadedDrawInputs } from '../../io/draw-inputs.js';
import { parseInputEncoding, parseOutputEncoding, type InputEncoding, type OutputEncoding } from '../../io/encoding.js';
import { sha256Hex, type ByteSource } from '../../io/files.js';
import {
  alreadyDrawnFor,
  assertIntact,
  nextEntry,
  parseLedger,
  previousDrawsOfPeriod,
  serialiseEntry,
  type LedgerEntry,
} from '../../core/ledger.js';
import { readLedger, type Ledger } from '../../io/ledger.js';
import { buildManifest, countsForRecord, relativeInputPath, serialiseManifest, unmatchedPathText } from '../../io/manifest.js';
import { archiveInputs, type ArchivedInput } from '../../io/input-archive.js';
import { openTransaction, type Transaction } from '../../io/transaction.js';
import { DEMO } from '../../io/paths.js';
import { loadYamlFile } from '../../io/yaml.js';
import { winnerTicketsElsewhere } from '../../io/winner-tickets.js';

export type { DrawOptions } from './draw-options.js';

/** The plan's periods in order: what interactive mode offers and what --demo defaults to. */
export function periodLabels(plan: Pick<Plan, 'year' | 'frequency'>): string[] {
  const y = plan.year;
  switch (plan.frequency) {
    case 1:
      return [String(y)];
    case 2:
      return [`${y}H1`, `${y}H2`];
    case 4:
      return [1, 2, 3, 4].map((q) => `${y}Q${q}`);
    case 12:
      return Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
  }
}

export interface Resolved {
  paths: { employers: string; inspectors: string; plan: string };
  /** as the user typed them (recorded in the ledger) */
  outGiven: string | null;
  outDir: string | null;
  period: string | null;
  asOf: string;
  encoding: InputEncoding;
  outEncoding: OutputEncoding;
  /** null: a --demo dry run, which has no ledger at all, or a --demo whose folder is not made yet */
  ledgerFile: string | null;
  demo: boolean;
  /** --demo without --out: a temp folder is made once there is something to write */
  tempOut: boolean;
  /** the temp folder this run made, to remove again if the draw fails */
  madeTemp: string | null;
}

export async function resolveOptions(ctx: Ctx, opts: DrawOptions): Promise<Resolved> {
  const t = m().drawCli;
  const missing: string[] = [];
  const demo = opts.demo === true;
  if (demo && opts.ledger) throw new UsageError(m().io.demoNoLedger);
  const pick = (given: string | undefined, demoPath: string, flag: string): string => {
    if (given) return path.resolve(ctx.cwd, given);
    if (demo) return demoPath;
    missing.push(flag);
    return '';
  };
  const paths = {
    employers: pick(opts.employers, DEMO.employers, '--employers'),
    inspectors: pick(opts.inspectors, DEMO.inspectors, '--inspectors'),
    plan: pick(opts.plan, DEMO.plan, '--plan'),
  };
  if (!opts.period && !demo) missing.push('--period');
  if (!opts.out && !opts.dryRun && !demo) missing.push('--out');
  if (missing.length) throw new UsageError(t.missingOptions(missing));
  if (opts.redraw && !opts.reason?.trim()) throw new UsageError(t.redrawNeedsReason);
  if (opts.reason !== undefined && !opts.redraw) throw new UsageError(t.reasonWithoutRedraw);
  // the option table has parsed --as-of; interactive mode hands in what was typed at its prompt
  const asOf = opts.asOf === undefined ? todayIso(ctx.now) : dateArg(opts.asOf, '--as-of');
  const encoding = opts.encoding ?? parseInputEncoding(undefined);
  const outEncoding = opts.outEncoding ?? parseOutputEncoding(undefined);
  const outDir: string | null = opts.out ? path.resolve(ctx.cwd, opts.out) : null;
  const outGiven: string | null = opts.out ?? null;
  const tempOut = demo && !outDir && !opts.dryRun;
  // The demo keeps its ledger beside its outputs: it must never touch an office's ledger.
  const ledgerFile = demo
    ? outDir && demoLedger(outDir)
    : opts.ledger
      ? path.resolve(ctx.cwd, opts.ledger)
      : path.join(path.dirname(paths.plan), 'draws', 'ledger.jsonl');
  return { paths, outGiven, outDir, period: opts.period ?? null, asOf, encoding, outEncoding, ledgerFile, demo, tempOut, madeTemp: null };
}

const demoLedger = (outDir: string) => path.join(outDir, 'ledger.jsonl');

/** Everything a draw computed, before anything is written. */
export interface PreparedDraw {
  inputs: LoadedDrawInputs;
  drawInput: DrawInput;
  result: DrawResult;
  seed: string;
  seedGenerated: boolean;
  /** everything the draw folder receives, the manifest last: outputs, archived inputs, manifest.json */
  files: { path: string; name: string; data: Buffer | string | ByteSource }[];
  archived: ArchivedInput[];
  outputs: Record<string, string>;
  manifestSha256: string;
  entry: LedgerEntry;
  ledgerHead: string;
  ledgerFile: string | null;
  previousDraws: number;
  explanation: string[] | null;
  resolved: Resolved;
}

/**
 * Loads, checks and computes a draw, building every byte it will write; writes nothing (except the
 * demo's fresh temp folder). `ledgerIn` is the ledger as read under its lock; without it the
 * ledger is read here (a dry run, or a demo whose folder is not made yet).
 */
export async function prepareDraw(ctx: Ctx, opts: DrawOptions, resolved?: Resolved, ledgerIn?: Ledger): Promise<PreparedDraw> {
  const t = m().drawCli;
  const r = resolved ?? (await resolveOptions(ctx, opts));
  const formats = parseFormats(opts.format);
  const warn = (s: string) => ctx.ui.warn(s);
  let periodLabel = r.period;
  if (!periodLabel) {
    // --demo without --period: the period of the plan that holds the inspection date, else its first
    const src = await loadYamlFile(r.paths.plan);
    const plan = planFrom(src);
    const labels = periodLabels(plan);
    periodLabel = labels.find((l) => { const p = parsePeriod(l, plan); return p.start <= r.asOf && r.asOf <= p.end; }) ?? labels[0]!;
  }
  const algorithm = (opts.algorithm ?? ALGORITHM_VERSION) as AlgorithmVersion;
  const seedGenerated = opts.seed === undefined;
  const seed = opts.seed ?? randomBytes(16).toString('hex');
  // a demo folder not made yet holds an empty ledger; read once plan and period stand, because the
  // directory is judged against the draw (seed, already drawn) as it streams past
  let ledger: Ledger = ledgerIn ?? { ...parseLedger(''), file: '', exists: false };
  const scope = async (plan: Plan, period: Period) => {
    if (!ledgerIn && r.ledgerFile) ledger = await readLedger(r.ledgerFile);
    let already: string[] = [];
    try {
      already = alreadyDrawnFor(ledger, plan.id, plan.year, period.label);
    } catch {
      // a damaged ledger is refused below (assertIntact), after the inputs' own problems
    }
    return { seed, asOf: r.asOf, algorithm, alreadyDrawn: new Set(already), explain: opts.explain };
  };
  const inputs = await loadDrawInputs(r.paths, periodLabel, { encoding: r.encoding, lenient: opts.lenient === true, sheet: opts.sheet, warn, unmatched: opts.allowUnmatched ? 'warn' : 'error', scope });
  const { plan, period } = inputs;

  assertIntact(ledger, ledger.file);
  const previous = previousDrawsOfPeriod(ledger, plan.id, plan.year, period.label);
  if (previous.length && !opts.redraw && !opts.dryRun) {
    throw new InputError(t.alreadyDrawn(plan.id, period.label, ledger.file, previous.map((l) => l.entry.seq)));
  }
  if (!previous.length && opts.redraw) throw new InputError(t.nothingToRedraw(plan.id, period.label, ledger.file));
  const alreadyDrawn = alreadyDrawnFor(ledger, plan.id, plan.year, period.label);

  if (!ALGORITHMS.includes(algorithm)) throw new UsageError(t.badAlgorithm(opts.algorithm!, ALGORITHMS));
  // v2 whole-year targets carry what the earlier periods drew; the manifest records it for verify
  const priorDrawn = algorithm === ALGORITHM_VERSION ? priorDrawnFor(ledger.lines.map((l) => l.entry), plan.id, plan.year, period.label) : undefined;
  if (seed === '') throw new UsageError(t.emptySeed);
  const drawInput: DrawInput = {
    plan,
    period,
    seed,
    asOf: r.asOf,
    employers: inputs.employers.candidates,
    inspectors: inputs.inspectors.records,
    alreadyDrawn: new Set(alreadyDrawn),
    algorithm,
    priorDrawn,
  };
  const result = drawFromDirectory(drawInput, inputs, r.paths.employers);
  // an official draw of nobody would use up the period: only a plan that says so may have one
  if (!opts.dryRun && drawnCount(result) === 0 && !opts.allowEmpty) throw new InputError(m().txn.emptyDraw(r.paths.employers));
  const explanation = opts.explain ? renderExplanation(explain(drawInput, result, opts.explain)) : null;

  // the CSVs are made twice from the winners, never held whole: here for their hashes (the
  // manifest names them), and again piece by piece as the transaction stages them
  const outputs: Record<string, string> = hashCsvOutputs(plan, period, result, r.outEncoding);
  const csvs = CSV_OUTPUTS.map((name) => ({ name, data: (() => pieceData(csvOutputPieces(plan, period, result, r.outEncoding, [name]))) as ByteSource }));
  if (r.tempOut && !r.outDir) {
    // only now that the draw stands is there something to write, and a folder worth making
    r.outDir = r.madeTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-demo-'));
    r.outGiven = r.outDir;
    r.ledgerFile = demoLedger(r.outDir);
  }
  const outDir = r.outDir ?? path.resolve(ctx.cwd, 'dry-run');
  // byte-exact copies of the inputs, so the folder verifies years later whatever the office's files become
  const archived = await archiveInputs(r.paths, { employers: inputs.employers.sha256, inspectors: inputs.inspectors.sha256, plan: inputs.planSha256 }, { write: !opts.dryRun });
  const arch = (k: keyof typeof r.paths) => archived.find((a) => a.key === k)!.name;
  const counts = countsForRecord(result.counts);
  const redraw = opts.redraw === true;
  const reason = redraw ? opts.reason!.trim() : null;
  const manifest = buildManifest({
    tool_version: TOOL_VERSION,
    algorithm: result.algorithm,
    plan_id: plan.id,
    plan_year: plan.year,
    period: period.label,
    seed,
    as_of: r.asOf,
    inputs: {
      employers: { path: relativeInputPath(outDir, r.paths.employers), sha256: inputs.employers.sha256, archive: arch('employers') },
      inspectors: { path: relativeInputPath(outDir, r.paths.inspectors), sha256: inputs.inspectors.sha256, archive: arch('inspectors') },
      plan: { path: relativeInputPath(outDir, r.paths.plan), sha256: inputs.planSha256, archive: arch('plan') },
    },
    read_options: { encoding: r.encoding, lenient: opts.lenient === true, out_encoding: r.outEncoding, sheet: opts.sheet, ...(opts.allowUnmatched ? { allow_unmatched: true as const } : {}) },
    // the warnings --allow-unmatched let through are part of the record: verify re-derives them
    unmatched: inputs.unmatched.map((u) => ({ path: unmatchedPathText(u.path), value: u.value })),
    already_drawn: alreadyDrawn,
    prior_drawn: priorDrawn,
    counts,
    outputs,
    ...(r.ledgerFile ? { ledger: relativeInputPath(outDir, r.ledgerFile) } : {}),
    ledger_seq: ledger.nextSeq,
    prev_ledger_hash: ledger.headHash,
    redraw,
    reason,
    allow_empty: opts.allowEmpty === true,
    created_at: ctx.now.toISOString(),
  });
  const manifestText = serialiseManifest(manifest);
  const manifestSha256 = sha256Hex(manifestText);
  const byMethod = (method: 'random' | 'full_coverage') => employersBy(result, method);
  const entry = nextEntry(ledger, {
    plan_id: plan.id,
    plan_year: plan.year,
    period: period.label,
    seed,
    algorithm: result.algorithm,
    manifest_sha256: manifestSha256,
    out_dir: r.outGiven ?? '',
    created_at: manifest.created_at,
    redraw,
    reason,
    counts,
    drawn: byMethod('random'),
    full_coverage: byMethod('full_coverage'),
  });
  // the CSVs are written whatever --format says: they are the record verify compares by bytes
  const workbooks = formats.has('xlsx') ? await buildDrawWorkbooks(plan, period, result, { seed, manifestSha256 }, ctx.now) : [];
  const files = [
    ...[...csvs, ...workbooks].map((f) => ({ name: f.name, path: path.join(outDir, f.name), data: f.data })),
    ...archived.map((a) => ({ name: a.name, path: path.join(outDir, ...a.name.split('/')), data: a.data })),
    { name: MANIFEST, path: path.join(outDir, MANIFEST), data: manifestText },
  ];
  return {
    inputs,
    drawInput,
    result,
    seed,
    seedGenerated,
    files,
    archived,
    outputs,
    manifestSha256,
    entry,
    ledgerHead: ledger.headHash,
    ledgerFile: r.ledgerFile,
    previousDraws: previous.length,
    explanation,
    resolved: r,
  };
}

/** A prepared (and perhaps written) draw as --json prints it. */
/** The shape of `draw --json`; a script reads `format` first (docs/codes.md). */
export const DRAW_JSON_FORMAT = 1;

/** A warning's fields other than its code, flat, as docs/codes.md lists them. */
function warningParams(w: DrawWarning): Record<string, string | number> {
  const { code: _code, ...rest } = w;
  return rest;
}

export function summaryJson(p: PreparedDraw, written: boolean): unknown {
  const { plan, period } = p.inputs;
  return {
    format: DRAW_JSON_FORMAT,
    ok: true,
    dry_run: !written,
    demo: p.resolved.demo,
    algorithm: p.result.algorithm,
    plan_id: plan.id,
    plan_year: plan.year,
    period: period.label,
    period_start: period.start,
    period_end: period.end,
    seed: p.seed,
    seed_generated: p.seedGenerated,
    as_of: p.drawInput.asOf,
    inputs: {
      employers: { path: p.resolved.paths.employers, sha256: p.inputs.employers.sha256 },
      inspectors: { path: p.resolved.paths.inspectors, sha256: p.inputs.inspectors.sha256 },
      plan: { path: p.resolved.paths.plan, sha256: p.inputs.planSha256 },
    },
    counts: p.entry.counts,
    drawn: p.entry.drawn.length,
    full_coverage: p.entry.full_coverage.length,
    workload: { min: p.result.workload.min, max: p.result.workload.max, inspectors: p.result.workload.byInspector.length },
    warnings: p.result.warnings.map(renderWarning),
    // the same warnings, in the same order, for scripts: test `code`, never the sentence
    warning_details: p.result.warnings.map((w) => ({ code: w.code, params: warningParams(w), message: renderWarning(w) })),
    out_dir: written ? p.resolved.outDir : null,
    outputs: p.outputs,
    manifest_sha256: written ? p.manifestSha256 : null,
    ledger: written ? { file: p.ledgerFile, seq: p.entry.seq, line_sha256: sha256Hex(serialiseEntry(p.entry)) } : null,
    redraw: p.entry.redraw,
    reason: p.entry.reason,
    explain: p.explanation,
  };
}

/** Rows from which a draw collects garbage at the points where it lets go of its large columns. */
const LARGE_DIRECTORY = 2_000_000;

let fullGc: (() => void) | null = null;

/**
 * One full garbage collection. A draw lets go of its directory's columns at known points, but V8
 * frees ArrayBuffers only when it next marks the heap, and a draw that then allocates little on the
 * heap may reach its peak (or its end) first: a 10M draw kept ~170 MB of released columns to the end.
 * The collector is reached as jest's leak detector does (the flag exposes `gc` to a new context).
 */
function collectGarbage(): void {
  if (fullGc === null) {
    v8.setFlagsFromString('--expose-gc');
    fullGc = vm.runInNewContext('gc') as () => void;
  }
  fullGc();
}

/** The employers a draw took by one method, as the ledger records them: each once, sorted. */
export function employersBy(result: DrawResult, method: 'random' | 'full_coverage'): string[] {
  const w = result.winners;
  if (!w) return [...new Set(result.assignments.filter((a) => a.method === method).map((a) => a.employer.uscc))].sort();
  // sorted, then each once: a Set of 500,000 codes first was ~30 MB at the end of a province's draw
  const out: string[] = [];
  for (let k = 0; k < w.count; k++) if (w.methods[w.task[k]!] === method) out.push(w.uscc[k]!);
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/** How many employers a draw assigned, without building its assignments. */
export function drawnCount(result: DrawResult): number {
  return result.winners ? result.winners.count : result.assignments.length;
}

function* pieceData(pieces: Iterable<{ data: Buffer }>): Iterable<Buffer> {
  for (const p of pieces) yield p.data;
}

/**
 * The draw over the streamed directory's columns, as draw and verify both run it (verify re-derives
 * the list the same way). A province's directory: what the read, the selection and the winners' rows
 * let go (hundreds of MB at 10^7 rows) is collected at once, not whenever V8 next marks (10M bench
 * draw: after the read, RSS stays under ~370 MB with these collections; 480-530 MB without them).
 */
export function drawFromDirectory(drawInput: DrawInput, inputs: LoadedDrawInputs, employersFile: string): DrawResult {
  const large = inputs.employers.rows >= LARGE_DIRECTORY;
  if (large) collectGarbage();
  const hooks = { winnerTickets: winnerTicketsElsewhere, ...(large ? { afterSelection: collectGarbage } : {}) };
  const result = locateInDirectory(() => drawColumns(drawInput, inputs.employers.columns!, inputs.employers.fetch, hooks), employersFile);
  // the directory's per-row columns (~7 bytes a row for v2) are spent (drawColumns emptied them once the
  // winners were picked): the object goes too
  inputs.employers.columns = null;
  // and what reading the winners' rows and making the teams left behind, before the lists are made
  if (large) collectGarbage();
  return result;
}

/** The core names employers by directory line; the file name is ours to add. */
export function locateInDirectory<T>(fn: () => T, employersFile: string): T {
  try {
    return fn();
  } catch (caught) {
    const e = caught instanceof UnstaffableError ? renderUnstaffable(caught) : caught;
    if (e instanceof InputError) for (const p of e.problems) if (p.file === undefined && p.line !== undefined) p.file = employersFile;
    throw e;
  }
}

/** Hands the prepared files and ledger line to the record transaction (src/io/transaction.ts). */
export async function commitDraw(tx: Transaction, p: PreparedDraw, force: boolean): Promise<void> {
  await tx.commit({
    outDir: p.resolved.outDir!,
    files: p.files.map((f) => ({ name: f.name, data: f.data })),
    line: serialiseEntry(p.entry),
    expectedHead: p.ledgerHead,
    seq: p.entry.seq,
    force,
  });
}

/** Opens the record transaction on a ledger: lock, recovery of an interrupted commit (said in one line), read. */
export function openLedger(ctx: Ctx, ledgerFile: string): Promise<Transaction> {
  return openTransaction(ledgerFile, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
}

