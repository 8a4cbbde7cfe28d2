import { formatLocation, InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { problemText } from '../ui/problem-text.js';
import type { DetectedEncoding, InputEncoding } from './encoding.js';

/**
 * What every table reader ends with, whatever read the rows (the whole-file tables, the streamed
 * CSV directory, the streamed workbook directory): the options a read takes, the table it gives,
 * and the verdict on its problems. Its own module so that those readers need not import each other.
 */

/** Problems a streamed read keeps in memory (the count goes on past it): a file that is wrong on every one of 10^7 rows must not exhaust it. */
export const PROBLEM_CAP = 1_000_000;

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
export function headerProblems(problems: Problem[], header: string[], encoding: DetectedEncoding | undefined, delimiter: string): Problem[] {
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

/**
 * The verdict on a validated table: throws every problem at once unless --lenient (and the header
 * is sound), else passes the warnings and the skipped rows to warn. problemCount may exceed
 * problems.length when a streamed file kept only the first problems in memory.
 */
export function settleProblems(
  v: { problems: Problem[]; warnings: Problem[]; badCount: number; problemCount: number },
  file: string,
  opts: ReadOptions,
  headerLine = 1,
): void {
  const problems = v.problems;
  const headerBroken = problems.some((p) => p.line === headerLine);
  if (problems.length && (!opts.lenient || headerBroken)) {
    throw new InputError(m().errors.problemCount(v.problemCount, file), problems);
  }
  if (opts.warn) for (const w of v.warnings) opts.warn(problemText(w));
  if (v.badCount && opts.warn) {
    opts.warn(m().io.skippedRows(v.badCount, file));
    let shown = 0;
    for (const p of problems) {
      if (shown++ === 200) {
        opts.warn(m().errors.moreProblems(v.problemCount - 200));
        break;
      }
      opts.warn(`  ${formatLocation(p)} ${p.column ?? ''} ${p.value ?? ''}: ${problemText(p)}`);
    }
  }
}
