import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parseCsvText } from '../../src/io/csv.js';

/**
 * Workbooks for tests are built here with exceljs, never committed: what a test reads is visible
 * in the test, and the repository carries no binaries.
 */

export type CellInput = ExcelJS.CellValue;

/** Writes one or more sheets; a row is an array of cell values as exceljs takes them. */
export async function writeWorkbook(file: string, sheets: { name: string; rows: CellInput[][]; state?: 'hidden' }[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : {});
    for (const r of s.rows) ws.addRow(r);
  }
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

const DATE_COLUMNS = new Set(['上次检查日期', '执法证有效期至']);
const NUMBER_COLUMNS = new Set(['职工人数', '投诉举报次数']);

/**
 * The .xlsx twin of a CSV as an office keeps it: dates as real date cells (yyyy-mm-dd format), counts
 * as numbers, everything else (codes above all) as text; optionally title rows above the header and
 * the rows in another order.
 */
export async function xlsxTwin(csvFile: string, xlsxFile: string, o: { title?: string[]; reverse?: boolean; sheet?: string } = {}): Promise<void> {
  const t = parseCsvText(readFileSync(csvFile, 'utf8'), csvFile);
  const rows = o.reverse ? [...t.rows].reverse() : t.rows;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(o.sheet ?? 'Sheet1');
  for (const line of o.title ?? []) ws.addRow([line]);
  ws.addRow(t.header);
  for (const r of rows) {
    const added = ws.addRow(
      r.cells.map((c, i) => {
        const h = t.header[i]!;
        if (c !== '' && DATE_COLUMNS.has(h)) return new Date(`${c}T00:00:00Z`);
        if (c !== '' && NUMBER_COLUMNS.has(h)) return Number(c);
        return c === '' ? null : c;
      }),
    );
    t.header.forEach((h, i) => {
      if (DATE_COLUMNS.has(h)) added.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  writeFileSync(xlsxFile, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Reads every sheet back with exceljs (not with our reader): what Excel will find in the file. */
export async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}
