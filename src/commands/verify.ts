import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action, TOOL_VERSION } from '../cli.js';
import { commitDraw, employersBy, locateInDirectory, prepareDraw } from './draw.js';
import { ALGORITHM_VERSION, draw, explain, type DrawInput } from '../core/draw/index.js';
import { InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { buildCsvOutputs, MANIFEST, PUBLICATION } from '../io/draw-outputs.js';
import { loadDrawInputs } from '../io/draw-inputs.js';
import { parseCsvText, type CsvTable } from '../io/csv.js';
import { decodeText, parseInputEncoding, parseOutputEncoding } from '../io/encoding.js';
import { exists, readInputFile, sha256Hex } from '../io/files.js';
import { RESULTS_MANIFEST } from './results-publish.js';
import { verifyResultsDir } from './verify-results.js';
import { compareEntry, describeFault, type LedgerLine } from '../core/ledger.js';
import { readLedger, type Ledger } from '../io/ledger.js';
import { countsForRecord, readManifest, resolveInputPath } from '../io/manifest.js';

interface VerifyOptions {
  ledger?: string;
  employers?: string;
  inspectors?: string;
  plan?: string;
  explain?: string;
  json?: boolean;
  public?: boolean;
  demo?: boolean;
}

export function registerVerify(program: Command, ctx: Ctx): void {
  const t = m().drawCli.verify;
  program
    .command('verify')
    .description(t.description)
    .argument('[dir]', t.dirArg)
    .option('--ledger <file>', t.ledgerOpt)
    .option('--employers <file>', t.employersOpt)
    .option('--inspectors <file>', t.inspectorsOpt)
    .option('--plan <file>', t.planOpt)
    .option('--explain <id>', t.explainOpt)
    .option('--public', t.publicOpt)
    .option('--json', m().opt.json)
    .option('--demo', t.demoOpt)
    .action(
      action(ctx, async (dir: string | undefined, opts: VerifyOptions) => {
        if (opts.demo) return verifyDemo(ctx, dir, opts);
        if (!dir && !opts.ledger) throw new UsageError(t.nothingToVerify);
        if (!dir && (opts.employers || opts.inspectors || opts.plan || opts.explain || opts.public)) throw new UsageError(t.needsDir);
        const report: Record<string, unknown> = {};
        let code = 0;
        let ledger: Ledger | null = null;
        if (opts.ledger) {
          ledger = await readLedger(path.resolve(ctx.cwd, opts.ledger));
          code = Math.max(code, reportLedger(ctx, ledger, opts.json === true, report));
        }
        if (dir) code = Math.max(code, await verifyDir(ctx, dir, opts, ledger, report));
        if (opts.json) ctx.ui.out(JSON.stringify({ ok: code === 0, ...report }, null, 2));
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
    await commitDraw(p, false);
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
  if (opts.json) ctx.ui.out(JSON.stringify({ ok: code === 0, ...report }, null, 2));
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
    fault: ledger.fault ? { ...ledger.fault, message: describeFault(ledger.fault) } : null,
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

async function verifyDir(ctx: Ctx, target: string, opts: VerifyOptions, ledger: Ledger | null, report: Record<string, unknown>): Promise<number> {
  const t = m().drawCli.verify;
  const ui = ctx.ui;
  const resolved = path.resolve(ctx.cwd, target);
  let manifestFile = resolved;
  try {
    if ((await fs.stat(resolved)).isDirectory()) manifestFile = path.join(resolved, MANIFEST);
  } catch {
    // readManifest reports the missing path
  }
  const dir = path.dirname(manifestFile);
  // a results publication folder has its own manifest: verify rebuilds it from the archived register
  if (path.basename(manifestFile) === RESULTS_MANIFEST || (manifestFile !== resolved && !(await exists(manifestFile)) && (await exists(path.join(resolved, RESULTS_MANIFEST))))) {
    return verifyResultsDir(ctx, manifestFile === resolved ? dir : resolved, opts.ledger, opts.json === true, report);
  }
  const { manifest, bytes: manifestBytes } = await readManifest(manifestFile);
  if (manifest.algorithm !== ALGORITHM_VERSION) throw new InputError(t.otherAlgorithm(manifest.algorithm, ALGORITHM_VERSION));

  // Inputs first: a missing or changed input is exit 2, whatever the outputs say.
  const override: Record<string, string | undefined> = { employers: opts.employers, inspectors: opts.inspectors, plan: opts.plan };
  const paths = { employers: '', inspectors: '', plan: '' };
  const problems: Problem[] = [];
  for (const key of ['employers', 'inspectors', 'plan'] as const) {
    const rec = manifest.inputs[key];
    const file = override[key] ? path.resolve(ctx.cwd, override[key]!) : resolveInputPath(dir, rec.path);
    paths[key] = file;
    let data: Buffer;
    try {
      data = await readInputFile(file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push({ file, key: `inputs.${key}`, message: t.inputMissing(key) });
      continue;
    }
    const got = sha256Hex(data);
    if (got !== rec.sha256) problems.push({ file, key: `inputs.${key}`, message: t.inputChanged(key, rec.sha256, got) });
  }
  if (problems.length) throw new InputError(t.inputsDiffer(problems.length), problems);

  const inputs = await loadDrawInputs(paths, manifest.period, {
    encoding: parseInputEncoding(manifest.read_options.encoding),
    lenient: manifest.read_options.lenient,
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
    employers: inputs.employers.records,
    inspectors: inputs.inspectors.records,
    alreadyDrawn: new Set(manifest.already_drawn.uscc),
  };
  const result = locateInDirectory(() => draw(drawInput), paths.employers);
  const outEncoding = parseOutputEncoding(manifest.read_options.out_encoding);
  const rebuilt = buildCsvOutputs(inputs.plan, inputs.period, result, outEncoding);

  const findings: { file: string; line?: number; message: string; rows?: RowDiff[] }[] = [];
  // An outsider holds only what was published: the internal list (with directory columns) stays in the office.
  const names = new Set([...Object.keys(manifest.outputs), ...rebuilt.map((f) => f.name)].filter((n) => !opts.public || n === PUBLICATION));
  for (const name of [...names].sort()) {
    const expected = rebuilt.find((f) => f.name === name);
    const file = path.join(dir, name);
    if (!expected) {
      findings.push({ file, message: t.unknownOutput(name) });
      continue;
    }
    const recorded = manifest.outputs[name];
    if (recorded === undefined) findings.push({ file: path.join(dir, MANIFEST), message: t.outputNotRecorded(name) });
    let found: Buffer;
    try {
      found = await fs.readFile(file);
    } catch {
      findings.push({ file, message: t.outputMissing });
      continue;
    }
    if (!found.equals(expected.data)) {
      const dec = (b: Buffer) => decodeText(b, outEncoding === 'utf8' ? 'auto' : outEncoding, file).text;
      findings.push({ file, message: t.outputDiffers, rows: diffRows(dec(expected.data), dec(found)) });
    } else if (recorded !== undefined && recorded !== sha256Hex(expected.data)) {
      findings.push({ file: path.join(dir, MANIFEST), message: t.manifestHashWrong(name) });
    }
  }
  if (manifest.plan_id !== inputs.plan.id || manifest.plan_year !== inputs.plan.year) {
    findings.push({ file: path.join(dir, MANIFEST), message: t.planDiffers(manifest.plan_id, inputs.plan.id) });
  }
  const counts = countsForRecord(result.counts);
  if (JSON.stringify(counts) !== JSON.stringify(manifest.counts)) findings.push({ file: path.join(dir, MANIFEST), message: t.countsDiffer });

  let inLedger: number | null = null;
  if (ledger && !ledger.fault) {
    const sha = sha256Hex(manifestBytes);
    // the entry that records this manifest; failing that, the one the manifest says it went to,
    // so that an entry whose hash was edited too is named field by field rather than just missed
    const hit: LedgerLine | undefined =
      ledger.lines.find((l) => l.entry.manifest_sha256 === sha) ??
      ledger.lines.find((l) => l.entry.seq === manifest.ledger_seq && l.entry.plan_id === manifest.plan_id && l.entry.period === manifest.period);
    if (!hit) findings.push({ file: ledger.file, message: t.notInLedger(sha) });
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
        findings.push({ file: ledger.file, line: hit.line, message });
      }
      if (!disagreements.length) inLedger = hit.entry.seq;
    }
  }

  const explanation = opts.explain ? explain(drawInput, result, opts.explain) : null;
  report.dir = {
    manifest: manifestFile,
    plan_id: manifest.plan_id,
    period: manifest.period,
    seed: manifest.seed,
    outputs_match: findings.length === 0,
    findings,
    ledger_seq: inLedger,
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
      if (opts.public) ui.out(t.publicOnly);
      if (inLedger !== null) ui.out(t.foundInLedger(inLedger));
    }
    if (explanation) {
      ui.out('');
      for (const line of explanation) ui.out(`  ${line}`);
    }
  }
  return findings.length ? 1 : 0;
}

