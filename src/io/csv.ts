import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { encodable, encodeText, type OutputEncoding } from './encoding.js';

export interface CsvRow {
  /** 1-based line number in the file where the record starts (the header is line 1) */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/**
 * CSV text to cells. Rows of only empty cells (Excel leaves them after deleted rows) are dropped.
 * Syntax errors are input errors located by line.
 */
export function parseCsvText(text: string, file: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    // csv-parse speaks English; the office is told in its own language what to fix in the cell
    const known = err.code ? m().io.csvSyntaxCodes[err.code] : undefined;
    const message = m().io.csvSyntax(known ?? err.message);
    throw new InputError(message, [{ file, line: err.lines, message }]);
  }
  if (records.length === 0) throw new InputError(m().io.emptyFile(file), [{ file, message: m().io.emptyFile(file) }]);
  const rows: CsvRow[] = [];
  // csv-parse reports the line a record ends on; count the record's own newlines back to its start
  for (const { record, info } of records.slice(1)) {
    if (record.every((c) => c.trim() === '')) continue;
    const innerNewlines = record.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    rows.push({ line: info.lines - innerNewlines, cells: record });
  }
  return { header: records[0]!.record, rows };
}

/** Characters that make Excel/WPS treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * Rows to CSV bytes. Every cell is neutralised: directory and roster contents come from
 * outside the office and may be hostile. GBK output refuses cells it cannot represent.
 */
export function formatCsv(header: string[], rows: string[][], enc: OutputEncoding = 'utf8', file = ''): Buffer {
  const all = [header, ...rows].map((r) => r.map(neutraliseCell));
  if (enc === 'gbk') {
    const problems: Problem[] = [];
    all.forEach((r, i) =>
      r.forEach((cell, j) => {
        if (!encodable(cell, 'gbk')) {
          problems.push({ file, line: i + 1, column: header[j], value: cell, message: m().io.unencodable(cell, 'GBK') });
        }
      }),
    );
    if (problems.length) throw new InputError(problems[0]!.message, problems);
  }
  return encodeText(stringifyRows(all), enc);
}

const STRINGIFY_OPTIONS = { record_delimiter: '\r\n', quoted_match: /^\s|\s$/ };
/**
 * What makes csv-stringify quote a cell with STRINGIFY_OPTIONS: a quote, a comma, CRLF, or white
 * space at either end. A lone LF or CR inside a cell is not quoted: given a record_delimiter,
 * csv-stringify stops treating them as separators (its quote_record_delimiter default).
 */
const NEEDS_QUOTES = /[",]|\r\n|^\s|\s$/;

/**
 * The bytes csv-stringify writes with STRINGIFY_OPTIONS, without its per-cell machinery (a
 * province's 10^5-10^6 output rows spent seconds there): a cell is quoted when NEEDS_QUOTES
 * matches, quotes inside are doubled, every record ends with CRLF. Anything but string cells
 * goes through csv-stringify itself. test/unit/csv-format.test.ts compares the two.
 */
export function stringifyRows(rows: readonly (readonly string[])[]): string {
  const parts: string[] = [];
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) {
      const v = r[i];
      if (typeof v !== 'string') return stringify(rows as string[][], STRINGIFY_OPTIONS);
      if (i > 0) line += ',';
      line += v === '' || !NEEDS_QUOTES.test(v) ? v : `"${v.replaceAll('"', '""')}"`;
    }
    if (r.length === 0) return stringify(rows as string[][], STRINGIFY_OPTIONS);
    parts.push(line);
  }
  return parts.length ? `${parts.join('\r\n')}\r\n` : '';
}
