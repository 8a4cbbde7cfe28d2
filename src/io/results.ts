import { planWords } from '../i18n/draw-faults.js';
import path from 'node:path';
import { parsePeriod, parsePlan, PeriodError, type Period, type Plan } from '../core/draw/index.js';
import { lineHash, type LedgerChain, type LedgerLine } from '../core/ledger.js';
import { parseResultsRules, type ResultsRules } from '../core/results/categories.js';
import { REGISTER_SPEC, toRegisterRow, type DrawnRow, type RegisterRow } from '../core/results/register.js';
import { mapHeader, normaliseHeader } from '../core/table-schema.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { parseCsvText, type CsvTable } from './csv.js';
import { INSPECTION_LIST, MANIFEST } from './draw-outputs.js';
import { decodeText, type InputEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';
import type { Ledger } from './ledger.js';
import { readManifest, resolveInputPath, type Manifest } from './manifest.js';
import { RULES_DIR } from './paths.js';
import { parseTableFile } from './tables.js';
import { loadYamlFile } from './yaml.js';

/**
 * Reading what the results commands stand on: the draw's folder (manifest, inspection list, plan),
 * the draw's ledger entry, the results register and rules/results.yaml. Every inconsistency that
 * means "this is not the draw on record" is an input error (exit 2), located.
 */

export const DEFAULT_RESULTS_RULES = path.join(RULES_DIR, 'results.yaml');

export async function loadResultsRules(file: string = DEFAULT_RESULTS_RULES): Promise<ResultsRules> {
  const src = await loadYamlFile(file);
  const { rules, problems } = parseResultsRules(src.data, src.problem);
  if (problems.length) throw new InputError(m().errors.problemCount(problems.length, file), problems);
  return rules;
}

export interface DrawFolder {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
  /** the inspection list as written by the draw (header and rows), for the template */
  list: CsvTable;
  listBytes: Buffer;
  drawn: DrawnRow[];
  plan: Plan;
  planFile: string;
  period: Period;
}

const cell = (t: CsvTable, row: string[], name: string) => {
  const i = t.header.findIndex((h) => normaliseHeader(h) === normaliseHeader(name));
  return i < 0 ? '' : (row[i] ?? '');
};

/** A draw folder whose files still hash as its manifest says, and whose plan is the plan it was drawn from. */
export async function loadDrawFolder(dir: string): Promise<DrawFolder> {
  const t = m().results;
  const manifestFile = path.join(dir, MANIFEST);
  const { manifest, bytes } = await readManifest(manifestFile);
  const listFile = path.join(dir, INSPECTION_LIST);
  const listBytes = await readInputFile(listFile);
  if (manifest.outputs[INSPECTION_LIST] !== sha256Hex(listBytes)) throw new InputError(t.drawAltered(listFile), [{ file: listFile, message: t.drawAltered(listFile) }]);
  const planFile = resolveInputPath(dir, manifest.inputs.plan.path);
  const planBytes = await readInputFile(planFile);
  if (sha256Hex(planBytes) !== manifest.inputs.plan.sha256) throw new InputError(t.planChanged(planFile), [{ file: planFile, message: t.planChanged(planFile) }]);
  const src = await loadYamlFile(planFile);
  const plan = parsePlan(src.data, src.problem, planWords);
  let period: Period;
  try {
    period = parsePeriod(manifest.period, plan);
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    // the period comes from the manifest, not from an argument: the manifest is what is wrong
    throw new InputError(m().drawCli.verify.badManifest(manifestFile, e.message), [{ file: manifestFile, key: 'period', value: manifest.period, message: e.message }]);
  }
  const { text } = decodeText(listBytes, 'auto', listFile);
  const list = parseCsvText(text, listFile);
  const drawn = list.rows.map((r) => ({
    task: cell(list, r.cells, '抽查任务'),
    items: cell(list, r.cells, '抽查事项'),
    uscc: cell(list, r.cells, '统一社会信用代码'),
    name: cell(list, r.cells, '单位名称'),
    team: cell(list, r.cells, '检查人员工号').split(';').filter(Boolean),
    line: r.line,
  }));
  return { dir, manifest, manifestSha256: sha256Hex(bytes), list, listBytes, drawn, plan, planFile, period };
}

/**
 * The ledger a draw folder was recorded in: the one its manifest names (a trial draw's --ledger, a
 * demo's temporary folder), else, for draws made before manifests named it, where draw puts it by
 * default (draws/ledger.jsonl beside the plan). --ledger overrides both at the call sites.
 */
export function defaultLedgerOf(folder: Pick<DrawFolder, 'planFile' | 'dir' | 'manifest'>): string {
  if (folder.manifest.ledger !== undefined) return resolveInputPath(folder.dir, folder.manifest.ledger);
  return path.join(path.dirname(folder.planFile), 'draws', 'ledger.jsonl');
}

/**
 * The draw's own entry, found by its manifest's hash, and still in force: results are published
 * for the draw on record, never for one a redraw replaced.
 */
export function drawEntryOf(ledger: Ledger & LedgerChain, folder: DrawFolder): { line: LedgerLine; lineSha256: string } {
  const t = m().results;
  if (!ledger.exists) throw new InputError(m().io.fileNotFound(ledger.file), [{ file: ledger.file, message: t.noLedger(ledger.file) }]);
  if (ledger.fault) throw new InputError(m().drawCli.ledger.broken(ledger.file), [{ file: ledger.file, line: ledger.fault.line, message: t.ledgerFault }]);
  const own = ledger.lines.find((l) => l.entry.kind === 'draw' && l.entry.manifest_sha256 === folder.manifestSha256);
  if (!own) throw new InputError(t.drawNotInLedger(folder.dir, ledger.file), [{ file: ledger.file, message: t.drawNotInLedger(folder.dir, ledger.file) }]);
  const e = own.entry;
  const later = ledger.lines.find((l) => l.entry.kind === 'draw' && l.line > own.line && l.entry.plan_id === e.plan_id && l.entry.plan_year === e.plan_year && l.entry.period === e.period);
  if (later) throw new InputError(t.drawReplaced(folder.dir, later.entry.seq), [{ file: ledger.file, line: later.line, message: t.drawReplaced(folder.dir, later.entry.seq) }]);
  return { line: own, lineSha256: lineHash(Buffer.from(own.raw, 'utf8')) };
}

export interface LoadedRegister {
  file: string;
  bytes: Buffer;
  sha256: string;
  rows: RegisterRow[];
  /** set when the register is a workbook: the sheet read (findings then name its cells) */
  sheet?: { name: string; position: number };
  /** the file's header as read: 0-based column of each register key, to name a finding's cell */
  columns: Map<string, number>;
}

export interface RegisterReadOptions {
  encoding?: InputEncoding;
  /** --sheet for a workbook register: a name or a 1-based tab position */
  sheet?: string;
  warn?: (text: string) => void;
}

/**
 * A register as CSV in any office encoding or as .xlsx (told apart by content, as every table):
 * cells that are not dates, codes that fail their check digit are exit 2, located by file:line or
 * by sheet and cell.
 */
export async function loadRegister(file: string, rules: ResultsRules, opts: RegisterReadOptions = {}): Promise<LoadedRegister> {
  const bytes = await readInputFile(file);
  const { rows, header, sheet } = await parseTableFile(bytes, REGISTER_SPEC, file, { encoding: opts.encoding ?? 'auto', sheet: opts.sheet, warn: opts.warn });
  const { map } = mapHeader(REGISTER_SPEC, header, file);
  return { file, bytes, sha256: sha256Hex(bytes), rows: rows.map((r) => toRegisterRow(r, rules)), columns: map.index, ...(sheet ? { sheet } : {}) };
}

