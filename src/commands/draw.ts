import type { Command } from 'commander';
import { planFrom } from '../io/plan.js';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action, TOOL_VERSION } from '../cli.js';
import { ALGORITHMS, ALGORITHM_VERSION, draw, explain, parsePeriod, UnstaffableError, type AlgorithmVersion, type DrawInput, type DrawResult, type Plan } from '../core/draw/index.js';
import { priorDrawnFor } from '../core/draw/prior.js';
import { canonicalSeed } from '../core/draw/seed.js';
import { renderExplanation, renderUnstaffable, renderWarning } from './draw-explain.js';
import { parseDate, todayIso } from '../core/values.js';
import { InputError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { buildCsvOutputs, MANIFEST } from '../io/draw-outputs.js';
import { buildDrawWorkbooks } from '../io/draw-xlsx.js';
import { parseFormats } from '../io/xlsx.js';
import { loadDrawInputs, type LoadedDrawInputs } from '../io/draw-inputs.js';
import { parseInputEncoding, parseOutputEncoding, type InputEncoding, type OutputEncoding } from '../io/encoding.js';
import { sha256Hex } from '../io/files.js';
import {
  alreadyDrawnFor,
  assertIntact,
  nextEntry,
  parseLedger,
  previousDrawsOfPeriod,
  serialiseEntry,
  type LedgerEntry,
} from '../core/ledger.js';
import { readLedger, type Ledger } from '../io/ledger.js';
import { buildManifest, countsForRecord, relativeInputPath, serialiseManifest, unmatchedPathText } from '../io/manifest.js';
import { archiveInputs, type ArchivedInput } from '../io/input-archive.js';
import { assertFolderFree, openTransaction, type Transaction } from '../io/transaction.js';
import { DEMO } from '../io/paths.js';
import { loadYamlFile } from '../io/yaml.js';
import { confirmAnswer, listTheme } from '../ui/prompts.js';
import { renderTable } from '../ui/text.js';

export interface DrawOptions {
  employers?: string;
  inspectors?: string;
  plan?: string;
  period?: string;
  seed?: string;
  out?: string;
  asOf?: string;
  ledger?: string;
  dryRun?: boolean;
  explain?: string;
  interactive?: boolean;
  json?: boolean;
  redraw?: boolean;
  reason?: string;
  force?: boolean;
  encoding?: string;
  outEncoding?: string;
  lenient?: boolean;
  /** a plan filter value matching no employer is a warning, not exit 2 */
  allowUnmatched?: boolean;
  sheet?: string;
  format?: string;
  demo?: boolean;
  allowEmpty?: boolean;
  /** the algorithm version for a new draw (default: the newest); earlier versions stay for re-making old draws */
  algorithm?: string;
}

type Theme = ReturnType<typeof listTheme>['theme'];

/**
 * The prompt functions of @inquirer/prompts that interactive mode uses; tests hand in fakes. select
 * and confirm carry the localised theme (key hints, Yes/No), as in penalty's interactive mode; input
 * shows no English of its own, and the theme would only take the red off its validation errors.
 */
export interface Prompts {
  input(o: { message: string; default?: string; validate?: (v: string) => boolean | string | Promise<boolean | string> }): Promise<string>;
  select<T>(o: { message: string; choices: { name: string; value: T }[]; default?: T; theme?: Theme }): Promise<T>;
  confirm(o: { message: string; default?: boolean; transformer?: (answer: boolean) => string }): Promise<boolean>;
}

export function registerDraw(program: Command, ctx: Ctx): void {
  const t = m().drawCli.opt;
  const c = m().opt;
  program
    .command('draw')
    .description(m().drawCli.description)
    .option('--employers <file>', t.employers)
    .option('--inspectors <file>', t.inspectors)
    .option('--plan <file>', t.plan)
    .option('--period <period>', t.period)
    .option('--seed <seed>', t.seed)
    .option('--out <dir>', t.out)
    .option('--as-of <date>', t.asOf)
    .option('--ledger <file>', t.ledger)
    .option('--dry-run', t.dryRun)
    .option('--explain <id>', t.explain)
    .option('--interactive', t.interactive)
    .option('--json', c.json)
    .option('--redraw', t.redraw)
    .option('--reason <text>', t.reason)
    .option('--force', c.force)
    .option('--encoding <enc>', c.encoding)
    .option('--out-encoding <enc>', c.outEncoding)
    .option('--lenient', c.lenient)
    .option('--sheet <name|n>', m().xlsx.optSheet)
    .option('--format <csv|xlsx>', m().xlsx.optFormat)
    .option('--allow-empty', m().txn.optAllowEmpty)
    .option('--allow-unmatched', m().input.allowUnmatchedOpt)
    .option('--demo', c.demo)
    .option('--algorithm <version>', t.algorithm)
    .action(
      action(ctx, async (opts: DrawOptions) => {
        if (opts.interactive) {
          if (!ctx.ui.interactive) throw new UsageError(m().drawCli.interactive.notTty);
          if (opts.json) throw new UsageError(m().drawCli.interactive.noJson);
          const prompts = (await import('@inquirer/prompts')) as unknown as Prompts;
          return runInteractive(ctx, opts, prompts);
        }
        return runDraw(ctx, opts);
      }),
    );
}

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

interface Resolved {
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

async function resolveOptions(ctx: Ctx, opts: DrawOptions): Promise<Resolved> {
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
  let asOf = todayIso(ctx.now);
  if (opts.asOf !== undefined) {
    const d = parseDate(opts.asOf);
    if (!d) throw new UsageError(t.badAsOf(opts.asOf));
    asOf = d;
  }
  const encoding = parseInputEncoding(opts.encoding);
  const outEncoding = parseOutputEncoding(opts.outEncoding);
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
  files: { path: string; name: string; data: Buffer | string }[];
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
  const inputs = await loadDrawInputs(r.paths, periodLabel, { encoding: r.encoding, lenient: opts.lenient === true, sheet: opts.sheet, warn, unmatched: opts.allowUnmatched ? 'warn' : 'error' });
  const { plan, period } = inputs;

  // a demo folder not made yet holds an empty ledger
  const ledger = ledgerIn ?? (r.ledgerFile ? await readLedger(r.ledgerFile) : { ...parseLedger(''), file: '', exists: false });
  assertIntact(ledger, ledger.file);
  const previous = previousDrawsOfPeriod(ledger, plan.id, plan.year, period.label);
  if (previous.length && !opts.redraw && !opts.dryRun) {
    throw new InputError(t.alreadyDrawn(plan.id, period.label, ledger.file, previous.map((l) => l.entry.seq)));
  }
  if (!previous.length && opts.redraw) throw new InputError(t.nothingToRedraw(plan.id, period.label, ledger.file));
  const alreadyDrawn = alreadyDrawnFor(ledger, plan.id, plan.year, period.label);

  const algorithm = (opts.algorithm ?? ALGORITHM_VERSION) as AlgorithmVersion;
  if (!ALGORITHMS.includes(algorithm)) throw new UsageError(t.badAlgorithm(opts.algorithm!, ALGORITHMS));
  // v2 whole-year targets carry what the earlier periods drew; the manifest records it for verify
  const priorDrawn = algorithm === ALGORITHM_VERSION ? priorDrawnFor(ledger.lines.map((l) => l.entry), plan.id, plan.year, period.label) : undefined;
  const seedGenerated = opts.seed === undefined;
  const seed = opts.seed ?? randomBytes(16).toString('hex');
  if (seed === '') throw new UsageError(t.emptySeed);
  const drawInput: DrawInput = {
    plan,
    period,
    seed,
    asOf: r.asOf,
    employers: inputs.employers.records,
    inspectors: inputs.inspectors.records,
    alreadyDrawn: new Set(alreadyDrawn),
    algorithm,
    priorDrawn,
  };
  const result = locateInDirectory(() => draw(drawInput), r.paths.employers);
  // an official draw of nobody would use up the period: only a plan that says so may have one
  if (!opts.dryRun && result.assignments.length === 0 && !opts.allowEmpty) throw new InputError(m().txn.emptyDraw(r.paths.employers));
  const explanation = opts.explain ? renderExplanation(explain(drawInput, result, opts.explain)) : null;

  const csvs = buildCsvOutputs(plan, period, result, r.outEncoding);
  const outputs: Record<string, string> = {};
  for (const f of csvs) outputs[f.name] = sha256Hex(f.data);
  if (r.tempOut && !r.outDir) {
    // only now that the draw stands is there something to write, and a folder worth making
    r.outDir = r.madeTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-demo-'));
    r.outGiven = r.outDir;
    r.ledgerFile = demoLedger(r.outDir);
  }
  const outDir = r.outDir ?? path.resolve(ctx.cwd, 'dry-run');
  // byte-exact copies of the inputs, so the folder verifies years later whatever the office's files become
  const archived = await archiveInputs(r.paths, { employers: inputs.employers.sha256, inspectors: inputs.inspectors.sha256, plan: inputs.planSha256 });
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

/** The employers a draw took by one method, as the ledger records them: each once, sorted. */
export function employersBy(result: DrawResult, method: 'random' | 'full_coverage'): string[] {
  return [...new Set(result.assignments.filter((a) => a.method === method).map((a) => a.employer.uscc))].sort();
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

/**
 * Resolve options → load and draw (under the ledger's lock) → commit → print. An office ledger is
 * locked from before it is read until after the new line is appended (or the draw fails or is
 * cancelled): two staff drawing at once would otherwise both build on the same last line. A dry
 * run only reads, and a demo's fresh temp folder is nobody else's until it exists.
 */
export async function runDraw(ctx: Ctx, opts: DrawOptions, confirm?: (p: PreparedDraw) => Promise<boolean>): Promise<number> {
  const r = await resolveOptions(ctx, opts);
  const write = !opts.dryRun;
  let tx = write && r.ledgerFile ? await openLedger(ctx, r.ledgerFile) : null;
  try {
    // the same command run again after a crash: its draw was committed and is now complete
    const done = tx?.recovered.find((x) => x.rolledForward && r.outDir !== null && path.resolve(x.outDir) === path.resolve(r.outDir));
    if (done) {
      if (opts.json) ctx.ui.out(JSON.stringify({ ok: true, completed_interrupted: true, out_dir: done.outDir, ledger: { file: tx!.ledgerFile, seq: done.seq } }, null, 2));
      else ctx.ui.out(m().txn.alreadyCompleted(done.seq, done.outDir));
      return 0;
    }
    const p = await prepareDraw(ctx, opts, r, tx?.ledger);
    // refuse a taken folder before the summary and the confirmation, not after the user said yes
    // (the claim inside the commit is what actually excludes a concurrent draw)
    if (write) await assertFolderFree(r.outDir!, p.ledgerFile, opts.force === true);
    if (!opts.json) printSummary(ctx, p, opts);
    if (write && confirm && !(await confirm(p))) {
      if (r.madeTemp) await fs.rm(r.madeTemp, { recursive: true, force: true });
      ctx.ui.out(m().drawCli.interactive.cancelled);
      return 0;
    }
    if (write) {
      // the demo's ledger lives in the folder made just now: its transaction starts here
      tx ??= await openLedger(ctx, p.ledgerFile!);
      await commitDraw(tx, p, opts.force === true);
    }
    if (opts.json) {
      // stdout stays one JSON document; the demo note still reaches the person
      if (p.resolved.demo) ctx.ui.err(p.resolved.outDir ? m().io.demoNote(p.resolved.outDir) : m().drawCli.summary.demoDryRun);
      ctx.ui.out(JSON.stringify(summaryJson(p, write), null, 2));
    } else printAfter(ctx, p, write);
    return 0;
  } catch (e) {
    if (r.madeTemp) await fs.rm(r.madeTemp, { recursive: true, force: true });
    throw e;
  } finally {
    // the outcome stands either way: a lock that cannot be removed is taken over by the next draw on this machine
    await tx?.release().catch((e: unknown) => ctx.ui.warn(e instanceof Error ? e.message : String(e)));
  }
}

export function summaryJson(p: PreparedDraw, written: boolean): unknown {
  const { plan, period } = p.inputs;
  return {
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
    out_dir: written ? p.resolved.outDir : null,
    outputs: p.outputs,
    manifest_sha256: written ? p.manifestSha256 : null,
    ledger: written ? { file: p.ledgerFile, seq: p.entry.seq, line_sha256: sha256Hex(serialiseEntry(p.entry)) } : null,
    redraw: p.entry.redraw,
    reason: p.entry.reason,
    explain: p.explanation,
  };
}

function printSummary(ctx: Ctx, p: PreparedDraw, opts: DrawOptions): void {
  const t = m().drawCli.summary;
  const { plan, period } = p.inputs;
  const ui = ctx.ui;
  if (p.resolved.demo) ui.out(p.resolved.outDir ? m().io.demoNote(p.resolved.outDir) : t.demoDryRun);
  ui.out(ui.color.bold(t.heading(plan.office, plan.id, period.label, period.start, period.end, p.drawInput.asOf)));
  const generated = opts.dryRun ? t.seedGeneratedDryRun : t.seedGenerated;
  ui.out(p.seedGenerated ? generated(p.seed) : t.seedGiven(p.seed));
  if (p.drawInput.alreadyDrawn.size) ui.out(t.excludedEarlier(p.drawInput.alreadyDrawn.size));
  if (p.entry.redraw) ui.out(ui.color.yellow(t.redraw(p.previousDraws, p.entry.reason ?? '')));
  const taskName = new Map<string, string>();
  if (plan.fullCoverage) taskName.set(plan.fullCoverage.task.id, plan.fullCoverage.task.name);
  for (const task of plan.tasks) taskName.set(task.id, task.name);
  const rows = p.result.counts.map((c) => [
    taskName.get(c.task) ?? c.task,
    c.stratum || t.allStrata,
    String(c.eligible),
    String(c.quota),
    String(c.drawn),
    String(c.fullCoverage),
  ]);
  const total = p.result.counts.reduce((a, c) => [a[0]! + c.eligible, a[1]! + c.quota, a[2]! + c.drawn, a[3]! + c.fullCoverage], [0, 0, 0, 0]);
  rows.push([t.total, '', ...total.map(String)]);
  ui.out('');
  ui.out(renderTable(t.columns, rows, ['left', 'left', 'right', 'right', 'right', 'right']));
  ui.out('');
  const w = p.result.workload;
  ui.out(t.workload(w.min, w.max, w.byInspector.length));
  for (const warning of p.result.warnings) ui.warn(t.warning(renderWarning(warning)));
  if (p.previousDraws && opts.dryRun && !opts.redraw) ui.warn(t.dryRunAlreadyDrawn(p.previousDraws));
  if (p.explanation) {
    ui.out('');
    ui.out(ui.color.bold(t.explainHeading(opts.explain!)));
    for (const line of p.explanation) ui.out(`  ${line}`);
  }
}

function printAfter(ctx: Ctx, p: PreparedDraw, written: boolean): void {
  const t = m().drawCli.summary;
  const ui = ctx.ui;
  ui.out('');
  if (!written) {
    ui.out(t.dryRun);
    return;
  }
  for (const f of p.files) if (!p.archived.some((a) => a.name === f.name)) ui.out(t.wrote(f.path));
  ui.out(m().txn.archivedInputs(path.join(p.resolved.outDir!, 'inputs')));
  if (p.ledgerFile) ui.out(t.ledgerAppended(p.ledgerFile, p.entry.seq, p.entry.redraw));
  ui.out(t.verifyHint(p.resolved.outDir!));
}

/** Walks staff through the choices, shows the summary and asks before writing anything. */
export async function runInteractive(ctx: Ctx, opts: DrawOptions, prompts: Prompts): Promise<number> {
  try {
    const filled = await collectInteractive(ctx, opts, prompts);
    return await runDraw(ctx, filled, async () => prompts.confirm({ message: m().drawCli.interactive.confirmWrite, default: false, ...confirmAnswer() }));
  } catch (e) {
    // Ctrl-C in a prompt: the user stopped; nothing has been written at any prompt
    if (e instanceof Error && e.name === 'ExitPromptError') {
      ctx.ui.out(m().drawCli.interactive.cancelled);
      return 0;
    }
    throw e;
  }
}

export async function collectInteractive(ctx: Ctx, opts: DrawOptions, prompts: Prompts): Promise<DrawOptions> {
  const t = m().drawCli.interactive;
  const fileExists = async (v: string) => {
    try {
      return (await fs.stat(path.resolve(ctx.cwd, v))).isFile() || t.notAFile;
    } catch {
      return t.noSuchFile;
    }
  };
  // with --demo the files are the fixtures: only the period and the seed are asked
  const ask = async (given: string | undefined, message: string, def: string) =>
    given ?? (opts.demo ? undefined : await prompts.input({ message, default: def, validate: fileExists }));
  const employers = await ask(opts.employers, t.employers, 'employers.csv');
  const inspectors = await ask(opts.inspectors, t.inspectors, 'inspectors.csv');
  const planFile = await ask(opts.plan, t.plan, 'plan.yaml');
  let period = opts.period;
  if (!period) {
    let labels: string[] = [];
    let drawn = new Set<string>();
    try {
      const planPath = planFile === undefined ? DEMO.plan : path.resolve(ctx.cwd, planFile);
      const src = await loadYamlFile(planPath);
      const plan = planFrom(src);
      labels = periodLabels(plan);
      // a period already in the ledger is not the default: drawing it again needs --redraw and a reason
      const ledgerFile = opts.demo ? null : opts.ledger ? path.resolve(ctx.cwd, opts.ledger) : path.join(path.dirname(planPath), 'draws', 'ledger.jsonl');
      if (ledgerFile) {
        const ledger = await readLedger(ledgerFile);
        drawn = new Set(ledger.lines.filter((l) => l.entry.plan_id === plan.id && l.entry.plan_year === plan.year).map((l) => l.entry.period));
      }
    } catch {
      // a broken plan or ledger is reported in full by the draw itself; here we just cannot offer a list
    }
    const fresh = labels.find((l) => !drawn.has(l));
    period = labels.length
      ? await prompts.select({
          message: t.period,
          choices: labels.map((l) => ({ name: drawn.has(l) ? t.periodDrawn(l) : l, value: l })),
          ...(fresh ? { default: fresh } : {}),
          ...listTheme(),
        })
      : await prompts.input({ message: t.period });
  }
  // the check date decides certificate validity and the recently-inspected rule: asked, not assumed
  const asOf = opts.asOf ?? (await prompts.input({ message: t.asOf, default: todayIso(ctx.now), validate: (v) => parseDate(v) !== null || t.badAsOf }));
  let seed = opts.seed;
  if (seed === undefined) {
    // the announced lottery result is the recommended seed: nobody, the office included, could pick it
    const how = await prompts.select<'random' | 'typed'>({
      message: t.seedHow,
      choices: [
        { name: t.seedTyped, value: 'typed' },
        { name: t.seedRandom, value: 'random' },
      ],
      default: 'typed',
      ...listTheme(),
    });
    while (how === 'typed' && seed === undefined) {
      const typed = await prompts.input({ message: t.seed, validate: (v) => v.trim() !== '' || t.seedEmpty });
      const canonical = canonicalSeed(typed);
      if (canonical === null) seed = typed;
      else if (await prompts.confirm({ message: t.seedCanonical(typed.trim(), canonical), default: true, ...confirmAnswer() })) seed = canonical;
    }
  }
  const out = opts.out ?? (opts.demo ? undefined : await prompts.input({ message: t.out, default: path.join('draws', period) }));
  return { ...opts, employers, inspectors, plan: planFile, period, asOf, seed, out, interactive: false };
}
