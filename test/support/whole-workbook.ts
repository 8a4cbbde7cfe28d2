/**
 * The .xlsx directory as it was read before it streamed (commit f92c9e9: src/io/xlsx.ts readSheet,
 * src/io/tables.ts parseWorkbook, src/io/directory.ts wholeWorkbook), verbatim but for imports and the
 * guard both paths now have against exceljs losing the zip's last entries (marked below): the
 * whole sheet into rows, validated in one go, every row an Employer. Kept only here, as the reference
 * the streamed directory is compared against (test/unit/directory-xlsx.test.ts).
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Cell, CellValue as ExcelValue } from 'exceljs';
import { InputError, type Problem } from '../../src/errors.js';
import { m } from '../../src/i18n/index.js';
import type { CsvRow } from '../../src/io/csv.js';
import { cellText, columnLetter, locateInSheet, sheetOptionsFor, type ColumnKind, type SheetReadOptions, type SheetTable } from '../../src/io/xlsx.js';
import { installUtf8SafeSax } from '../../src/io/exceljs-utf8.js';
import { settleProblems, type ReadOptions } from '../../src/io/tables.js';
import { EMPLOYER_SPEC, toEmployer, type Employer } from '../../src/core/records.js';
import { validateRows, type TableSpec, type TypedRow, type ValidatedTable } from '../../src/core/table-schema.js';

type ExcelJs = typeof import('exceljs');
let loaded: ExcelJs | null = null;
async function excel(): Promise<ExcelJs> {
  // exceljs is CommonJS: its namespace is the default export under ESM
  if (!loaded) installUtf8SafeSax();
  if (!loaded) loaded = ((await import('exceljs')) as unknown as { default: ExcelJs }).default;
  return loaded;
}

/**
 * Reads one sheet of an .xlsx into string cells. Streaming: the zip is read entry by entry and
 * rows are kept as values only, so memory follows the data, not the XML.
 */
async function readSheet(bytes: Buffer, file: string, o: SheetReadOptions): Promise<SheetTable> {
  // Warnings wait until a read succeeds, so a retried read does not say them twice.
  const attempt = async (): Promise<SheetTable> => {
    const warnings: string[] = [];
    const t = await readSheetOnce(bytes, file, { ...o, warn: (text) => warnings.push(text) });
    for (const w of warnings) o.warn?.(w);
    return t;
  };
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof ReaderFault)) throw e;
  }
  // exceljs 4.4's streaming reader has been seen to fail on a sound workbook, now and then, inside its own
  // code ("Cannot read properties of undefined (reading 'sheets')": a worksheet met before the workbook's
  // model), in 2 of 4 full test runs on a 2-core machine and never when the same test ran alone; the cause
  // was not found. One more read of the same bytes; a workbook that is really damaged fails both times and
  // is reported exactly as before.
  try {
    return await attempt();
  } catch (e) {
    if (e instanceof ReaderFault) throw located(file, m().xlsx.unreadable(file, e.message));
    throw e;
  }
}

/** A failure inside exceljs while streaming a workbook (not an input problem this module found). */
class ReaderFault extends Error {}

async function readSheetOnce(bytes: Buffer, file: string, o: SheetReadOptions): Promise<SheetTable> {
  const ExcelJS = await excel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    // styles carry the number formats that tell a date from a number
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  type ReaderState = { model?: { sheets?: { name: string; state?: string }[] }; properties?: { date1904?: boolean } };
  const state = reader as unknown as ReaderState;
  const wanted = o.sheet?.trim();
  let chosen: SheetBuilder | null = null;
  try {
    for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<ExcelRow> & { name: string }>) {
      const tabs = state.model?.sheets ?? [];
      const tab = tabs.findIndex((s) => s.name === ws.name);
      const hidden = tab >= 0 && tabs[tab]!.state !== undefined && tabs[tab]!.state !== 'visible';
      const isWanted: boolean = wanted === undefined ? !hidden && (chosen === null || tab < chosen.tab) : sheetMatches(wanted, ws.name, tab);
      const b: SheetBuilder | null = isWanted ? new SheetBuilder(ws.name, tab, file, o, state.properties?.date1904 === true) : null;
      // every worksheet entry must be read through for the zip stream to move on
      for await (const row of ws) {
        if (!b) continue;
        const cells: ExcelCell[] = [];
        let any = false;
        row.eachCell({ includeEmpty: false }, (cell: Cell, col: number) => {
          cells[col - 1] = { value: cell.value, numFmt: cell.numFmt };
          // not in f92c9e9: the guard against exceljs losing the zip's last entries (a text whose shared strings were lost)
          if (cell.value !== null && typeof cell.value === 'object' && 'sharedString' in cell.value) throw new Error('shared strings lost');
          if (cell.value !== null && cell.value !== undefined && cell.value !== '') any = true;
        });
        if (any) b.add(row.number, cells);
      }
      if (b && (b.count > 0 || wanted !== undefined)) chosen = b;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new ReaderFault((e as Error).message, { cause: e });
  }
  const names = (state.model?.sheets ?? []).map((s) => s.name);
  if (!chosen) {
    if (wanted !== undefined) throw located(file, m().xlsx.sheetNotFound(file, wanted, names));
    throw located(file, m().xlsx.noSheet(file));
  }
  if (chosen.count === 0) throw located(file, m().xlsx.sheetEmpty(file, chosen.name));
  if (wanted === undefined && names.length > 1) o.warn?.(m().xlsx.usedSheet(path.basename(file), chosen.name, names.length - 1));
  return chosen.finish();
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
 * TITLE_SCAN of them); from then on each row is turned into strings at once, so a big sheet costs its
 * strings and not a value object per cell (bench/RESULTS.md).
 */
class SheetBuilder {
  private pending: { line: number; cells: ExcelCell[] }[] = [];
  private header: string[] | null = null;
  private headerRow = 0;
  private kinds: ColumnKind[] = [];
  private skipped: { line: number; cells: string[] }[] = [];
  private readonly rows: CsvRow[] = [];
  private readonly problems: Problem[] = [];
  private readonly faultRows = new Set<number>();
  /** held back until this sheet is the one read: a sheet passed over must not warn */
  private readonly warnings: string[] = [];
  count = 0;

  constructor(
    readonly name: string,
    readonly tab: number,
    private readonly file: string,
    private readonly o: SheetReadOptions,
    private readonly date1904: boolean,
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
    for (const r of top.slice(h + 1)) this.convert(r.line, r.cells);
  }

  private convert(line: number, raw: ExcelCell[]): void {
    const header = this.header!;
    const cells: string[] = [];
    for (let i = 0; i < Math.max(raw.length, header.length); i++) {
      const c = raw[i];
      if (!c) {
        cells.push('');
        continue;
      }
      const ref = `${columnLetter(i + 1)}${line}`;
      const got = cellText(c, this.kinds[i] ?? 'other', this.date1904, ref);
      cells.push(got.text);
      if (got.warning) this.warnings.push(`${path.basename(this.file)}:${this.name}!${ref}: ${got.warning}`);
      if (got.problem) {
        this.problems.push({ file: this.file, line, column: header[i] || columnLetter(i + 1), value: got.text, sheet: this.name, cell: ref, message: got.problem });
        this.faultRows.add(line);
      }
    }
    // a row left blank by every rule (e.g. only a merged title's empty continuation) is not data
    if (cells.some((c) => c.trim() !== '')) this.rows.push({ line, cells });
  }

  finish(): SheetTable {
    if (!this.header) this.fixHeader(-1);
    if (this.skipped.length) {
      const skipped = this.skipped.map((r) => m().xlsx.skippedRow(r.line, r.cells.filter((c) => c.trim() !== '').join(' ')));
      this.o.warn?.(m().xlsx.headerAt(path.basename(this.file), this.name, this.headerRow, skipped.join('、')));
    }
    for (const w of this.warnings) this.o.warn?.(w);
    return { header: this.header!, rows: this.rows, sheet: this.name, tab: this.tab, headerRow: this.headerRow, problems: this.problems, faultRows: this.faultRows };
  }
}

function trimEnd(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] ?? '').trim() === '') n--;
  return cells.slice(0, n).map((c) => c ?? '');
}


function located(file: string, message: string): InputError {
  return new InputError(message, [{ file, message }]);
}

/** Title rows are looked for in this many non-empty rows at the top; then the best candidate is taken. */
const TITLE_SCAN = 10;

interface Parsed {
  rows: TypedRow[];
  sheet?: { name: string; position: number };
  header: string[];
  skipped: number;
  warnings: Problem[];
}

function settle(v: ValidatedTable, file: string, opts: ReadOptions, headerLine = 1): Parsed {
  settleProblems({ problems: v.problems, warnings: v.warnings, badCount: v.badLines.size, problemCount: v.problems.length }, file, opts, headerLine);
  return { rows: v.rows, header: v.header, skipped: v.badLines.size, warnings: v.warnings };
}

export async function parseWorkbook(bytes: Buffer, spec: TableSpec, file: string, opts: ReadOptions = {}): Promise<Parsed> {
  const sheet = await readSheet(bytes, file, sheetOptionsFor(spec, file, opts.sheet, opts.warn));
  const v = validateRows(spec, sheet.header, sheet.rows, file);
  const problems = locateInSheet(v.problems, sheet);
  const badLines = new Set([...v.badLines, ...sheet.faultRows]);
  const rows = v.rows.filter((r) => !sheet.faultRows.has(r.line));
  return { ...settle({ ...v, rows, problems, badLines }, file, opts, sheet.headerRow), sheet: { name: sheet.sheet, position: sheet.tab + 1 } };
}

export async function wholeWorkbook(bytes: Buffer, file: string, sink: (e: Employer) => void, opts: ReadOptions) {
  const parsed = await parseWorkbook(bytes, EMPLOYER_SPEC, file, opts);
  const records = parsed.rows.map(toEmployer);
  for (const e of records) sink(e);
  return {
    file,
    header: parsed.header,
    encoding: 'xlsx',
    delimiter: '',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    skipped: parsed.skipped,
    warnings: parsed.warnings,
    rows: records.length,
    fetch: (rows: readonly number[]) => rows.map((i) => records[i]!),
  };
}


/** A cell as read, kept only until the header is known: how to read it depends on its column. */
interface ExcelCell {
  value: ExcelValue;
  numFmt: string | undefined;
}
