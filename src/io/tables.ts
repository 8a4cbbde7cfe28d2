import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
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
import { validateRows, type TableSpec, type TypedRow } from '../core/table-schema.js';
import { CONTROL_CHARS } from '../core/values.js';
import { parseCsvFast } from './fast-csv.js';
import { decodeText, type DetectedEncoding, type InputEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';

export interface ReadOptions {
  encoding?: InputEncoding;
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
  encoding: DetectedEncoding;
  /** the field delimiter the file was read with */
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
  return problems.map((p) => (p.line === 1 ? { ...p, message: p.message + t.readAs(enc, delim) } : p));
}

/** Text to validated rows; throws one InputError carrying every problem unless lenient. */
export function parseTable(
  text: string,
  spec: TableSpec,
  file: string,
  opts: ReadOptions = {},
  encoding?: DetectedEncoding,
): { rows: TypedRow[]; header: string[]; skipped: number; delimiter: string; warnings: Problem[] } {
  const { header, rows, delimiter = ',' } = parseCsvFast(text, file);
  // one search over the whole text spares a million per-cell searches when there is nothing to find
  const v = validateRows(spec, header, rows, file, { controls: CONTROL_CHARS.test(text) });
  const problems = headerProblems(v.problems, header, encoding, delimiter);
  const headerBroken = problems.some((p) => p.line === 1);
  if (problems.length && (!opts.lenient || headerBroken)) {
    throw new InputError(m().errors.problemCount(problems.length, file), problems);
  }
  if (opts.warn) for (const w of v.warnings) opts.warn(w.message);
  if (v.badLines.size && opts.warn) {
    opts.warn(m().io.skippedRows(v.badLines.size, file));
    let shown = 0;
    for (const p of problems) {
      if (shown++ === 200) {
        opts.warn(m().errors.moreProblems(problems.length - 200));
        break;
      }
      opts.warn(`  ${file}:${p.line} ${p.column ?? ''} ${p.value ?? ''}: ${p.message}`);
    }
  }
  return { rows: v.rows, header, skipped: v.badLines.size, delimiter, warnings: v.warnings };
}

async function loadTable<T>(file: string, spec: TableSpec, convert: (r: TypedRow) => T, opts: ReadOptions): Promise<LoadedTable<T>> {
  const bytes = await readInputFile(file);
  const { text, encoding } = decodeText(bytes, opts.encoding ?? 'auto', file);
  const { rows, header, skipped, delimiter, warnings } = parseTable(text, spec, file, opts, encoding);
  return { file, records: rows.map(convert), header, encoding, delimiter, sha256: sha256Hex(bytes), skipped, warnings };
}

export const loadEmployers = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Employer>> =>
  loadTable(file, EMPLOYER_SPEC, toEmployer, opts);

/** certNoPattern: the plan's cert_no_pattern, when the office has one (see docs/input.md) */
export const loadInspectors = (file: string, opts: ReadOptions & { certNoPattern?: string | null } = {}): Promise<LoadedTable<Inspector>> =>
  loadTable(file, inspectorSpec(opts.certNoPattern), toInspector, opts);

export const loadDecisions = (file: string, opts: ReadOptions = {}): Promise<LoadedTable<Decision>> =>
  loadTable(file, DECISION_SPEC, toDecision, opts);
