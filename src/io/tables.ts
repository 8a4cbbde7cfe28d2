import { formatLocation, InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { problemText } from '../ui/problem-text.js';
import {
  DECISION_SPEC,
  EMPLOYER_SPEC,
  inspectorSpec,
  toDecision,
  toEmployer,
  toInspector,
  type Decision,
  type Employer,
  type Inspector,
} from '../core/records.js';
import { validateRows, type TableSpec, type TypedRow, type ValidatedTable } from '../core/table-schema.js';
import { CONTROL_CHARS } from '../core/values.js';
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
  /** where warnings go: --lenient's skipped rows, stripped apostrophes */
  warn?: (text: string) => void;
}

export interface LoadedTable<T> {
  file: string;
  records: T[];
  /** the file's header as written, for passing unknown columns through */
  header: string[];
  /** 'xlsx' for a workbook: the encoding options do not apply to it */
  encoding: DetectedEncoding | 'xlsx';
  /** the field delimiter the file was read with ('' for a workbook) */
  delimiter: string;
  /** SHA-256 of the file's bytes: what a manifest records and verify compares */
  sha256: string;
  skipped: number;
  /** what was fixed on the way in (a stripped apostrophe), already passed to warn */
  warnings: Problem[];
}

const ENCODING_NAMES: Record<DetectedEncoding, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8',
  utf16le: 'UTF-16LE',
  utf16be: 'UTF-16BE',
  gb18030: 'GBK/GB18030',
  gbk: 'GBK',
};

/**
 * A header that does not fit says how the file was read: a file read with the wrong delimiter or
 * encoding is not "missing columns", it is in another format.
 */
function headerProblems(problems: Problem[], header: string[], encoding: DetectedEncoding | undefined, delimiter: string): Problem[] {
  if (!problems.some((p) => p.line === 1)) return problems;
  const t = m().input;
  const enc = encoding ? ENCODING_NAMES[encoding] : 'UTF-8';
  const delim = t.delimiterName(delimiter);
  if (header.length <= 1) {
    const first = problems.find((p) => p.line === 1)!;
    return [{ file: first.file, line: 1, value: header[0], message: t.notATable(enc, delim, header.length) }];
  }
  return problems.map((p) => (p.line === 1 ? { ...p, message: problemText(p) + t.readAs(enc, delim) } : p));
}

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
  const problems = v.problems;
  const headerBroken = problems.some((p) => p.line === headerLine);
  if (problems.length && (!opts.lenient || headerBroken)) {
    throw new InputError(m().errors.problemCount(problems.length, file), problems);
  }
  if (opts.warn) for (const w of v.warnings) opts.warn(problemText(w));
  if (v.badLines.size && opts.warn) {
    opts.warn(m().io.skippedRows(v.badLines.size, file));
    let shown = 0;
    for (const p of problems) {
      if (shown++ === 200) {
        opts.warn(m().errors.moreProblems(problems.length - 200));
        break;
      }
      opts.warn(`  ${formatLocation(p)} ${p.column ?? ''} ${p.value ?? ''}: ${problemText(p)}`);
    }
  }
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

export const loadEmployers = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Employer>> =>
  loadTable(file, EMPLOYER_SPEC, toEmployer, opts);

/** certNoPattern: the plan's cert_no_pattern, when the office has one (see docs/input.md) */
export const loadInspectors = (file: string, opts: ReadOptions & { certNoPattern?: string | null } = {}): Promise<LoadedTable<Inspector>> =>
  loadTable(file, inspectorSpec(opts.certNoPattern), toInspector, opts);

export const loadDecisions = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Decision>> =>
  loadTable(file, DECISION_SPEC, toDecision, opts);
