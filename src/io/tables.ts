import { formatLocation, InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import {
  DECISION_SPEC,
  EMPLOYER_SPEC,
  INSPECTOR_SPEC,
  toDecision,
  toEmployer,
  toInspector,
  type Decision,
  type Employer,
  type Inspector,
} from '../core/records.js';
import { validateRows, type TableSpec, type TypedRow, type ValidatedTable } from '../core/table-schema.js';
import { isWorkbook, locateInSheet, readSheet, sheetOptionsFor } from './xlsx.js';
import { parseCsvFast } from './fast-csv.js';
import { decodeText, type DetectedEncoding, type InputEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';

export interface ReadOptions {
  encoding?: InputEncoding;
  /** --sheet for an .xlsx input: a name or a 1-based tab position */
  sheet?: string;
  /** skip bad rows with a warning instead of refusing the file */
  lenient?: boolean;
  /** where --lenient warnings go */
  warn?: (text: string) => void;
}

export interface LoadedTable<T> {
  file: string;
  records: T[];
  /** the file's header as written, for passing unknown columns through */
  header: string[];
  /** 'xlsx' for a workbook: the encoding options do not apply to it */
  encoding: DetectedEncoding | 'xlsx';
  /** SHA-256 of the file's bytes: what a manifest records and verify compares */
  sha256: string;
  skipped: number;
}

/** Text to validated rows; throws one InputError carrying every problem unless lenient. */
export function parseTable(text: string, spec: TableSpec, file: string, opts: ReadOptions = {}): { rows: TypedRow[]; header: string[]; skipped: number } {
  const { header, rows } = parseCsvFast(text, file);
  return settle(validateRows(spec, header, rows, file), file, opts);
}

/** Refuses the file with every problem, or (--lenient) drops the bad rows with a warning. */
function settle(v: ValidatedTable, file: string, opts: ReadOptions, headerLine = 1): { rows: TypedRow[]; header: string[]; skipped: number } {
  const headerBroken = v.problems.some((p) => p.line === headerLine);
  if (v.problems.length && (!opts.lenient || headerBroken)) {
    throw new InputError(m().errors.problemCount(v.problems.length, file), v.problems);
  }
  if (v.badLines.size && opts.warn) {
    opts.warn(m().io.skippedRows(v.badLines.size, file));
    for (const p of v.problems) opts.warn(`  ${formatLocation(p)} ${p.column ?? ''} ${p.value ?? ''}: ${p.message}`);
  }
  return { rows: v.rows, header: v.header, skipped: v.badLines.size };
}

/**
 * A workbook's sheet through the same validation as a CSV: the reader's own cell faults (damaged
 * numbers, formulas without a value) join the validation's problems, all located as Excel shows them.
 */
export async function parseWorkbook(bytes: Buffer, spec: TableSpec, file: string, opts: ReadOptions = {}): Promise<{ rows: TypedRow[]; header: string[]; skipped: number }> {
  const sheet = await readSheet(bytes, file, sheetOptionsFor(spec, file, opts.sheet, opts.warn));
  const v = validateRows(spec, sheet.header, sheet.rows, file);
  const problems = locateInSheet(v.problems, sheet);
  const badLines = new Set([...v.badLines, ...sheet.faultRows]);
  const rows = v.rows.filter((r) => !sheet.faultRows.has(r.line));
  return settle({ ...v, rows, problems, badLines }, file, opts, sheet.headerRow);
}

/** Parses a table file by what it holds: a workbook by the ZIP magic, otherwise text in any office encoding. */
export async function parseTableFile(bytes: Buffer, spec: TableSpec, file: string, opts: ReadOptions = {}): Promise<{ rows: TypedRow[]; header: string[]; skipped: number; encoding: DetectedEncoding | 'xlsx' }> {
  if (isWorkbook(bytes, file)) return { ...(await parseWorkbook(bytes, spec, file, opts)), encoding: 'xlsx' };
  const { text, encoding } = decodeText(bytes, opts.encoding ?? 'auto', file);
  return { ...parseTable(text, spec, file, opts), encoding };
}

async function loadTable<T>(file: string, spec: TableSpec, convert: (r: TypedRow) => T, opts: ReadOptions): Promise<LoadedTable<T>> {
  const bytes = await readInputFile(file);
  const { rows, header, skipped, encoding } = await parseTableFile(bytes, spec, file, opts);
  return { file, records: rows.map(convert), header, encoding, sha256: sha256Hex(bytes), skipped };
}

export const loadEmployers = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Employer>> =>
  loadTable(file, EMPLOYER_SPEC, toEmployer, opts);

export const loadInspectors = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Inspector>> =>
  loadTable(file, INSPECTOR_SPEC, toInspector, opts);

export const loadDecisions = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Decision>> =>
  loadTable(file, DECISION_SPEC, toDecision, opts);
