import iconv from 'iconv-lite';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { DECISION_KINDS } from '../core/records.js';
import { NO_DATE, STATUS_BY_URGENCY, type DeadlineTable } from '../core/check/index.js';
import { csvCell } from './csv.js';
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

function* csvPieces(t: DeadlineTable, header: string[], status: string[], enc: OutputEncoding): Generator<Uint8Array> {
  const encode = (text: string) => (enc === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, enc));
  if (enc === 'utf8') yield Buffer.from([0xef, 0xbb, 0xbf]);
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
