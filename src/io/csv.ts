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
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Whether a UTF-16 code unit is whitespace as /\s/ has it (ECMAScript WhiteSpace and LineTerminator:
 * TAB, LF, VT, FF, CR, space, NBSP, the Zs spaces, LS, PS, BOM), without a regex and a one-character
 * string per cell end (test/unit/csv-cell.test.ts compares it with /\s/ on every code unit).
 */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** FORMULA_START by character code: = + - @ TAB CR LF. */
export function isFormulaStartCode(c: number): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 10;
}

/** Same rule as above, without a regex pass per cell for the cases that decide most cells (benchmark: 3 M cells per penalty --batch of 100,000 cases). */
export function csvCell(raw: string): string {
  if (raw.length === 0) return raw;
  const c = raw.charCodeAt(0);
  const formula = isFormulaStartCode(c);
  const cell = formula ? `'${raw}` : raw;
  // a neutralised cell starts with the apostrophe, never with whitespace
  const quote = (!formula && isSpaceCode(c)) || isSpaceCode(raw.charCodeAt(raw.length - 1)) || NEEDS_QUOTES.test(cell);
  return quote ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** How many characters of CSV text are gathered before they are encoded into bytes. */
const CHUNK = 1 << 20;
const UTF8_PART = 1 << 16;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * CSV bytes written record by record, so that a large output (penalty --batch: 100,000 cases, ~90 MB)
 * is never held as rows of cells and as one string at once: each record becomes text, the text
 * becomes bytes every CHUNK characters, and the rows can be dropped as they are written. Every cell
 * goes through csvCell. UTF-8 gets a BOM (Excel/WPS need it), GBK/GB18030 none. GBK output refuses
 * cells it cannot represent, naming the record (the header is 1) and the column; finish() throws
 * them all at once, before any byte is returned.
 */
export class CsvWriter {
  /** records gathered until UTF8_PART (UTF-8) or CHUNK (GBK/GB18030) characters, then encoded */
  private parts: string[] = [];
  private size = 0;
  private readonly chunks: Buffer[] = [];
  /** UTF-8: parts are encoded straight into this buffer from `used` on */
  private buf: Buffer = Buffer.alloc(0);
  private used = 0;
  private record = 0;
  private readonly problems: Problem[] = [];

  /**
   * `sink`: each piece of bytes goes there as soon as it is encoded, and finish() returns nothing
   * (a draw's 500,000-row list is hashed and written in pieces, never held whole).
   */
  constructor(
    private readonly header: readonly string[],
    private readonly enc: OutputEncoding = 'utf8',
    private readonly file = '',
    private readonly sink?: (bytes: Buffer) => void,
  ) {
    if (enc === 'utf8') this.emit(UTF8_BOM);
    this.row(header);
  }

  private emit(bytes: Buffer): void {
    if (this.sink) this.sink(bytes);
    else this.chunks.push(bytes);
  }

  row(cells: readonly string[]): void {
    this.record++;
    // the cells joined by an ASCII comma encode as they do one by one: look at each only when the row fails
    if (this.enc === 'gbk' && !encodable(cells.join(','), 'gbk')) {
      for (let j = 0; j < cells.length; j++) {
        const cell = cells[j]!;
        if (!encodable(cell, 'gbk')) this.problems.push({ file: this.file, line: this.record, column: this.header[j], value: cell, message: m().input.unencodableOut(cell, 'GBK') });
      }
    }
    let line = cells.length ? csvCell(cells[0]!) : '';
    for (let j = 1; j < cells.length; j++) line += ',' + csvCell(cells[j]!);
    line += '\r\n';
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= (this.enc === 'utf8' ? UTF8_PART : CHUNK)) this.flush();
  }

  /**
   * A record whose cells have each been through csvCell already, joined by commas, without the line
   * end (a draw's CSVs quote each repeated cell once, draw-outputs.ts). UTF-8 only: GBK and GB18030 output checks
   * every cell it writes, so it takes row().
   */
  escapedRow(text: string): void {
    if (this.enc !== 'utf8') throw new Error(`CsvWriter.escapedRow: ${this.enc} output takes row()`);
    this.record++;
    this.parts.push(text, '\r\n');
    this.size += text.length + 2;
    if (this.size >= UTF8_PART) this.flush();
  }

  private flush(): void {
    if (this.enc === 'utf8') {
      // records are joined into parts of ~64 K characters and written into the buffer: one write per
      // record, or a string of the whole output, both cost about twice as much (benchmark)
      const text = this.parts.join('');
      this.parts = [];
      this.size = 0;
      if (this.sink) {
        // the piece leaves at once: a buffer of its own, since the sink may still hold the last one
        if (text.length) this.sink(Buffer.from(text, 'utf8'));
        return;
      }
      // at most 3 bytes per UTF-16 code unit
      if (this.buf.length - this.used < text.length * 3) {
        if (this.used) this.chunks.push(this.buf.subarray(0, this.used));
        this.buf = Buffer.allocUnsafe(Math.max(CHUNK * 8, text.length * 3));
        this.used = 0;
      }
      this.used += this.buf.write(text, this.used, 'utf8');
      return;
    }
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    // a refused output is never encoded (encodeText would refuse it without saying where)
    if (this.problems.length) return;
    this.emit(encodeText(text, this.enc));
  }

  finish(): Buffer {
    return Buffer.concat(this.finishPieces());
  }

  /** The bytes as the pieces they were encoded into, for a writer that takes pieces (writeFilesAtomic): no copy of the whole. */
  finishPieces(): Buffer[] {
    this.flush();
    if (this.enc === 'utf8' && this.used) {
      this.chunks.push(this.buf.subarray(0, this.used));
      this.buf = Buffer.alloc(0);
      this.used = 0;
    }
    if (this.problems.length) throw new InputError(problemText(this.problems[0]!), this.problems);
    // with a sink every piece has left already
    return this.sink ? [] : this.chunks;
  }
}

/**
 * Rows to CSV bytes. Every cell is neutralised and quoted by csvCell: directory and roster contents
 * come from outside the office and may be hostile. GBK output refuses cells it cannot represent,
 * naming --out-encoding (the flag that chose GBK), the row and the column.
 */
export function formatCsv(header: string[], rows: string[][], enc: OutputEncoding = 'utf8', file = ''): Buffer {
  const w = new CsvWriter(header, enc, file);
  for (const r of rows) w.row(r);
  return w.finish();
}
