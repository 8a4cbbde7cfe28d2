import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { CsvRow, CsvTable } from './csv.js';
import { escapeControls } from '../core/values.js';

/**
 * The CSV scanner every table this tool reads goes through (directory, roster, decisions, cases,
 * penalty batches, and verify's re-reading of its own outputs). RFC 4180 with what offices send:
 *  - the field delimiter is found from the header line: comma, tab (Excel's "Unicode 文本") or
 *    semicolon (European-locale Excel), whichever occurs most outside quotes; comma on a tie;
 *  - every newline outside quotes (CRLF, LF or CR) ends a record, as when Excel opens the file: a
 *    row appended by another editor with other line endings is a row, not part of the cell before
 *    it (csv-parse took the first newline's kind for the whole file and put the others in cells);
 *    inside quotes a newline is cell content;
 *  - line numbers are what an editor shows: CRLF, CR and LF each end one line, inside quotes too,
 *    and a row's line is the line its first cell starts on;
 *  - errors name the line where the damage starts (for an unclosed quote: where it opens), the
 *    cell's position in the row and the first characters of the cell.
 * On well-formed comma-separated files the cells are exactly csv-parse's with relax_column_count,
 * skip_empty_lines and bom (test/unit/fast-csv.test.ts checks this differentially). csv-parse
 * reads ~1M rows in 9-13 s; this scanner does it in well under a second.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

export const DELIMITERS = [',', '\t', ';'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

type SyntaxKind = 'quoteNotClosed' | 'strayQuote' | 'textAfterQuote';

class Syntax {
  constructor(
    readonly kind: SyntaxKind,
    readonly line: number,
    /** 1-based position of the cell in its row */
    readonly cell: number,
    /** the first characters of the cell, for the person to find it */
    readonly start: string,
  ) {}
}

/** How much of a cell a message quotes. */
const SNIPPET = 20;

export function snippet(s: string): string {
  const chars = [...s];
  const head = chars.slice(0, SNIPPET).join('');
  return escapeControls(chars.length > SNIPPET ? head + '…' : head);
}

export interface ParseCsvOptions {
  /** the field delimiter; found from the header line when not given */
  delimiter?: Delimiter;
}

export function parseCsvFast(text: string, file: string, opts: ParseCsvOptions = {}): CsvTable {
  try {
    return scan(text, file, opts.delimiter ?? detectDelimiter(text));
  } catch (e) {
    if (!(e instanceof Syntax)) throw e;
    const t = m().input;
    const msg = t[e.kind](e.cell, snippet(e.start));
    // the message names the cell by its place in the row (a column name would be a guess on a broken row)
    throw new InputError(m().io.csvSyntax(msg), [{ file, line: e.line, message: m().io.csvSyntax(msg) }], { cause: e });
  }
}

/**
 * The delimiter that occurs most often outside quotes on the first line that is not empty; comma
 * when none occurs or on a tie (a one-column file, or a header like "a;b,c" that only a person can
 * read). Only the header is looked at: a data cell full of commas must not change how a file reads.
 */
export function detectDelimiter(s: string): Delimiter {
  const counts = [0, 0, 0];
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < s.length && (s.charCodeAt(i) === LF || s.charCodeAt(i) === CR)) i++;
  let quoted = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) {
      const k = c === 44 ? 0 : c === 9 ? 1 : c === 59 ? 2 : -1;
      if (k >= 0) counts[k]!++;
    }
  }
  let best = 0;
  for (let k = 1; k < 3; k++) if (counts[k]! > counts[best]!) best = k;
  return DELIMITERS[best]!;
}

type Table = CsvTable & { started: boolean };

/** A finished record: the first is the header; later ones become rows unless every cell is blank. */
function emit(t: Table, cells: string[], line: number): void {
  if (!t.started) {
    t.header = cells;
    t.started = true;
    return;
  }
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k]!;
    if (c.length !== 0 && c.trim() !== '') {
      t.rows.push({ line, cells });
      return;
    }
  }
}

function scan(s: string, file: string, delimiter: Delimiter): CsvTable {
  const DELIM = delimiter.charCodeAt(0);
  const n = s.length;
  const out: Table = { header: [], rows: [] as CsvRow[], started: false, delimiter };
  let i = n > 0 && s.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** the editor's line number at i */
  let line = 1;
  /** the line the current record started on */
  let recordLine = 1;
  let record: string[] = [];

  /** Length of the line break at p as an editor counts it (CRLF is one), 0 if none. */
  const breakAt = (p: number): number => {
    const c = s.charCodeAt(p);
    if (c === LF) return 1;
    if (c === CR) return p + 1 < n && s.charCodeAt(p + 1) === LF ? 2 : 1;
    return 0;
  };

  while (i < n) {
    // ---- one field, starting at i
    let field = '';
    let quoted = false;
    let c = s.charCodeAt(i);
    if (c === QUOTE) {
      quoted = true;
      const openLine = line;
      const open = i;
      let start = i + 1;
      let p = start;
      for (;;) {
        if (p >= n) throw new Syntax('quoteNotClosed', openLine, record.length + 1, s.slice(open + 1, open + 1 + SNIPPET * 2));
        const q = s.charCodeAt(p);
        if (q === QUOTE) {
          if (p + 1 < n && s.charCodeAt(p + 1) === QUOTE) {
            field += s.slice(start, p + 1);
            p += 2;
            start = p;
            continue;
          }
          field += s.slice(start, p);
          const next = p + 1;
          if (next >= n || s.charCodeAt(next) === DELIM || s.charCodeAt(next) === 0 || breakAt(next) !== 0) {
            i = next;
            break;
          }
          throw new Syntax('textAfterQuote', line, record.length + 1, field);
        }
        if (q === LF || q === CR) {
          const len = breakAt(p);
          line++;
          p += len;
          continue;
        }
        p++;
      }
    }
    // ---- unquoted part (the whole field, or what follows a closing quote: only NUL can)
    const start = i;
    let ended = false;
    for (;;) {
      if (i >= n) break;
      c = s.charCodeAt(i);
      if (c === DELIM) {
        record.push(field + s.slice(start, i));
        i++;
        ended = true;
        break;
      }
      if (c === LF || c === CR) {
        const len = breakAt(i);
        field += s.slice(start, i);
        // An empty line: nothing in the record and nothing quoted.
        if (!(record.length === 0 && field.length === 0 && !quoted)) {
          record.push(field);
          emit(out, record, recordLine);
        }
        record = [];
        line++;
        i += len;
        recordLine = line;
        ended = true;
        break;
      }
      if (c === QUOTE) {
        const sofar = field + s.slice(start, i);
        if (sofar.length !== 0) throw new Syntax('strayQuote', line, record.length + 1, sofar + s.slice(i, i + SNIPPET));
        // Unreachable after a closing quote (only NUL may follow one, and it fills the field).
        break;
      }
      i++;
    }
    if (ended) {
      if (i >= n && c === DELIM) {
        // "a," at the very end: the empty last field
        record.push('');
        emit(out, record, recordLine);
        record = [];
      }
      continue;
    }
    if (i >= n) {
      field += s.slice(start, i);
      if (quoted || record.length !== 0 || field.length !== 0) {
        record.push(field);
        emit(out, record, recordLine);
        record = [];
      }
      break;
    }
    // a quote at the start of an empty unquoted remainder: re-enter quoted mode at i
    if (field.length === 0) continue;
  }
  if (!out.started) throw new InputError(m().io.emptyFile(file), [{ file, message: m().io.emptyFile(file) }]);
  return { header: out.header, rows: out.rows, delimiter };
}
