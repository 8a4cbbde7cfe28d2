import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { TOOL_VERSION } from '../../version.js';
import { action } from '../shared/action.js';
import { addOptions, common, described, opt, type OptionsOf } from '../shared/options.js';
import { commitDraw, drawFromDirectory, drawnCount, employersBy, openLedger, prepareDraw } from '../shared/draw-pipeline.js';
import { ALGORITHM_VERSION, ALGORITHMS, explain, type AlgorithmVersion, type DrawInput } from '../../core/draw/index.js';
import { renderExplanation } from '../shared/draw-explain.js';
import { InputError, UsageError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { csvOutputPieces, CSV_OUTPUTS, MANIFEST, PUBLICATION, type CsvOutputName } from '../../io/draw-outputs.js';
import { compareFileWithPieces } from '../../io/output-compare.js';
import { loadDrawInputs } from '../../io/draw-inputs.js';
import { describeWorkbookCheck, verifyDrawWorkbooks } from '../../io/draw-xlsx.js';
import { parseCsvText, type CsvTable } from '../../io/csv.js';
import { onlyResaved } from '../../io/resave.js';
import { decodeText, parseInputEncoding, parseOutputEncoding } from '../../io/encoding.js';
import { environmentError, exists, sha256Hex, sha256OfInputFile } from '../../io/files.js';
import { RESULTS_MANIFEST } from '../shared/results-publication.js';
import { verifyResultsDir } from './results.js';
import { compareEntry, faultCode, type LedgerLine } from '../../core/ledger.js';
import { describeFault } from '../../ui/ledger-fault.js';
import { readLedger, type Ledger } from '../../io/ledger.js';
import { countsForRecord, readManifest, resolveInputPath, unknownManifestKeys, unmatchedPathText } from '../../io/manifest.js';
import { extractArchived, INPUT_KEYS } from '../../io/input-archive.js';
import { recoverFolder, recoverLedger, STAGING_PREFIX } from '../../io/transaction.js';

const t = () => m().drawCli.verify;

const isCsvOutput = (name: string): name is CsvOutputName => (CSV_OUTPUTS as readonly string[]).includes(name);

/** What verify reads; --inputs says which copies of the inputs the draw is re-made from. */
const VERIFY_OPTIONS = [
  opt({ flags: '--ledger <file>', key: 'ledger', description: () => t().ledgerOpt }),
  opt({ flags: '--employers <file>', key: 'employers', description: () => t().employersOpt }),
  opt({ flags: '--inspectors <file>', key: 'inspectors', description: () => t().inspectorsOpt }),
  opt({ flags: '--plan <file>', key: 'plan', description: () => t().planOpt }),
  opt({ flags: '--explain <id>', key: 'explain', description: () => t().explainOpt }),
  opt({ flags: '--public', key: 'public', description: () => t().publicOpt }),
  opt({
    flags: '--inputs <which>',
    key: 'inputs',
    description: () => m().txn.optInputs,
    parse: (v): 'archived' | 'current' => {
      if (v !== 'archived' && v !== 'current') throw new UsageError(m().txn.badInputsOption(v));
      return v;
    },
  }),
  common.json,
  described(common.demo, () => t().demoOpt),
] as const;

type VerifyOptions = OptionsOf<typeof VERIFY_OPTIONS>;

export function registerVerify(program: Command, ctx: Ctx): void {
  const t = m().drawCli.verify;
  addOptions(program.command('verify').description(t.description).argument('[dir]', t.dirArg), VERIFY_OPTIONS)
    .action(
      action(ctx, async (dir: string | undefined, opts: VerifyOptions) => {
        if (opts.demo) return verifyDemo(ctx, dir, opts);
        if (!dir && !opts.ledger) throw new UsageError(t.nothingToVerify);
        if (!dir && (opts.employers || opts.inspectors || opts.plan || opts.explain || opts.public)) throw new UsageError(t.needsDir);
        const report: Record<string, unknown> = {};
        let code = 0;
        let ledger: Ledger | null = null;
        if (opts.ledger) {
          const file = path.resolve(ctx.cwd, opts.ledger);
          // an interrupted commit is finished before the ledger is judged
          await recoverLedger(file, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
          ledger = await readLedger(file);
          code = Math.max(code, reportLedger(ctx, ledger, opts.json === true, report));
        }
        if (dir) code = Math.max(code, await verifyDir(ctx, dir, opts, ledger, report));
        if (opts.json) ctx.ui.out(JSON.stringify({ format: VERIFY_JSON_FORMAT, ok: code === 0, ...report }, null, 2));
        return code;
      }),
    );
}

/**
 * A demo draw into a fresh temp folder (the same code as `draw --demo`, with a fixed seed), then
 * the verification of that folder and of its own ledger: what an outsider would run, on data that
 * touches nothing of the office's.
 */
async function verifyDemo(ctx: Ctx, dir: string | undefined, opts: VerifyOptions): Promise<number> {
  const t = m().drawCli.verify;
  if (opts.ledger) throw new UsageError(m().io.demoNoLedger);
  if (dir || opts.employers || opts.inspectors || opts.plan) throw new UsageError(t.demoNoFiles);
  const p = await prepareDraw(ctx, { demo: true, seed: DEMO_SEED });
  const outDir = p.resolved.outDir!;
  try {
    const tx = await openLedger(ctx, p.ledgerFile!);
    try {
      await commitDraw(tx, p, false);
    } finally {
      await tx.release();
    }
  } catch (e) {
    if (p.resolved.madeTemp) await fs.rm(p.resolved.madeTemp, { recursive: true, force: true });
    throw e;
  }
  // with --json stdout stays one JSON document; the note still reaches the person
  if (opts.json) ctx.ui.err(m().io.demoNote(outDir));
  else ctx.ui.out(m().io.demoNote(outDir));
  const report: Record<string, unknown> = { demo: true };
  const ledger = await readLedger(p.ledgerFile!);
  let code = reportLedger(ctx, ledger, opts.json === true, report);
  code = Math.max(code, await verifyDir(ctx, outDir, opts, ledger, report));
  if (opts.json) ctx.ui.out(JSON.stringify({ format: VERIFY_JSON_FORMAT, ok: code === 0, ...report }, null, 2));
  return code;
}

/** The demo's seed is fixed so that every run shows the same draw. */
export const DEMO_SEED = 'demo';

function reportLedger(ctx: Ctx, ledger: Ledger, json: boolean, report: Record<string, unknown>): number {
  const t = m().drawCli.verify;
  if (!ledger.exists) throw new InputError(m().io.fileNotFound(ledger.file), [{ file: ledger.file, message: m().io.fileNotFound(ledger.file) }]);
  report.ledger = {
    file: ledger.file,
    entries: ledger.lines.length + ledger.results.length,
    intact: ledger.fault === null,
    fault: ledger.fault ? { ...ledger.fault, ...faultCode(ledger.fault), message: describeFault(ledger.fault) } : null,
    head_sha256: ledger.fault ? null : ledger.headHash,
  };
  if (ledger.fault) {
    if (!json) {
      ctx.ui.err(ctx.ui.color.red(t.ledgerBroken(ledger.file)));
      ctx.ui.err(`  ${ledger.file}:${ledger.fault.line}: ${describeFault(ledger.fault)}`);
    }
    return 1;
  }
  if (!json) ctx.ui.out(ctx.ui.color.green(t.ledgerOk(ledger.file, ledger.lines.length + ledger.results.length, ledger.headHash)));
  return 0;
}

/** The shape of `verify --json`; a script reads `format` first (docs/codes.md). */
export const VERIFY_JSON_FORMAT = 1;

/** One disagreement between the folder and its re-run; `code` is what a script tests, `message` what a person reads. */
export interface VerifyFinding {
  code: string;
  file: string;
  line?: number;
  params?: Record<string, string>;
  message: string;
  rows?: RowDiff[];
}

export interface RowDiff {
  /** 1-based line in the file found on disk (or where the row should have been) */
  line: number;
  /** the columns that differ; empty when a whole row is missing or extra */
  cells: { column: string; expected: string; found: string }[];
  expected: string | null;
  found: string | null;
}

/**
 * The rows of two CSV files that differ, cell by cell, for a person to read. Rows are compared in
 * order (both files are sorted the same way); a file that is not CSV any more falls back to lines.
 */
export function diffRows(expected: string, found: string, limit = 20): RowDiff[] {
  let a: CsvTable;
  let b: CsvTable;
  try {
    a = parseCsvText(expected, 'expected');
    b = parseCsvText(found, 'found');
  } catch {
    return diffLines(expected, found, limit);
  }
  const out: RowDiff[] = [];
  const rowsA = [{ line: 1, cells: a.header }, ...a.rows];
  const rowsB = [{ line: 1, cells: b.header }, ...b.rows];
  for (let i = 0; i < Math.max(rowsA.length, rowsB.length) && out.length < limit; i++) {
    const ra = rowsA[i];
    const rb = rowsB[i];
    if (ra && rb && ra.cells.length === rb.cells.length && ra.cells.every((c, j) => c === rb.cells[j])) continue;
    const cells: RowDiff['cells'] = [];
    if (ra && rb) {
      for (let j = 0; j < Math.max(ra.cells.length, rb.cells.length); j++) {
        if (ra.cells[j] !== rb.cells[j]) cells.push({ column: a.header[j] ?? String(j + 1), expected: ra.cells[j] ?? '', found: rb.cells[j] ?? '' });
      }
    }
    out.push({ line: rb?.line ?? ra!.line, cells, expected: ra ? ra.cells.join(',') : null, found: rb ? rb.cells.join(',') : null });
  }
  return out;
}

export function diffLines(expected: string, found: string, limit = 20): RowDiff[] {
  const a = expected.split(/\r?\n/);
  const b = found.split(/\r?\n/);
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  const out: RowDiff[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < limit; i++) {
    if (a[i] !== b[i]) out.push({ line: i + 1, cells: [], expected: a[i] ?? null, found: b[i] ?? null });
  }
  return out;
}

/** Manifest fields no re-run can derive: only the ledger entry, which holds the manifest's hash, vouches for them. */
const LEDGER_ONLY_FIELDS = ['tool_version', 'ledger_seq', 'prev_ledger_hash', 'redraw', 'reason', 'allow_empty', 'created_at'];

async function verifyDir(ctx: Ctx, target: string, opts: VerifyOptions, ledgerGiven: Ledger | null, report: Record<string, unknown>): Promise<number> {
  // the archived inputs extracted for the re-run stay until verify is done: the outputs, --explain and
  // the workbooks read the winners' rows again from that copy, so none of them is held whole before
  const temps: string[] = [];
  try {
    return await verifyDirWith(ctx, target, opts, ledgerGiven, report, temps);
  } finally {
    // a temp copy that cannot be removed must not replace verify's own answer (or its error)
    for (const dir of temps) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function verifyDirWith(ctx: Ctx, target: string, opts: VerifyOptions, ledgerGiven: Ledger | null, report: Record<string, unknown>, temps: string[]): Promise<number> {
  const t = m().drawCli.verify;
  const tt = m().txn;
  const ui = ctx.ui;
  const resolved = path.resolve(ctx.cwd, target);
  let manifestFile = resolved;
  try {
    if ((await fs.stat(resolved)).isDirectory()) manifestFile = path.join(resolved, MANIFEST);
  } catch {
    // readManifest reports the missing path
  }
  const dir = path.dirname(manifestFile);
  if (path.basename(dir).startsWith(STAGING_PREFIX)) throw new InputError(tt.stagingIsNotOutput(dir));
  // a folder whose commit was interrupted is completed (or discarded) first, and that is said
  await recoverFolder(dir, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
  // a results publication folder has its own manifest: verify rebuilds it from the archived register
  if (path.basename(manifestFile) === RESULTS_MANIFEST || (manifestFile !== resolved && !(await exists(manifestFile)) && (await exists(path.join(resolved, RESULTS_MANIFEST))))) {
    return verifyResultsDir(ctx, manifestFile === resolved ? dir : resolved, opts.ledger, opts.json === true, report);
  }
  const { manifest, bytes: manifestBytes, data } = await readManifest(manifestFile);
  if (!ALGORITHMS.includes(manifest.algorithm)) throw new InputError(t.otherAlgorithm(manifest.algorithm, ALGORITHM_VERSION));
  const findings: VerifyFinding[] = [];
  for (const key of unknownManifestKeys(data)) findings.push({ code: 'verify.manifest.key.unknown', file: manifestFile, message: tt.unknownKey(key) });

  // Inputs first. The folder's own archive is the default: it is what the draw read, byte for byte.
  const hasArchive = INPUT_KEYS.every((k) => manifest.inputs[k].archive !== undefined);
  if (opts.inputs === 'archived' && !hasArchive) throw new UsageError(tt.noArchive);
  const useArchive = hasArchive && opts.inputs !== 'current';
  if (!opts.json) ui.out(useArchive ? tt.usingArchive(path.join(dir, 'inputs')) : hasArchive ? tt.usingCurrent : tt.referencedNotArchived);
  const override: Record<string, string | undefined> = { employers: opts.employers, inspectors: opts.inspectors, plan: opts.plan };
  const paths = { employers: '', inspectors: '', plan: '' };
  const problems: Problem[] = [];
  const changed: string[] = [];
  let archiveBroken = false;
  // archived copies are extracted, as streams, into a temp folder of verify's own (removed by verifyDir)
  let extractTo: string | null = null;
  for (const key of INPUT_KEYS) {
    const rec = manifest.inputs[key];
    if (useArchive && !override[key]) {
      if (extractTo === null) {
        // no temp folder (a read-only or full TMPDIR) is the machine's to fix: exit 2, naming it
        extractTo = await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-verify-')).catch((e: unknown) => {
          throw environmentError(e) ?? e;
        });
        temps.push(extractTo);
      }
      const extracted = await extractArchived(dir, rec.archive!, rec.sha256, extractTo);
      // the public path never needs the internal archive: without it, the inputs come from where the manifest says
      if (extracted === 'missing' && opts.public) {
        // fall through to the recorded path
      } else if (extracted === 'missing' || extracted === 'bad') {
        archiveBroken = true;
        findings.push({ code: 'verify.archive.bad', file: path.join(dir, ...rec.archive!.split('/')), message: tt.archiveBad(key, rec.archive!) });
        continue;
      } else {
        paths[key] = extracted;
        continue;
      }
    }
    const file = override[key] ? path.resolve(ctx.cwd, override[key]!) : resolveInputPath(dir, rec.path);
    paths[key] = file;
    let got: string;
    try {
      got = await sha256OfInputFile(file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (opts.inputs === 'current' && !override[key]) changed.push(tt.currentMissing(key, file));
      else problems.push({ file, key: `inputs.${key}`, message: t.inputMissing(key) });
      continue;
    }
    if (got === rec.sha256) continue;
    if (opts.inputs === 'current' && !override[key]) changed.push(tt.currentChangedOne(key, file, rec.sha256, got));
    else problems.push({ file, key: `inputs.${key}`, message: t.inputChanged(key, rec.sha256, got) });
  }
  if (problems.length) throw new InputError(t.inputsDiffer(problems.length), problems);
  if (changed.length || archiveBroken) {
    // the inputs asked for are not the draw's: a re-run would only restate that
    return reportEarly(ctx, opts, report, manifestFile, changed, findings);
  }

  const outEncoding = parseOutputEncoding(manifest.read_options.out_encoding);
  const inputs = await loadDrawInputs(paths, manifest.period, {
    encoding: parseInputEncoding(manifest.read_options.encoding),
    lenient: manifest.read_options.lenient,
    sheet: typeof manifest.read_options.sheet === 'string' ? manifest.read_options.sheet : undefined,
    scope: async () => ({ seed: manifest.seed, asOf: manifest.as_of, algorithm: manifest.algorithm as AlgorithmVersion, alreadyDrawn: new Set(manifest.already_drawn.uscc), explain: opts.explain }),
  }).catch((e: unknown) => {
    // here the period comes from the manifest, not from an argument: the manifest is what is wrong
    if (e instanceof UsageError) throw new InputError(t.badManifest(manifestFile, e.message), [{ file: manifestFile, key: 'period', value: manifest.period, message: e.message }]);
    throw e;
  });
  const drawInput: DrawInput = {
    plan: inputs.plan,
    period: inputs.period,
    seed: manifest.seed,
    asOf: manifest.as_of,
    employers: inputs.employers.candidates,
    inspectors: inputs.inspectors.records,
    alreadyDrawn: new Set(manifest.already_drawn.uscc),
    algorithm: manifest.algorithm as AlgorithmVersion,
    priorDrawn: manifest.prior_drawn ?? [],
  };
  const result = drawFromDirectory(drawInput, inputs, paths.employers);

  // An outsider holds only what was published: the internal list (with directory columns) stays in the office.
  const names = new Set([...Object.keys(manifest.outputs), ...CSV_OUTPUTS].filter((n) => !opts.public || n === PUBLICATION));
  // each output is made again piece by piece and compared with its file as it is made; only one that
  // differs is made whole, to say how (a 10^7-row directory's lists are hundreds of MB)
  const pieces = (name: CsvOutputName) => csvOutputPieces(inputs.plan, inputs.period, result, outEncoding, [name]);
  for (const name of [...names].sort()) {
    const file = path.join(dir, name);
    if (!isCsvOutput(name)) {
      findings.push({ code: 'verify.output.unknown', file, message: t.unknownOutput(name) });
      continue;
    }
    const recorded = manifest.outputs[name];
    if (recorded === undefined) findings.push({ code: 'verify.output.unrecorded', file: path.join(dir, MANIFEST), message: t.outputNotRecorded(name) });
    const compared = compareFileWithPieces(file, pieces(name));
    if (compared.state === 'missing') {
      findings.push({ code: 'verify.output.missing', file, message: t.outputMissing });
      continue;
    }
    if (compared.state === 'same') {
      if (recorded !== undefined && recorded !== compared.sha256) findings.push({ code: 'verify.manifest.hash.wrong', file: path.join(dir, MANIFEST), message: t.manifestHashWrong(name) });
      continue;
    }
    const expected = { data: Buffer.concat(Array.from(pieces(name), (p) => p.data)) };
    let found: Buffer;
    try {
      found = await fs.readFile(file);
    } catch {
      findings.push({ code: 'verify.output.missing', file, message: t.outputMissing });
      continue;
    }
    const resaved = found.equals(expected.data) ? null : onlyResaved(expected.data, found);
    if (resaved) {
      findings.push({ code: 'verify.output.resaved', file, message: m().input.resaved(resaved.changes.map((c) => m().input.resaveChanges[c] ?? c)) });
    } else if (!found.equals(expected.data)) {
      // a damaged output is a finding to show, not an input error: undecodable bytes are shown as they are
      const dec = (b: Buffer) => {
        try {
          return decodeText(b, outEncoding === 'utf8' ? 'auto' : outEncoding, file).text;
        } catch {
          return b.toString('latin1');
        }
      };
      const rows = diffRows(dec(expected.data), dec(found));
      // bytes differ but no row does (e.g. bytes the decoder cannot read): never an empty list of differences
      findings.push({ code: 'verify.output.differs', file, message: rows.length ? t.outputDiffers : `${t.outputDiffers} ${m().input.bytesOnly}`, rows });
    } else if (recorded !== undefined && recorded !== sha256Hex(expected.data)) {
      findings.push({ code: 'verify.manifest.hash.wrong', file: path.join(dir, MANIFEST), message: t.manifestHashWrong(name) });
    }
  }
  if (manifest.plan_id !== inputs.plan.id || manifest.plan_year !== inputs.plan.year) {
    findings.push({ code: 'verify.plan.differs', file: path.join(dir, MANIFEST), message: t.planDiffers(manifest.plan_id, inputs.plan.id) });
  }
  const counts = countsForRecord(result.counts);
  if (JSON.stringify(counts) !== JSON.stringify(manifest.counts)) findings.push({ code: 'verify.counts.differ', file: path.join(dir, MANIFEST), message: t.countsDiffer });
  // what --allow-unmatched let through is re-derived from the inputs, like the counts
  const unmatched = inputs.unmatched.map((u) => ({ path: unmatchedPathText(u.path), value: u.value }));
  const listText = (l: readonly { path: string; value: string }[]) => l.map((u) => `${u.path}=“${u.value}”`).join('、');
  if (manifest.read_options.allow_unmatched === true) {
    if (JSON.stringify(unmatched) !== JSON.stringify(manifest.unmatched)) findings.push({ code: 'verify.unmatched.differs', file: manifestFile, message: t.unmatchedDiffers(listText(unmatched), listText(manifest.unmatched ?? [])) });
  } else {
    if (unmatched.length) findings.push({ code: 'verify.unmatched.not_allowed', file: manifestFile, message: t.unmatchedNotAllowed(listText(unmatched)) });
    // without the flag draw never writes the list, not even an empty one
    if (manifest.unmatched !== undefined) findings.push({ code: 'verify.unmatched.differs', file: manifestFile, message: t.unmatchedDiffers('', listText(manifest.unmatched)) });
  }
  if (manifest.allow_empty === false && drawnCount(result) === 0) findings.push({ code: 'verify.manifest.allow_empty', file: manifestFile, message: tt.fieldInvalid('allow_empty', 'false') });

  // The fields no re-run derives are vouched for by the ledger entry that holds this manifest's hash:
  // the ledger given with --ledger, else the one the manifest names, when it can be reached.
  let ledger = ledgerGiven;
  let unchecked: string | null = null;
  if (!ledger) {
    if (manifest.ledger === undefined) unchecked = tt.noLedgerNamed;
    else {
      // only read: a manifest may come from anywhere, and the ledger it names is not ours to repair
      const file = resolveInputPath(dir, manifest.ledger);
      const read = await readLedger(file).catch(() => null);
      if (read?.exists) ledger = read;
      else unchecked = tt.ledgerUnreachable(file);
    }
  }
  // a torn last line (an append cut short, set aside by the next draw) leaves every line before it vouched for
  const usable = ledger !== null && (!ledger.fault || (!ledgerGiven && ledger.fault.kind === 'unterminated'));
  if (ledger?.fault && !usable) {
    unchecked = tt.ledgerBrokenHere(ledger.file);
    if (!ledgerGiven) findings.push({ code: 'verify.ledger.broken', file: ledger.file, line: ledger.fault.line, message: `${tt.ledgerBrokenHere(ledger.file)}：${describeFault(ledger.fault)}` });
  }
  let inLedger: number | null = null;
  if (ledger && usable) {
    const sha = sha256Hex(manifestBytes);
    // the entry that records this manifest; failing that, the one the manifest says it went to,
    // so that an entry whose hash was edited too is named field by field rather than just missed
    const hit: LedgerLine | undefined =
      ledger.lines.find((l) => l.entry.manifest_sha256 === sha) ??
      ledger.lines.find((l) => l.entry.seq === manifest.ledger_seq && l.entry.plan_id === manifest.plan_id && l.entry.period === manifest.period);
    if (!hit) findings.push({ code: 'verify.ledger.entry.missing', file: ledger.file, message: t.notInLedger(sha) });
    else {
      const disagreements = compareEntry(hit.entry, {
        seq: manifest.ledger_seq,
        prev: manifest.prev_ledger_hash,
        plan_id: manifest.plan_id,
        plan_year: manifest.plan_year,
        period: manifest.period,
        seed: manifest.seed,
        algorithm: manifest.algorithm,
        manifest_sha256: sha,
        created_at: manifest.created_at,
        redraw: manifest.redraw,
        reason: manifest.reason,
        // the re-run's counts: the manifest's own were checked against them above
        counts,
        drawn: employersBy(result, 'random'),
        full_coverage: employersBy(result, 'full_coverage'),
      });
      for (const d of disagreements) {
        const message = d.list ? t.entryListDiffers(hit.entry.seq, d.field, d.expected, d.found) : t.entryDiffers(hit.entry.seq, d.field, d.expected, d.found);
        findings.push({ code: 'verify.ledger.entry.differs', file: ledger.file, line: hit.line, params: { field: d.field }, message });
      }
      if (!disagreements.length) inLedger = hit.entry.seq;
    }
  }

  // workbooks (draw --format xlsx) are checked by content against the same rows, never by bytes
  const workbooks = await verifyDrawWorkbooks(dir, inputs.plan, inputs.period, result, { seed: manifest.seed, manifestSha256: sha256Hex(manifestBytes) }, opts.public === true);
  for (const w of workbooks) if (w.diffs.length) findings.push({ code: 'verify.workbook.differs', file: w.file, message: [m().xlsx.contentDiffers(w.csv), ...w.diffs.map((d) => m().xlsx.cellDiffers(d.cell, d.expected, d.found))].join('\n') });

  const explanation = opts.explain ? renderExplanation(explain(drawInput, result, opts.explain)) : null;
  report.dir = {
    manifest: manifestFile,
    plan_id: manifest.plan_id,
    period: manifest.period,
    seed: manifest.seed,
    inputs: useArchive ? 'archived' : hasArchive ? 'current' : 'referenced',
    outputs_match: findings.length === 0,
    findings,
    ledger_seq: inLedger,
    workbooks: workbooks.map((w) => ({ file: w.file, canonical: w.csv, checked_by: 'content', match: w.diffs.length === 0, diffs: w.diffs })),
    unchecked_fields: unchecked === null ? [] : LEDGER_ONLY_FIELDS.filter((f) => f === 'allow_empty' ? manifest.allow_empty !== undefined : true),
    explain: explanation,
  };
  if (!opts.json) {
    ui.out(t.rerun(manifest.plan_id, manifest.period, manifest.seed, manifest.as_of));
    // same algorithm version means same bytes; a different tool version is worth saying, not failing
    if (manifest.tool_version !== TOOL_VERSION) ui.out(t.otherToolVersion(manifest.tool_version, TOOL_VERSION));
    for (const f of findings) {
      ui.out(ui.color.red(`${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.message}`));
      for (const r of f.rows ?? []) {
        if (r.cells.length) for (const c of r.cells) ui.out(t.cellDiff(r.line, c.column, c.expected, c.found));
        else ui.out(t.rowDiff(r.line, r.expected ?? t.noLine, r.found ?? t.noLine));
      }
    }
    if (!findings.length) {
      ui.out(ui.color.green(t.allMatch(names.size, dir)));
      for (const w of workbooks) for (const line of describeWorkbookCheck(w)) ui.out(ui.color.green(line));
      if (opts.public) ui.out(t.publicOnly);
      if (inLedger !== null) ui.out(t.foundInLedger(inLedger));
    }
    if (unchecked !== null) ui.out(ui.color.yellow(tt.fieldsUnchecked((report.dir as { unchecked_fields: string[] }).unchecked_fields, unchecked)));
    if (explanation) {
      ui.out('');
      for (const line of explanation) ui.out(`  ${line}`);
    }
  }
  return findings.length ? 1 : 0;
}

/** Inputs that are not the draw's (changed current files, a damaged archive): said, exit 1, no re-run. */
function reportEarly(
  ctx: Ctx,
  opts: VerifyOptions,
  report: Record<string, unknown>,
  manifestFile: string,
  changed: string[],
  findings: VerifyFinding[],
): number {
  const tt = m().txn;
  report.dir = { manifest: manifestFile, outputs_match: false, inputs_changed: changed, findings };
  if (!opts.json) {
    if (changed.length) {
      ctx.ui.out(ctx.ui.color.red(tt.currentChanged(changed.length)));
      for (const c of changed) ctx.ui.out(`  ${c}`);
    }
    for (const f of findings) ctx.ui.out(ctx.ui.color.red(`${f.file}: ${f.message}`));
  }
  return 1;
}
