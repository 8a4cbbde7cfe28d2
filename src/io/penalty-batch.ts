import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { controlProblem, shapeProblem } from '../core/table-schema.js';
import { CONTROL_CHARS } from '../core/values.js';
import type { CsvTable } from './csv.js';
import { decodeText, type InputEncoding } from './encoding.js';
import { parseCsvFast } from './fast-csv.js';
import { readInputFile } from './files.js';
import { isWorkbook, locateInSheet, readPlainSheet, type SheetTable } from './xlsx.js';

/** The case file of `penalty --batch`, read as every other table is, plus where it came from. */
export interface BatchTable extends CsvTable {
  /** the sheet, for a workbook: row-shape and control problems are located in it as Excel shows them */
  sheet?: SheetTable;
  /** whether any cell can hold a control character (false when the whole CSV text has none) */
  controls: boolean;
}

/**
 * Reads the case table: a workbook by its ZIP magic (the header is the first row with a rule
 * column), otherwise CSV text in any office encoding through the one scanner.
 */
export async function readBatchTable(
  file: string,
  opts: { encoding: InputEncoding; sheet?: string; warn: (text: string) => void; isHeader: (cells: string[]) => boolean },
): Promise<BatchTable> {
  const bytes = await readInputFile(file);
  if (isWorkbook(bytes, file)) {
    const sheet = await readPlainSheet(bytes, file, {
      sheet: opts.sheet,
      warn: opts.warn,
      isHeader: opts.isHeader,
      columnKind: (h) => (/日期|_date$/i.test(h) ? 'date' : 'other'),
    });
    return { header: sheet.header, rows: sheet.rows, delimiter: sheet.delimiter, sheet, controls: true };
  }
  const text = decodeText(bytes, opts.encoding, file).text;
  // one search over the whole text spares a search per cell when there is nothing to find
  return { ...parseCsvFast(text, file), controls: CONTROL_CHARS.test(text) };
}

/**
 * The checks every other table gets before its cells are read (core/table-schema's): a row with a
 * filled cell beyond the header or with too few cells, and C0/C1 control characters, refuse the
 * file with every such row located (exit 2). The batch has no --lenient, so the message offers none.
 */
export function checkBatchRows(table: BatchTable, file: string): void {
  const controls = table.controls;
  const problems: Problem[] = [];
  const header = table.header;
  if (controls) {
    const p = controlProblem(header, header, 1, file);
    if (p) problems.push(p);
  }
  if (!problems.length) {
    for (const row of table.rows) {
      const p = shapeProblem(row.cells, header.length, row.line, file, false) ?? (controls ? controlProblem(row.cells, header, row.line, file) : null);
      if (p) problems.push(p);
    }
  }
  if (!problems.length) return;
  const located = table.sheet ? locateInSheet(problems, table.sheet) : problems;
  throw new InputError(m().errors.problemCount(located.length, file), located);
}
