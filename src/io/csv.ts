import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { problemText } from '../ui/problem-text.js';
import { parseCsvFast } from './fast-csv.js';
import { encodable, encodeText, type OutputEncoding } from './encoding.js';

export interface CsvRow {
  /** 1-based line in the file where the record starts, as an editor counts lines (the header is line 1) */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  /** the field delimiter the file was read with (found from its header line) */
  delimiter?: string;
}

/**
 * CSV text to cells, through the one scanner every table is read with (src/io/fast-csv.ts).
 * Rows of only empty cells (Excel leaves them after deleted rows) are dropped. Syntax errors are
 * input errors located by line and cell.
 */
export function parseCsvText(text: string, file: string): CsvTable {
  return parseCsvFast(text, file);
}

/** Characters that make Excel/WPS treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

export function neutraliseCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * The one quoting rule every CSV this tool writes goes through. A cell is quoted when it holds a
 * delimiter, a quote, or any CR or LF on its own (csv-stringify quoted only the full "\r\n" record
 * delimiter, so a lone LF split the row and let "=1+1" start a new, live row), or leading or
 * trailing whitespace (which spreadsheets would otherwise trim).
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(raw: string): string {
  const cell = neutraliseCell(raw);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows to CSV text, CRLF between records, every cell through csvCell. */
export function csvText(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const r of rows) out += r.map(csvCell).join(',') + '\r\n';
  return out;
}

/**
 * Rows to CSV bytes. Every cell is neutralised and quoted by csvCell: directory and roster contents
 * come from outside the office and may be hostile. GBK output refuses cells it cannot represent,
 * naming --out-encoding (the flag that chose GBK), the row and the column.
 */
export function formatCsv(header: string[], rows: string[][], enc: OutputEncoding = 'utf8', file = ''): Buffer {
  const all = [header, ...rows];
  if (enc === 'gbk') {
    const problems: Problem[] = [];
    all.forEach((r, i) =>
      r.forEach((cell, j) => {
        if (!encodable(cell, 'gbk')) {
          problems.push({ file, line: i + 1, column: header[j], value: cell, message: m().input.unencodableOut(cell, 'GBK') });
        }
      }),
    );
    if (problems.length) throw new InputError(problemText(problems[0]!), problems);
  }
  return encodeText(csvText(all), enc);
}
