import type { Problem } from '../errors.js';
import {
  DECISION_SPEC,
  inspectorSpec,
  toDecision,
  toInspector,
  type Decision,
  type Employer,
  type Inspector,
} from '../core/records.js';
import { validateRows, type TableSpec, type TypedRow, type ValidatedTable } from '../core/table-schema.js';
import { CONTROL_CHARS } from '../core/values.js';
import { isWorkbook, locateInSheet, readSheet, sheetOptionsFor } from './xlsx.js';
import { parseCsvFast } from './fast-csv.js';
import { decodeText, type DetectedEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';
import { readDirectory, type DirectoryOptions } from './directory.js';
import { headerProblems, settleProblems, type LoadedTable, type ReadOptions } from './table-verdict.js';

export { headerProblems, settleProblems, type LoadedTable, type ReadOptions } from './table-verdict.js';

interface Parsed {
  rows: TypedRow[];
  /** the sheet read, for a workbook: name and 1-based tab position (what --sheet N addresses) */
  sheet?: { name: string; position: number };
  header: string[];
  skipped: number;
  warnings: Problem[];
}

/** Text to validated rows; throws one InputError carrying every problem unless lenient. */
export function parseTable(
  text: string,
  spec: TableSpec,
  file: string,
  opts: ReadOptions = {},
  encoding?: DetectedEncoding,
): Parsed & { delimiter: string } {
  const { header, rows, delimiter = ',' } = parseCsvFast(text, file);
  // one search over the whole text spares a million per-cell searches when there is nothing to find
  const v = validateRows(spec, header, rows, file, { controls: CONTROL_CHARS.test(text) });
  const problems = headerProblems(v.problems, header, encoding, delimiter);
  return { ...settle({ ...v, problems }, file, opts), delimiter };
}

/** Refuses the file with every problem, or (--lenient) drops the bad rows with a warning. */
function settle(v: ValidatedTable, file: string, opts: ReadOptions, headerLine = 1): Parsed {
  settleProblems({ problems: v.problems, warnings: v.warnings, badCount: v.badLines.size, problemCount: v.problems.length }, file, opts, headerLine);
  return { rows: v.rows, header: v.header, skipped: v.badLines.size, warnings: v.warnings };
}

/**
 * A workbook's sheet through the same validation as a CSV: the reader's own cell faults (damaged
 * numbers, formulas without a value) join the validation's problems, all located as Excel shows them.
 */
export async function parseWorkbook(bytes: Buffer, spec: TableSpec, file: string, opts: ReadOptions = {}): Promise<Parsed> {
  const sheet = await readSheet(bytes, file, sheetOptionsFor(spec, file, opts.sheet, opts.warn));
  const v = validateRows(spec, sheet.header, sheet.rows, file);
  const problems = locateInSheet(v.problems, sheet);
  const badLines = new Set([...v.badLines, ...sheet.faultRows]);
  const rows = v.rows.filter((r) => !sheet.faultRows.has(r.line));
  return { ...settle({ ...v, rows, problems, badLines }, file, opts, sheet.headerRow), sheet: { name: sheet.sheet, position: sheet.tab + 1 } };
}

/** Parses a table file by what it holds: a workbook by the ZIP magic, otherwise text in any office encoding. */
export async function parseTableFile(
  bytes: Buffer,
  spec: TableSpec,
  file: string,
  opts: ReadOptions = {},
): Promise<Parsed & { delimiter: string; encoding: DetectedEncoding | 'xlsx' }> {
  if (isWorkbook(bytes, file)) return { ...(await parseWorkbook(bytes, spec, file, opts)), delimiter: '', encoding: 'xlsx' };
  const { text, encoding } = decodeText(bytes, opts.encoding ?? 'auto', file);
  return { ...parseTable(text, spec, file, opts, encoding), encoding };
}

async function loadTable<T>(file: string, spec: TableSpec, convert: (r: TypedRow) => T, opts: ReadOptions): Promise<LoadedTable<T>> {
  const bytes = await readInputFile(file);
  const { rows, header, skipped, delimiter, warnings, encoding } = await parseTableFile(bytes, spec, file, opts);
  return { file, records: rows.map(convert), header, encoding, delimiter, sha256: sha256Hex(bytes), skipped, warnings };
}

/** The whole directory as records, through the streaming reader (src/io/directory.ts): for small callers and tests. */
export async function loadEmployers(file: string, opts: DirectoryOptions = {}): Promise<LoadedTable<Employer>> {
  const records: Employer[] = [];
  const d = await readDirectory(file, (e) => records.push(e), opts);
  return { file, records, header: d.header, encoding: d.encoding, delimiter: d.delimiter, sha256: d.sha256, skipped: d.skipped, warnings: d.warnings };
}

/** certNoPattern: the plan's cert_no_pattern, when the office has one (see docs/input.md) */
export const loadInspectors = (file: string, opts: ReadOptions & { certNoPattern?: string | null } = {}): Promise<LoadedTable<Inspector>> =>
  loadTable(file, inspectorSpec(opts.certNoPattern), toInspector, opts);

export const loadDecisions = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Decision>> =>
  loadTable(file, DECISION_SPEC, toDecision, opts);
