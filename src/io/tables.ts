import { InputError } from '../errors.js';
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
import { validateRows, type TableSpec, type TypedRow } from '../core/table-schema.js';
import { parseCsvFast } from './fast-csv.js';
import { decodeText, type DetectedEncoding, type InputEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';

export interface ReadOptions {
  encoding?: InputEncoding;
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
  encoding: DetectedEncoding;
  /** SHA-256 of the file's bytes: what a manifest records and verify compares */
  sha256: string;
  skipped: number;
}

/** Text to validated rows; throws one InputError carrying every problem unless lenient. */
export function parseTable(text: string, spec: TableSpec, file: string, opts: ReadOptions = {}): { rows: TypedRow[]; header: string[]; skipped: number } {
  const { header, rows } = parseCsvFast(text, file);
  const v = validateRows(spec, header, rows, file);
  const headerBroken = v.problems.some((p) => p.line === 1);
  if (v.problems.length && (!opts.lenient || headerBroken)) {
    throw new InputError(m().errors.problemCount(v.problems.length, file), v.problems);
  }
  if (v.badLines.size && opts.warn) {
    opts.warn(m().io.skippedRows(v.badLines.size, file));
    for (const p of v.problems) opts.warn(`  ${file}:${p.line} ${p.column ?? ''} ${p.value ?? ''}: ${p.message}`);
  }
  return { rows: v.rows, header, skipped: v.badLines.size };
}

async function loadTable<T>(file: string, spec: TableSpec, convert: (r: TypedRow) => T, opts: ReadOptions): Promise<LoadedTable<T>> {
  const bytes = await readInputFile(file);
  const { text, encoding } = decodeText(bytes, opts.encoding ?? 'auto', file);
  const { rows, header, skipped } = parseTable(text, spec, file, opts);
  return { file, records: rows.map(convert), header, encoding, sha256: sha256Hex(bytes), skipped };
}

export const loadEmployers = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Employer>> =>
  loadTable(file, EMPLOYER_SPEC, toEmployer, opts);

export const loadInspectors = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Inspector>> =>
  loadTable(file, INSPECTOR_SPEC, toInspector, opts);

export const loadDecisions = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Decision>> =>
  loadTable(file, DECISION_SPEC, toDecision, opts);
