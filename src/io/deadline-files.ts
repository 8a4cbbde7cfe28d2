import iconv from 'iconv-lite';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { DECISION_KINDS } from '../core/records.js';
import { NO_DATE, STATUS_BY_URGENCY, type DeadlineTable } from '../core/check/index.js';
import { csvCell, isSpaceCode } from './csv.js';
import { encodable, type OutputEncoding } from './encoding.js';
import type { OutputFile } from './files.js';
import { buildWorkbook } from './xlsx.js';
import { PROBLEM_KEEP } from './decisions.js';

/**
 * The report of `check deadlines` as CSV and/or .xlsx. The CSV is made from the columns while it is
 * written (OutputFile.data as pieces), so a 10^6-row report is never one string in memory; its bytes
 * are formatCsv's over the same cells (every cell through csvCell, CRLF, UTF-8 with BOM). A GBK
 * report is checked cell by cell before anything is written, as formatCsv does.
 */

/** The cells of row i, in the order of the CSV header (m().check.csvHeader). */
function rowCells(t: DeadlineTable, i: number, status: string[]): string[] {
  const d = t.decisions;
  const u = t.urgency[i]!;
  return [
    d.caseNo[i]!,
    DECISION_KINDS[d.kind[i]!]!,
    d.dates[d.decided[i]!]!,
    d.date(d.published[i]!) ?? '',
    d.dates[t.deadline[i]!]!,
    status[u * 2 + t.soon[i]!]!,
    STATUS_BY_URGENCY[u]!,
    String(t.days[i]!),
    d.date(d.revoked[i]!) ?? '',
    d.date(d.withdrawn[i]!) ?? '',
    t.bases[t.basis[i]!]!,
  ];
}

function statusTexts(): string[] {
  const s = m().check;
  const out: string[] = [];
  STATUS_BY_URGENCY.forEach((st, u) => {
    out[u * 2] = s.statusLabels[st]!;
    out[u * 2 + 1] = s.statusLabels[st]! + s.soonMark;
  });
  return out;
}

const PIECE_CHARS = 1 << 15;

/** Bytes per piece of a UTF-8 report. */
const PIECE_BYTES = 1 << 20;

/**
 * The UTF-8 report straight into bytes: the cells that repeat (kinds, dates, statuses, day counts,
 * bases) are quoted and encoded once each with the comma before them, the case number is encoded
 * by hand (as Buffer's UTF-8 does, a lone surrogate becoming U+FFFD) when csvCell would leave it
 * as it is, and through csvCell otherwise. Building each row as text and encoding it cost more
 * than the rest of the command at 10^6 rows.
 */
function* utf8Pieces(t: DeadlineTable, header: string[], status: string[]): Generator<Uint8Array> {
  yield Buffer.from([0xef, 0xbb, 0xbf]);
  const d = t.decisions;
  const after = (cell: string) => Buffer.from(',' + csvCell(cell), 'utf8');
  // by id + 1: NO_DATE (-1), an empty cell, is 0
  const cells: RowCells = {
    kind: DECISION_KINDS.map(after),
    date: [after(''), ...d.dates.map(after)],
    state: status.map(after),
    code: STATUS_BY_URGENCY.map(after),
    basis: t.bases.map((b) => Buffer.from(',' + csvCell(b) + '\r\n', 'utf8')),
    days: new Map(),
    fixed: 0,
  };
  const longest = (list: Buffer[]) => list.reduce((m, c) => Math.max(m, c.length), 0);
  // the most bytes a row can take besides its case number (a day count is at most 25 characters)
  cells.fixed = longest(cells.kind) + 5 * longest(cells.date) + longest(cells.state) + longest(cells.code) + 26 + longest(cells.basis);
  let buf = Buffer.allocUnsafe(PIECE_BYTES);
  const at = { k: 0, pos: buf.write(header.map(csvCell).join(',') + '\r\n', 0, 'utf8') };
  while (at.k < d.n) {
    fillRows(t, cells, buf, at);
    if (at.k < d.n) {
      yield buf.subarray(0, at.pos);
      buf = Buffer.allocUnsafe(Math.max(PIECE_BYTES, 6 * d.caseNo[t.order[at.k]!]!.length + 9 + cells.fixed));
      at.pos = 0;
    }
  }
  if (at.pos) yield buf.subarray(0, at.pos);
}

/** The repeated cells of the report as bytes, each with the comma before it. */
interface RowCells {
  kind: Buffer[];
  /** by date id + 1 (0: no date) */
  date: Buffer[];
  state: Buffer[];
  code: Buffer[];
  /** with the line break after it */
  basis: Buffer[];
  days: Map<number, Buffer>;
  fixed: number;
}

/** Rows from at.k on into buf from at.pos, while the next row surely fits. */
function fillRows(t: DeadlineTable, cells: RowCells, buf: Buffer, at: { k: number; pos: number }): void {
  const d = t.decisions;
  const n = d.n;
  const order = t.order;
  const { kind, date, state, code, basis, days, fixed } = cells;
  const size = buf.length;
  let pos = at.pos;
  let k = at.k;
  for (; k < n; k++) {
    const i = order[k]!;
    const caseNo = d.caseNo[i]!;
    // csvCell's text is at most 2 × length + 3 code units, each at most 3 bytes
    if (pos + 6 * caseNo.length + 9 + fixed > size) break;
    const start = pos;
    pos = plainUtf8(buf, pos, caseNo);
    if (pos < 0) pos = utf8Into(buf, start, csvCell(caseNo));
    const u = t.urgency[i]!;
    const dayCount = t.days[i]!;
    let dayCell = days.get(dayCount);
    if (dayCell === undefined) days.set(dayCount, (dayCell = Buffer.from(',' + csvCell(String(dayCount)), 'utf8')));
    // the cells of rowCells, in its order
    pos = put(buf, pos, kind[d.kind[i]!]!);
    pos = put(buf, pos, date[d.decided[i]! + 1]!);
    pos = put(buf, pos, date[d.published[i]! + 1]!);
    pos = put(buf, pos, date[t.deadline[i]! + 1]!);
    pos = put(buf, pos, state[u * 2 + t.soon[i]!]!);
    pos = put(buf, pos, code[u]!);
    pos = put(buf, pos, dayCell);
    pos = put(buf, pos, date[d.revoked[i]! + 1]!);
    pos = put(buf, pos, date[d.withdrawn[i]! + 1]!);
    pos = put(buf, pos, basis[t.basis[i]!]!);
  }
  at.k = k;
  at.pos = pos;
}

function put(buf: Buffer, pos: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 32) {
    buf.set(src, pos);
    return pos + n;
  }
  for (let k = 0; k < n; k++) buf[pos + k] = src[k]!;
  return pos + n;
}

/**
 * `s` as UTF-8 at buf[pos] when csvCell leaves it unchanged (not empty, no formula start, no
 * whitespace at either end, no quote, comma, CR or LF): the position after it, or -1.
 */
function plainUtf8(buf: Buffer, pos: number, s: string): number {
  const n = s.length;
  if (n === 0) return -1;
  const first = s.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || isSpaceCode(first) || isSpaceCode(s.charCodeAt(n - 1))) return -1;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 34 || c === 44 || c === 13 || c === 10) return -1;
  }
  return utf8Into(buf, pos, s);
}

/** `s` as UTF-8 at buf[pos], as Buffer.write encodes it; the position after it. */
function utf8Into(buf: Buffer, pos: number, s: string): number {
  const n = s.length;
  for (let k = 0; k < n; k++) {
    let c = s.charCodeAt(k);
    if (c < 0x80) {
      buf[pos++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const lo = k + 1 < n ? s.charCodeAt(k + 1) : 0;
      if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        buf[pos++] = 0xf0 | (cp >> 18);
        buf[pos++] = 0x80 | ((cp >> 12) & 63);
        buf[pos++] = 0x80 | ((cp >> 6) & 63);
        buf[pos++] = 0x80 | (cp & 63);
        k++;
        continue;
      }
      // a lone surrogate: U+FFFD
      c = 0xfffd;
    }
    buf[pos++] = 0xe0 | (c >> 12);
    buf[pos++] = 0x80 | ((c >> 6) & 63);
    buf[pos++] = 0x80 | (c & 63);
  }
  return pos;
}

function* csvPieces(t: DeadlineTable, header: string[], status: string[], enc: OutputEncoding): Generator<Uint8Array> {
  if (enc === 'utf8') {
    yield* utf8Pieces(t, header, status);
    return;
  }
  const encode = (text: string) => iconv.encode(text, enc);
  const d = t.decisions;
  // the cells that repeat (dates, kinds, statuses, bases) are quoted once each, by their ids
  const date = d.dates.map(csvCell);
  const kind = DECISION_KINDS.map(csvCell);
  const state = status.map(csvCell);
  const code = STATUS_BY_URGENCY.map(csvCell);
  const basis = t.bases.map(csvCell);
  const empty = csvCell('');
  const opt = (id: number) => (id === NO_DATE ? empty : date[id]!);
  let text = header.map(csvCell).join(',') + '\r\n';
  for (let k = 0; k < d.n; k++) {
    const i = t.order[k]!;
    const u = t.urgency[i]!;
    // the cells of rowCells, in its order
    text +=
      csvCell(d.caseNo[i]!) + ',' + kind[d.kind[i]!] + ',' + date[d.decided[i]!] + ',' + opt(d.published[i]!) + ',' + date[t.deadline[i]!] + ',' +
      state[u * 2 + t.soon[i]!] + ',' + code[u] + ',' + csvCell(String(t.days[i]!)) + ',' + opt(d.revoked[i]!) + ',' + opt(d.withdrawn[i]!) + ',' + basis[t.basis[i]!] + '\r\n';
    if (text.length >= PIECE_CHARS) {
      yield encode(text);
      text = '';
    }
  }
  if (text) yield encode(text);
}

/** GBK cannot hold every character: every cell that does not fit is named (line, column) before anything is written. */
function checkGbk(t: DeadlineTable, header: string[], status: string[], file: string): void {
  const problems: Problem[] = [];
  let total = 0;
  const fits = new Map<string, boolean>();
  const check = (cells: string[], line: number) =>
    cells.forEach((cell, j) => {
      let ok = fits.get(cell);
      if (ok === undefined) {
        ok = encodable(cell, 'gbk');
        if (j !== 0) fits.set(cell, ok);
      }
      if (!ok && total++ < PROBLEM_KEEP) problems.push({ file, line, column: header[j], value: cell, message: m().input.unencodableOut(cell, 'GBK') });
    });
  check(header, 1);
  for (let k = 0; k < t.decisions.n; k++) check(rowCells(t, t.order[k]!, status), k + 2);
  if (total) throw new InputError(problems[0]!.message!, problems, { total });
}

/** The files --out asks for (CSV, .xlsx or both), ready for writeFilesAtomic. */
export async function deadlineFiles(t: DeadlineTable, enc: OutputEncoding, targets: { csv?: string; xlsx?: string }, now: Date): Promise<OutputFile[]> {
  // headers in the reader's language for Excel/WPS; the status code column stays stable for scripts
  const header = m().check.csvHeader;
  const status = statusTexts();
  const files: OutputFile[] = [];
  if (targets.csv) {
    if (enc === 'gbk') checkGbk(t, header, status, targets.csv);
    files.push({ path: targets.csv, data: csvPieces(t, header, status, enc) });
  }
  if (targets.xlsx) {
    const rows = Array.from(t.order, (i) => rowCells(t, i, status));
    files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '公示期限', header, rows }], now) });
  }
  return files;
}
