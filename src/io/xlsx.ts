import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Cell, CellValue as ExcelValue } from 'exceljs';
import { InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import type { CsvRow, CsvTable } from './csv.js';
import { mapHeader, normaliseHeader, type ColumnSpec, type TableSpec } from '../core/table-schema.js';
import { installUtf8SafeSax } from './exceljs-utf8.js';

/**
 * .xlsx in and out, through exceljs (loaded only when a workbook is met, so CSV runs do not pay
 * for it). A sheet becomes exactly what the CSV path yields, rows of string cells located by line,
 * so every validation (including the damage checks on code columns) applies to both alike. What
 * only a workbook can tell (a number where a code belongs, a formula, a date serial, an error
 * value) is decided here, per cell, and reported with the sheet and the cell as Excel names it.
 * Behaviour an office must be able to predict is in docs/xlsx.md.
 */

type ExcelJs = typeof import('exceljs');
let loaded: ExcelJs | null = null;
async function excel(): Promise<ExcelJs> {
  // exceljs is CommonJS: its namespace is the default export under ESM
  if (!loaded) installUtf8SafeSax();
  if (!loaded) loaded = ((await import('exceljs')) as unknown as { default: ExcelJs }).default;
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// What kind of file is this? By content, not by name: offices rename files freely.

export type FileKind = 'xlsx' | 'legacy' | 'encrypted' | 'text';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound file: .xls (BIFF), WPS .et, and also an encrypted .xlsx (an EncryptedPackage inside) */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function fileKind(bytes: Uint8Array, file: string): FileKind {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, CFB)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_STREAM) ? 'encrypted' : 'legacy';
  // government systems export HTML or text tables named .xls: as unreadable as a real .xls
  if (/\.(xls|et)$/i.test(file)) return 'legacy';
  return 'text';
}

/** Throws the office's instruction for a workbook this tool does not read; returns whether it is an .xlsx. */
export function isWorkbook(bytes: Uint8Array, file: string): boolean {
  const kind = fileKind(bytes, file);
  if (kind === 'legacy') throw located(file, m().xlsx.legacy(file));
  if (kind === 'encrypted') throw located(file, m().xlsx.encrypted(file));
  return kind === 'xlsx';
}

function located(file: string, message: string): InputError {
  return new InputError(message, [{ file, message }]);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** How a column's cells are read: codes refuse damaged numbers, dates become ISO dates. */
export type ColumnKind = 'code' | 'date' | 'other';

export interface SheetReadOptions {
  /** --sheet: a name, or a 1-based position among the workbook's tabs */
  sheet?: string;
  /** does this row hold the column names (rather than a title above them)? */
  isHeader: (cells: string[]) => boolean;
  /** how the column named by this header cell is read */
  columnKind: (header: string) => ColumnKind;
  warn?: (text: string) => void;
}

export interface SheetTable extends CsvTable {
  sheet: string;
  /** 0-based position among the workbook's tabs */
  tab: number;
  /** the Excel row number of the header (1 unless title rows were skipped) */
  headerRow: number;
  /** faults found in cells while reading; each row with one is also in faultRows */
  problems: Problem[];
  faultRows: Set<number>;
}

/** Title rows are looked for in this many non-empty rows at the top; then the best candidate is taken. */
const TITLE_SCAN = 10;

/** A, B, … Z, AA, …: the letters Excel shows above a column (1-based). */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A cell as read, kept only until the header is known: how to read it depends on its column. */
interface ExcelCell {
  value: ExcelValue;
  numFmt: string | undefined;
}

/**
 * Reads one sheet of an .xlsx into string cells, kept whole (the tables other than the directory are
 * small): readSheetRows with a sink that keeps every row.
 */
export async function readSheet(bytes: Buffer, file: string, o: SheetReadOptions): Promise<SheetTable> {
  let rows: CsvRow[] = [];
  let problems: Problem[] = [];
  let faultRows = new Set<number>();
  const head = await readSheetRows(() => Readable.from([bytes]), file, o, {
    head: () => {},
    row: (line, cells, faults) => {
      if (faults) {
        for (const p of faults) problems.push(p);
        faultRows.add(line);
      }
      if (cells) rows.push({ line, cells });
    },
    restart: () => {
      rows = [];
      problems = [];
      faultRows = new Set();
    },
  });
  return { ...head, rows, problems, faultRows };
}

/** The sheet a row-at-a-time read settled on, and its header. */
export interface SheetHead {
  sheet: string;
  /** 0-based position among the workbook's tabs */
  tab: number;
  /** the Excel row number of the header (1 unless title rows were skipped) */
  headerRow: number;
  header: string[];
}

/** Where a row-at-a-time read hands the sheet on. */
export interface SheetRowSink {
  /** the header is known: called once, before the first row */
  head(h: SheetHead): void;
  /**
   * A row below the header, in sheet order, each cell the string the CSV path would have seen.
   * cells is null for a row that holds no data (every cell empty once read) but has a refused cell;
   * faults are this row's refused cells, located (sheet!B17), or null.
   */
  row(line: number, cells: string[] | null, faults: Problem[] | null): void;
  /**
   * Present if the sink can forget what it was handed: then a read that exceljs broke off is
   * retried even after rows were handed on (restart is called first). Without it, a retry is made only
   * while nothing has been handed, so no row is ever handed twice.
   */
  restart?: () => void;
}

/** A fresh stream of the workbook's bytes for each pass over it. */
export type WorkbookSource = () => Readable;

/**
 * Reads one sheet of an .xlsx a row at a time into `sink`. Streaming: the zip is read entry by entry
 * and a row is turned into strings as soon as the header is known (title rows above it are held, at
 * most TITLE_SCAN of them), so memory does not follow the sheet. Warnings (the header row used,
 * formulas read by their saved result, which sheet was read) are said once the read has succeeded.
 *
 * Without --sheet the first visible tab with content is read, but the zip need not hold the sheets in
 * tab order: a sheet is handed on only when every visible tab before it has been seen empty. If that is
 * not known when the sheet streams past (a lower tab comes later in the zip), the pass only notes which
 * sheets have content, and a second pass reads the chosen tab.
 */
export async function readSheetRows(source: WorkbookSource, file: string, o: SheetReadOptions, sink: SheetRowSink): Promise<SheetHead> {
  let handed = false;
  // what the sink throws is its own failure (a bug, a full disk), never the workbook's: passed on as it is
  const guarded: SheetRowSink = {
    head: (h) => {
      handed = true;
      try {
        sink.head(h);
      } catch (e) {
        throw new SinkFailure(e);
      }
    },
    row: (line, cells, faults) => {
      handed = true;
      try {
        sink.row(line, cells, faults);
      } catch (e) {
        throw new SinkFailure(e);
      }
    },
  };
  let pin: number | undefined;
  let retried = false;
  for (;;) {
    try {
      const r = await readSheetPass(source, file, o, guarded, pin);
      if ('pin' in r) {
        pin = r.pin;
        continue;
      }
      for (const w of r.warnings) o.warn?.(w);
      return r.head;
    } catch (e) {
      if (e instanceof SinkFailure) throw e.error;
      if (!(e instanceof ReaderFault)) throw e;
      // exceljs 4.4's streaming reader has been seen to fail on a sound workbook, now and then, inside its
      // own code ("Cannot read properties of undefined (reading 'sheets')": a worksheet met before the
      // workbook's model), in 2 of 4 full test runs on a 2-core machine and never when the same test ran
      // alone; the cause was not found. One more read of the same bytes; a workbook that is really damaged
      // fails both times and is reported exactly as before. A sink that cannot take rows back is not handed
      // them twice: once it has rows, the fault is final.
      if (retried || (handed && !sink.restart)) throw located(file, m().xlsx.unreadable(file, e.message));
      retried = true;
      if (handed) sink.restart!();
      handed = false;
    }
  }
}

/** A failure inside exceljs while streaming a workbook (not an input problem this module found). */
class ReaderFault extends Error {}

/** A failure of the sink rows are handed to, carried out of the read unchanged. */
class SinkFailure extends Error {
  constructor(readonly error: unknown) {
    super('sink');
  }
}

/**
 * One pass over the workbook. pin: read the sheet at this tab as the default choice (a second pass,
 * once the first has found which tab that is).
 */
async function readSheetPass(
  source: WorkbookSource,
  file: string,
  o: SheetReadOptions,
  sink: SheetRowSink,
  pin: number | undefined,
): Promise<{ head: SheetHead; warnings: string[] } | { pin: number }> {
  const ExcelJS = await excel();
  const input = source();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    // the workbook's distinct texts are kept by SharedStrings, packed (exceljs's cache holds a string each)
    sharedStrings: 'emit',
    // styles carry the number formats that tell a date from a number
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  type ReaderState = { model?: { sheets?: { name: string; state?: string }[] }; properties?: { date1904?: boolean } };
  const state = reader as unknown as ReaderState;
  const wanted = o.sheet?.trim();
  const strings = new SharedStrings();
  /** the sheet handed on */
  let chosen: SheetBuilder | null = null;
  /** default choice: visible tabs seen empty, and tabs with content seen but not handed on */
  const empty = new Set<number>();
  let unhanded = -1;
  try {
    type Event = { eventType?: string; value?: unknown; index?: number; text?: ExcelValue };
    for await (const ev of (reader as unknown as { parse(): AsyncIterable<Event> }).parse()) {
      // exceljs emits shared strings without an eventType; with 'emit' every sheet is parsed after them
      if (ev.eventType === undefined && typeof ev.index === 'number') {
        strings.add(ev.index, ev.text ?? null);
        continue;
      }
      if (ev.eventType !== 'worksheet') continue;
      const ws = ev.value as AsyncIterable<ExcelRow> & { name: string };
      const tabs = state.model?.sheets ?? [];
      const tab = tabs.findIndex((s) => s.name === ws.name);
      // with shared strings emitted, exceljs parses every sheet after the zip's other entries, so the workbook
      // and its relationships are known by now; if not, exceljs lost the zip's last entries (seen under load:
      // the sheet then read as 'Sheet1' with its texts missing)
      if (!state.model || !(reader as unknown as { workbookRels?: unknown }).workbookRels) throw new ReaderFault('the workbook part was not read');
      const hidden = tab >= 0 && tabs[tab]!.state !== undefined && tabs[tab]!.state !== 'visible';
      let hand = false;
      let count = false;
      if (wanted !== undefined) hand = chosen === null && sheetMatches(wanted, ws.name, tab);
      else if (pin !== undefined) hand = tab === pin;
      else if (!hidden && (chosen === null || tab < chosen.tab)) {
        // handed on only if no visible tab before it can still turn out to have content
        hand = chosen === null && tabs.every((s, k) => k >= tab || (s.state !== undefined && s.state !== 'visible') || empty.has(k));
        count = !hand;
      }
      const b: SheetBuilder | null = hand ? new SheetBuilder(ws.name, tab, file, o, state.properties?.date1904 === true, sink) : null;
      let any = false;
      // every worksheet entry must be read through for the zip stream to move on
      for await (const row of ws) {
        if (b) {
          const cells: ExcelCell[] = [];
          let some = false;
          row.eachCell({ includeEmpty: false }, (cell: Cell, col: number) => {
            const value = strings.resolve(cell.value);
            cells[col - 1] = { value, numFmt: cell.numFmt };
            if (value !== null && value !== undefined && value !== '') some = true;
          });
          if (some) b.add(row.number, cells);
        } else if (count && !any) {
          row.eachCell({ includeEmpty: false }, (cell: Cell) => {
            const value = strings.resolve(cell.value);
            if (value !== null && value !== undefined && value !== '') any = true;
          });
        }
      }
      if (b) {
        // a sheet with content, or the one --sheet names, is the one read; an empty default candidate is not
        if (b.count > 0 || wanted !== undefined || pin !== undefined) {
          b.end();
          chosen = b;
        } else if (tab >= 0) empty.add(tab);
      } else if (any && (unhanded < 0 || tab < unhanded)) unhanded = tab;
      else if (count && !any && tab >= 0) empty.add(tab);
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof SinkFailure) throw e;
    throw new ReaderFault((e as Error).message, { cause: e });
  }
  const names = (state.model?.sheets ?? []).map((s) => s.name);
  if (wanted === undefined && pin === undefined && unhanded >= 0 && (chosen === null || unhanded < chosen.tab)) {
    if (chosen !== null) throw new Error('xlsx: a sheet was handed on before a lower tab with content');
    return { pin: unhanded };
  }
  if (!chosen) {
    if (wanted !== undefined) throw located(file, m().xlsx.sheetNotFound(file, wanted, names));
    throw located(file, m().xlsx.noSheet(file));
  }
  if (chosen.count === 0) throw located(file, m().xlsx.sheetEmpty(file, chosen.name));
  // which sheet, then the header row used, then the cells: the order in which they were always said
  const warnings: string[] = [];
  if (wanted === undefined && names.length > 1) warnings.push(m().xlsx.usedSheet(path.basename(file), chosen.name, names.length - 1));
  for (const w of chosen.warnings()) warnings.push(w);
  return { head: chosen.head(), warnings };
}

/**
 * The workbook's shared strings (every distinct text, referred to by index from the cells), packed: texts
 * joined into pages of about a million characters, with each text's end in a Uint32Array. exceljs's own
 * cache holds a string object each, which for a 1,000,000-row directory (two million distinct texts) was
 * most of the reader's memory (bench/RESULTS.md). Rich text and empty entries are kept as exceljs gave them.
 */
class SharedStrings {
  private pages: string[] = [];
  /** the first index of each page */
  private firsts: number[] = [];
  private parts: string[] = [];
  private partsLength = 0;
  private first = 0;
  private ends = new Uint32Array(1024);
  private n = 0;
  private other = new Map<number, ExcelValue>();

  add(index: number, text: ExcelValue): void {
    if (index !== this.n) throw new Error(`xlsx: shared string ${index} out of order`);
    if (this.n === this.ends.length) {
      const b = new Uint32Array(this.ends.length * 2);
      b.set(this.ends);
      this.ends = b;
    }
    let t = '';
    if (typeof text === 'string') t = text;
    else this.other.set(index, text);
    this.parts.push(t);
    this.partsLength += t.length;
    this.ends[this.n++] = this.partsLength;
    if (this.partsLength >= 1 << 20) this.seal();
  }

  private seal(): void {
    if (!this.parts.length) return;
    this.pages.push(this.parts.join(''));
    this.firsts.push(this.first);
    this.parts = [];
    this.partsLength = 0;
    this.first = this.n;
  }

  /** a cell's value with a shared-string reference replaced by its text */
  resolve(v: ExcelValue): ExcelValue {
    if (v === null || typeof v !== 'object' || !('sharedString' in v)) return v;
    const i = (v as { sharedString: number }).sharedString;
    // a text the workbook does not have: its shared strings were lost on the way (see readSheetPass)
    if (!(i >= 0 && i < this.n)) throw new ReaderFault(`shared string ${i} of ${this.n}`);
    const special = this.other.get(i);
    if (special !== undefined || this.other.has(i)) return special ?? null;
    if (i >= this.first) this.seal();
    let lo = 0;
    let hi = this.firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firsts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const start = i === this.firsts[lo] ? 0 : this.ends[i - 1]!;
    return this.pages[lo]!.slice(start, this.ends[i]!);
  }
}

interface ExcelRow {
  number: number;
  eachCell(opt: { includeEmpty: boolean }, fn: (cell: Cell, col: number) => void): void;
}

function sheetMatches(wanted: string, name: string, tab: number): boolean {
  if (/^\d+$/.test(wanted)) return tab === Number(wanted) - 1;
  const norm = (s: string) => s.normalize('NFKC').trim();
  return norm(name) === norm(wanted);
}

/**
 * One sheet's rows as they stream in. Rows are kept as read only until the header is found (at most
 * TITLE_SCAN of them); from then on each row is turned into strings and handed on at once, so a big
 * sheet costs neither its strings nor a value object per cell (bench/RESULTS.md).
 */
class SheetBuilder {
  private pending: { line: number; cells: ExcelCell[] }[] = [];
  private header: string[] | null = null;
  private headerRow = 0;
  private kinds: ColumnKind[] = [];
  private skipped: { line: number; cells: string[] }[] = [];
  /** held back until the read has succeeded: a read that is retried must not warn twice */
  private readonly said: string[] = [];
  count = 0;

  constructor(
    readonly name: string,
    readonly tab: number,
    private readonly file: string,
    private readonly o: SheetReadOptions,
    private readonly date1904: boolean,
    private readonly sink: SheetRowSink,
  ) {}

  add(line: number, cells: ExcelCell[]): void {
    this.count++;
    if (this.header) return this.convert(line, cells);
    this.pending.push({ line, cells });
    if (this.o.isHeader(this.plain(line, cells))) this.fixHeader(this.pending.length - 1);
    else if (this.pending.length >= TITLE_SCAN) this.fixHeader(-1);
  }

  /** Before the header is known every cell reads as plain text. */
  private plain(line: number, cells: ExcelCell[]): string[] {
    return Array.from(cells, (c, i) => (c ? cellText(c, 'other', this.date1904, `${columnLetter(i + 1)}${line}`).text : ''));
  }

  /** The header is the row at `at`, or (none qualified) the first row; rows above it were titles. */
  private fixHeader(at: number): void {
    const top = this.pending;
    const h = at >= 0 ? at : 0;
    this.headerRow = top[h]!.line;
    this.header = trimEnd(this.plain(top[h]!.line, top[h]!.cells));
    this.skipped = top.slice(0, h).map((r) => ({ line: r.line, cells: this.plain(r.line, r.cells) }));
    this.kinds = this.header.map((n) => this.o.columnKind(n));
    this.pending = [];
    this.sink.head(this.head());
    for (const r of top.slice(h + 1)) this.convert(r.line, r.cells);
  }

  private convert(line: number, raw: ExcelCell[]): void {
    const header = this.header!;
    const cells: string[] = [];
    let faults: Problem[] | null = null;
    let data = false;
    for (let i = 0; i < Math.max(raw.length, header.length); i++) {
      const c = raw[i];
      if (!c) {
        cells.push('');
        continue;
      }
      const ref = `${columnLetter(i + 1)}${line}`;
      const got = cellText(c, this.kinds[i] ?? 'other', this.date1904, ref);
      cells.push(got.text);
      if (!data && got.text.trim() !== '') data = true;
      if (got.warning) this.said.push(`${path.basename(this.file)}:${this.name}!${ref}: ${got.warning}`);
      if (got.problem) (faults ??= []).push({ file: this.file, line, column: header[i] || columnLetter(i + 1), value: got.text, sheet: this.name, cell: ref, message: got.problem });
    }
    // a row left blank by every rule (e.g. only a merged title's empty continuation) is not data
    if (data || faults) this.sink.row(line, data ? cells : null, faults);
  }

  /** The sheet has been read through: a header not found among fewer than TITLE_SCAN rows is the first row. */
  end(): void {
    if (!this.header && this.pending.length) this.fixHeader(-1);
  }

  head(): SheetHead {
    return { sheet: this.name, tab: this.tab, headerRow: this.headerRow, header: this.header! };
  }

  /** What the read has to say about this sheet: the header row used, then the cells. */
  warnings(): string[] {
    const out: string[] = [];
    if (this.skipped.length) {
      const skipped = this.skipped.map((r) => m().xlsx.skippedRow(r.line, r.cells.filter((c) => c.trim() !== '').join(' ')));
      out.push(m().xlsx.headerAt(path.basename(this.file), this.name, this.headerRow, skipped.join('、')));
    }
    for (const w of this.said) out.push(w);
    return out;
  }
}

function trimEnd(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] ?? '').trim() === '') n--;
  return cells.slice(0, n).map((c) => c ?? '');
}

interface Converted {
  text: string;
  problem?: string;
  warning?: string;
}

/** One cell to the string the CSV path would have seen, or a fault the office must fix. */
export function cellText(c: ExcelCell, kind: ColumnKind, date1904: boolean, ref: string): Converted {
  const v = c.value;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (typeof v === 'number') return numberText(v, c.numFmt, kind, date1904);
  if (v instanceof Date) return dateText(toSerial(v, date1904), kind, date1904);
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join('') };
  if ('error' in v) return { text: String(v.error), problem: m().xlsx.errorCell(String(v.error)) };
  if ('formula' in v || 'sharedFormula' in v) {
    const f = v as { formula?: string; sharedFormula?: string; result?: unknown };
    const formula = f.formula || f.sharedFormula || '…';
    const result = f.result;
    if (result === undefined || result === null || result === '') return { text: '', problem: m().xlsx.formulaNoValue(formula) };
    // a formula showing an error (#N/A) has its result stored as the error's text, which reads as NaN
    if (typeof result === 'number' && Number.isNaN(result)) return { text: '#ERROR', problem: m().xlsx.errorCell('#N/A/#VALUE!') };
    const inner = cellText({ value: result as ExcelValue, numFmt: c.numFmt }, kind, date1904, ref);
    return { ...inner, warning: inner.problem ? undefined : m().xlsx.formulaCached(formula, inner.text) };
  }
  if ('text' in v) return { text: String((v as { text: unknown }).text) };
  return { text: String(v) };
}

/** Excel keeps 15 significant digits: a bigger integer has already lost its tail. */
const EXACT_LIMIT = 1e15;

function numberText(n: number, numFmt: string | undefined, kind: ColumnKind, date1904: boolean): Converted {
  if (kind !== 'code' && isDateFormat(numFmt)) return dateText(n, kind, date1904);
  const text = plainNumber(n);
  if (kind === 'code' && (Math.abs(n) >= EXACT_LIMIT || /e/i.test(String(n)))) {
    // shown as Excel's General format shows it, so the clerk recognises the cell
    return { text, problem: m().xlsx.damagedNumber(n.toExponential(5).toUpperCase()) };
  }
  return { text };
}

/** Digits as typed, never an exponent: 13800138000, not 1.3800138e10. */
function plainNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/** A number format that shows a date (y, m, d, h, s outside quotes and brackets). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || /general/i.test(fmt)) return false;
  const bare = fmt.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) || /[年月日]/.test(bare);
}

const DAY_MS = 86_400_000;

function toSerial(d: Date, date1904: boolean): number {
  // exceljs made the Date from the serial as if every day since 1899-12-30 existed
  return d.getTime() / DAY_MS + 25569 - (date1904 ? 1462 : 0);
}

/**
 * An Excel serial to an ISO date. The 1900 system counts a 29 February 1900 that never was
 * (serial 60, kept from Lotus 1-2-3): serials below it are one day later than plain counting says,
 * and 60 itself is no date. The 1904 system (old Mac workbooks) counts from 1904-01-01.
 */
export function serialToIso(serial: number, date1904: boolean): { date: string; seconds: number } | { invalid: string } {
  const day = Math.floor(serial + 1e-7);
  const seconds = Math.max(0, Math.round((serial - day) * 86400));
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + day * DAY_MS;
  else if (day === 60) return { invalid: '1900-02-29' };
  else ms = Date.UTC(1899, 11, 30) + (day < 60 ? day + 1 : day) * DAY_MS;
  return { date: new Date(ms).toISOString().slice(0, 10), seconds };
}

function dateText(serial: number, kind: ColumnKind, date1904: boolean): Converted {
  const r = serialToIso(serial, date1904);
  if ('invalid' in r) return { text: r.invalid, problem: m().xlsx.invalidDate(r.invalid) };
  // a date column wants the day; elsewhere a time of day is part of the value
  if (kind === 'date' || r.seconds === 0 || r.seconds === 86400) return { text: r.date };
  const hh = String(Math.floor(r.seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((r.seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(r.seconds % 60).padStart(2, '0');
  return { text: `${r.date} ${hh}:${mm}:${ss}` };
}

/**
 * Problems found by validation, which knows rows and column names, given the sheet and cell
 * as Excel shows them. Problems on a cell the reader already faulted are dropped: the reader's
 * message says what really happened to it.
 */
export function locateInSheet(problems: Problem[], t: SheetTable): Problem[] {
  const faulted = new Set(t.problems.map((p) => p.cell));
  const out: Problem[] = [];
  for (const p of problems) {
    // validation calls the header line 1; in a sheet it is wherever the title rows left it
    const line = p.line === 1 ? t.headerRow : p.line;
    const i = p.column === undefined ? -1 : t.header.indexOf(String(p.column));
    const cell = line === undefined ? undefined : i >= 0 ? `${columnLetter(i + 1)}${line}` : undefined;
    if (cell && faulted.has(cell)) continue;
    out.push({ ...p, line, sheet: t.sheet, ...(cell ? { cell } : {}) });
  }
  return [...t.problems, ...out].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** How a table schema reads a sheet: its header row holds the schema's columns; codes and dates by type. */
export function sheetOptionsFor(spec: TableSpec, file: string, sheet: string | undefined, warn?: (t: string) => void): SheetReadOptions {
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) for (const n of [c.zh, c.en, c.key, ...(c.aliases ?? [])]) byName.set(normaliseHeader(n), c);
  return {
    sheet,
    warn,
    isHeader: (cells) => {
      const { map, problems } = mapHeader(spec, cells, file);
      return problems.length === 0 && map.index.size > 0;
    },
    columnKind: (h) => {
      const c = byName.get(normaliseHeader(h));
      if (!c) return 'other';
      return isCodeColumn(c) ? 'code' : c.type.kind === 'date' ? 'date' : 'other';
    },
  };
}

/** Columns whose values are identifiers, never quantities: USCC, 工号, 执法证号, 案号. */
const CODE_KEYS = new Set(['id', 'cert_no', 'case_no']);
export function isCodeColumn(c: ColumnSpec): boolean {
  return c.type.kind === 'uscc' || c.type.kind === 'usccList' || CODE_KEYS.has(c.key);
}

// ---------------------------------------------------------------------------------------------
// Writing

/** One sheet of an output workbook. Every value is the string the CSV twin holds, unneutralised. */
export interface SheetOut {
  name: string;
  /** a line above the header (the publication's office and period), merged across the columns */
  title?: string;
  header: string[];
  rows: string[][];
  /** a line after the data (how to verify), merged across the columns */
  footer?: string;
  /** drop-down lists for a template: column index → allowed values */
  lists?: Map<number, readonly string[]>;
  /** rows the drop-down lists cover in a template */
  listRows?: number;
}

/** Columns whose values are identifiers: stored and formatted as text so Excel shows every digit. */
const CODE_HEADER = /统一社会信用代码|信用代码|执法证号|工号|人员编号|案号|文号|回避单位|uscc|cert_no|case_no|^id$/i;
/** Columns of dates: real date cells when every value is an ISO date. */
const DATE_HEADER = /日期|有效期|期限|截止|_on$|expiry|inspected|deadline|date/i;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
/** Rows an Excel sheet holds (2^20). */
export const SHEET_MAX_ROWS = 1_048_576;
/** Characters a sheet name may not hold, and its length limit, in Excel. */
const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;

export function sheetName(s: string): string {
  const clean = s.replace(SHEET_FORBIDDEN, '-').replace(/^'+|'+$/g, '').trim();
  return [...(clean || 'Sheet1')].slice(0, 31).join('');
}

/** Display width as Excel/WPS sizes columns: a CJK (full-width) character takes two units. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

function isDateColumn(header: string, rows: string[][], i: number): boolean {
  if (!DATE_HEADER.test(header)) return false;
  let any = false;
  for (const r of rows) {
    const v = r[i] ?? '';
    if (v === '') continue;
    if (!ISO.test(v)) return false;
    any = true;
  }
  return any || rows.length === 0;
}

/**
 * A workbook with no formula anywhere: every value is written as a string cell (a value starting
 * with = + - @ is text, never a formula), codes are formatted as text, ISO dates in date columns
 * are real dates shown yyyy-mm-dd, the header is frozen and columns are sized for CJK text.
 *
 * Written with exceljs's streaming writer, each row committed (turned into its XML) as it is added: the
 * in-memory workbook kept a cell object per cell, and a province's 10^5-10^6 rows ran the process out
 * of heap (V8 aborts, exit 134, not an error the tool could name). Strings are shared, as Excel writes
 * them. The sheets' XML waits for the ZIP writer until the commit (yielding to it every few thousand
 * rows measured no lower peak at 500,000 rows), and the finished file's bytes are held.
 */
export async function buildWorkbook(sheets: SheetOut[], created: Date): Promise<Buffer> {
  // refused before anything is written: Excel opens a longer sheet as damaged, or cuts it off
  for (const s of sheets) {
    const lines = (s.title === undefined ? 0 : 1) + 1 + s.rows.length + (s.footer === undefined ? 0 : 1);
    if (lines > SHEET_MAX_ROWS) throw new InputError(m().xlsx.tooManyRows(sheetName(s.name), lines, SHEET_MAX_ROWS));
  }
  const ExcelJS = await excel();
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = 'shuangsui';
  wb.created = created;
  wb.modified = created;
  for (const s of sheets) writeSheet(wb, s);
  await wb.commit();
  return Buffer.concat(chunks);
}

function writeSheet(wb: import('exceljs').stream.xlsx.WorkbookWriter, s: SheetOut): void {
  const width = Math.max(1, s.header.length);
  const headerRow = s.title === undefined ? 1 : 2;
  const ws = wb.addWorksheet(sheetName(s.name), { views: [{ state: 'frozen', ySplit: headerRow }] });
  const dates = s.header.map((h, i) => isDateColumn(h, s.rows, i));
  const codes = s.header.map((h) => CODE_HEADER.test(h));
  // a streamed sheet's columns are written before its first row: their formats and widths come first
  ws.columns = s.header.map((h, i) => {
    let widest = Math.max(displayWidth(h), dates[i] ? 10 : 0);
    for (let r = 0; r < Math.min(2000, s.rows.length); r++) widest = Math.max(widest, displayWidth(s.rows[r]![i] ?? ''));
    const numFmt = codes[i] ? '@' : dates[i] ? 'yyyy-mm-dd' : undefined;
    return { width: Math.min(60, Math.max(6, widest + 2)), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  if (s.title !== undefined) {
    const title = ws.addRow([s.title]);
    title.font = { bold: true, size: 14 };
    if (width > 1) ws.mergeCells(1, 1, 1, width);
    title.commit();
  }
  const head = ws.addRow(s.header);
  head.font = { bold: true };
  head.commit();
  for (const r of s.rows) {
    ws.addRow(
      s.header.map((_, i) => {
        const v = r[i] ?? '';
        // UTC midnight: exceljs turns the Date into the serial of that calendar day
        return dates[i] && v !== '' ? new Date(`${v}T00:00:00Z`) : v;
      }),
    ).commit();
  }
  if (s.footer !== undefined) {
    const footer = ws.addRow([s.footer]);
    if (width > 1) ws.mergeCells(footer.number, 1, footer.number, width);
    footer.commit();
  }
  for (const [i, values] of s.lists ?? []) {
    const letter = columnLetter(i + 1);
    const last = headerRow + Math.max(s.listRows ?? 0, s.rows.length);
    (ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations.add(`${letter}${headerRow + 1}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
    });
  }
  ws.commit();
}

/** A cell as Excel holds it, back to the string the CSV has: dates as ISO, everything else as its text. */
function storedText(v: ExcelValue): { text: string; type: 'string' | 'date' | 'other' } {
  if (v === null || v === undefined) return { text: '', type: 'string' };
  if (typeof v === 'string') return { text: v, type: 'string' };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), type: 'date' };
  if (typeof v === 'object' && 'richText' in v) return { text: v.richText.map((r) => r.text).join(''), type: 'string' };
  return { text: JSON.stringify(v), type: 'other' };
}

export interface ContentDiff {
  cell: string;
  expected: string;
  found: string;
}

/**
 * Compares a workbook with the sheets it must hold, cell by cell. An output .xlsx is not compared by
 * bytes: its ZIP and XML bytes depend on the exceljs version, and every earlier draw must verify forever.
 * Anything that is not a string (or a date in a date column) counts as different: a number or a formula
 * where the CSV has text is exactly the damage an .xlsx output must not carry.
 */
export async function compareWorkbook(bytes: Buffer, expected: SheetOut[], limit = 20): Promise<ContentDiff[]> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const out: ContentDiff[] = [];
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return [{ cell: '-', expected: 'xlsx', found: (e as Error).message }];
  }
  for (const [k, s] of expected.entries()) {
    const ws = wb.worksheets[k];
    const name = sheetName(s.name);
    if (!ws || ws.name !== name) {
      out.push({ cell: `#${k + 1}`, expected: name, found: ws?.name ?? '' });
      continue;
    }
    const dates = s.header.map((h, i) => isDateColumn(h, s.rows, i));
    const dataFrom = (s.title === undefined ? 1 : 2) + 1;
    // the sheet's expected lines, by number, read from the rows themselves (a copy of a province's
    // 500,000 rows, spread as arguments, overflowed the stack): title, header, rows, footer
    const lineCount = dataFrom + s.rows.length + (s.footer === undefined ? 0 : 1) - 1;
    const lineAt = (r: number): readonly string[] => {
      if (r === dataFrom - 1) return s.header;
      if (r >= dataFrom && r < dataFrom + s.rows.length) {
        // a data row as wide as the header: padded with empty cells, or cut
        const w = s.rows[r - dataFrom]!;
        return w.length === s.header.length ? w : s.header.map((_, i) => w[i] ?? '');
      }
      if (r === 1 && s.title !== undefined) return [s.title];
      return r === lineCount && s.footer !== undefined ? [s.footer] : [];
    };
    const rows = Math.max(lineCount, ws.actualRowCount === 0 ? 0 : ws.lastRow?.number ?? 0);
    for (let r = 1; r <= rows && out.length < limit; r++) {
      const want = r <= lineCount ? lineAt(r) : [];
      const row = ws.getRow(r);
      const cols = Math.max(want.length, row.cellCount);
      for (let c = 1; c <= cols && out.length < limit; c++) {
        const cell = row.getCell(c);
        // merged title and footer: only the first cell of the merge holds the value
        const got = cell.isMerged && cell.master !== cell ? { text: '', type: 'string' as const } : storedText(cell.value);
        const exp = want[c - 1] ?? '';
        const isDataDate = r >= dataFrom && r < dataFrom + s.rows.length && dates[c - 1] && exp !== '';
        const typeOk = isDataDate ? got.type === 'date' : got.type === 'string';
        if (got.text !== exp || !typeOk) out.push({ cell: `${name}!${columnLetter(c)}${r}`, expected: exp, found: got.type === 'string' || got.type === 'date' ? got.text : `${got.text} (${got.type})` });
      }
    }
  }
  if (wb.worksheets.length > expected.length) out.push({ cell: `#${expected.length + 1}`, expected: '', found: wb.worksheets[expected.length]!.name });
  return out;
}

export type OutputFormat = 'csv' | 'xlsx';

/** --format csv | xlsx | csv,xlsx */
export function parseFormats(raw: string | undefined): Set<OutputFormat> {
  const parts = (raw ?? 'csv').split(/[,，]/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (!parts.length || parts.some((p) => p !== 'csv' && p !== 'xlsx')) throw new UsageError(m().xlsx.badFormat(raw ?? ''));
  return new Set(parts as OutputFormat[]);
}

/**
 * Where an output goes for each format. Without --format the name decides (results.xlsx is a
 * workbook); with it, the name's .csv/.xlsx ending is swapped for each format asked for.
 */
export function outputTargets(out: string, rawFormat: string | undefined): { csv?: string; xlsx?: string } {
  const ext = path.extname(out).toLowerCase();
  if (rawFormat === undefined) return ext === '.xlsx' ? { xlsx: out } : { csv: out };
  const formats = parseFormats(rawFormat);
  const base = ext === '.csv' || ext === '.xlsx' ? out.slice(0, -ext.length) : out;
  const csv = formats.has('xlsx') || ext === '.xlsx' ? `${base}.csv` : out;
  return { ...(formats.has('csv') ? { csv } : {}), ...(formats.has('xlsx') ? { xlsx: `${base}.xlsx` } : {}) };
}

/**
 * A sheet whose columns no schema describes (the penalty batch: its fact columns come from the rules),
 * with the header found by a predicate. Cell faults are refused at once, all of them, located.
 */
export async function readPlainSheet(bytes: Buffer, file: string, o: SheetReadOptions): Promise<SheetTable> {
  const t = await readSheet(bytes, file, o);
  if (t.problems.length) throw new InputError(m().errors.problemCount(t.problems.length, file), t.problems);
  return t;
}
