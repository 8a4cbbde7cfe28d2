import type { xlsx as zh } from '../zh/xlsx.js';

const SAVE_AS = 'Save it from Excel/WPS as .xlsx or as CSV (UTF-8) and try again';

export const xlsx: typeof zh = {
  optSheet: 'sheet of an .xlsx input: a name or a number from 1 (default: the first visible sheet with content)',
  optFormat: 'output format: csv (default), xlsx, or csv,xlsx',
  initNext: (dir: string) =>
    `Next: in ${dir}, edit plan.yaml for your office, fill employers.xlsx and inspectors.xlsx (see each file's 填写说明 sheet), then run shuangsui draw.`,
  badFormat: (v: string) => `unknown output format ${v} (use csv, xlsx or csv,xlsx)`,
  saveAs: SAVE_AS,
  legacy: (file: string) => `${file} is an old Excel .xls or WPS .et file, which this tool does not read. ${SAVE_AS}`,
  encrypted: (file: string) => `${file} is an encrypted (password-protected) .xlsx file and cannot be read. Remove the password in Excel/WPS (File → Info → Protect Workbook → Encrypt with Password, clear it) and save again, or save it as CSV (UTF-8)`,
  unreadable: (file: string, why: string) => `cannot read the .xlsx file ${file} (${why}). ${SAVE_AS}`,
  noSheet: (file: string) => `${file} has no sheet with any content`,
  sheetNotFound: (file: string, sheet: string, names: string[]) =>
    `${file} has no sheet "${sheet}" (--sheet takes a name or a number from 1; this file's sheets: ${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
  sheetEmpty: (file: string, sheet: string) => `sheet "${sheet}" of ${file} is empty: no header row`,
  headerAt: (file: string, sheet: string, row: number, skipped: string) =>
    `${file} sheet "${sheet}": row ${row} is the header; skipped above it (title rows): ${skipped}`,
  skippedRow: (row: number, text: string) => `row ${row} "${text}"`,
  usedSheet: (file: string, sheet: string, others: number) => `${file}: reading sheet "${sheet}" (${others} other sheet${others === 1 ? '' : 's'} not read; choose with --sheet)`,
  damagedNumber: (shown: string) =>
    `the code was stored by Excel as a number (shown as ${shown}); a number of more than 15 significant digits cannot be stored exactly, and its last digits are already lost. Format the column as Text and type the codes again from the source documents (or start each with an apostrophe '); changing the format back is not enough`,
  formulaCached: (formula: string, value: string) =>
    `a formula (=${formula}); using the result Excel saved, "${value}"; formulas are never evaluated`,
  formulaNoValue: (formula: string) =>
    `the cell is a formula (=${formula}) with no saved result (the file was not saved by Excel/WPS). Open and save it in Excel/WPS once, or replace the formula by its value (Copy → Paste Special → Values)`,
  errorCell: (code: string) => `the cell shows the Excel error ${code}, not data. Correct the cell in Excel/WPS`,
  invalidDate: (iso: string) => `the date cell holds ${iso}, a date that does not exist (Excel's legacy 1900 leap-year bug). Enter the correct date`,
  notesSheet: 'Notes',
  notesHeader: ['Column', 'Note'],
  verifiedByContent: (name: string, csv: string) => `${name}: equal cell by cell to the canonical record ${csv} (.xlsx is checked by content, not by bytes)`,
  contentDiffers: (csv: string) => `content differs from the canonical record ${csv}`,
  tooManyRows: (sheet: string, rows: number, max: number) =>
    `.xlsx sheet "${sheet}" would hold ${rows} rows, more than an Excel sheet's ${max}: it cannot be written as .xlsx, and nothing was written. Use CSV output (--format csv)`,
  cellDiffers: (cell: string, expected: string, found: string) => `  ${cell}: expected "${expected}", found "${found}"`,
};
