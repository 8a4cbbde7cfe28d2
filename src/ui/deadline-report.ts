import type { ChalkInstance } from 'chalk';
import { m } from '../i18n/index.js';
import { DECISION_KINDS } from '../core/records.js';
import { deadlineRow, STATUS_BY_URGENCY, type DeadlineRow, type DeadlineTable } from '../core/check/index.js';
import { displayWidth } from './text.js';

/**
 * The report of `check deadlines` on the terminal, written from the columns in pieces of a few
 * thousand rows: at 10^6 decisions the whole table as one string (and one string array per row
 * before it) was most of the memory. The bytes are those of renderTable over the same cells, and of
 * JSON.stringify(rows, null, 2) for --json.
 */

const ROWS_PER_PIECE = 512;

/** 状态 as shown: the label, with the "due soon" mark. */
export function statusText(r: Pick<DeadlineRow, 'status' | 'soon'>): string {
  const t = m().check;
  return t.statusLabels[r.status]! + (r.soon ? t.soonMark : '');
}

/**
 * The table (header, rule, one line per decision, most urgent first) as pieces of whole lines
 * joined by "\n"; each piece is printed as one ui.out call, which ends it with the line break.
 */
export function* deadlineTableText(t: DeadlineTable, color: ChalkInstance): Generator<string> {
  const s = m().check;
  const d = t.decisions;
  const n = d.n;
  const header = [s.colCaseNo, s.colKind, s.colDecidedOn, s.colDeadline, s.colPublishedOn, s.colStatus, s.colDays];
  // the status cell of each (status, soon) pair, painted as before: red for findings, yellow when due soon
  const statusCell: string[] = [];
  for (let u = 0; u < STATUS_BY_URGENCY.length; u++) {
    for (const soon of [0, 1]) {
      const text = statusText({ status: STATUS_BY_URGENCY[u]!, soon: soon === 1 });
      statusCell[u * 2 + soon] = u <= 3 ? color.red(text) : soon ? color.yellow(text) : text;
    }
  }
  const statusWidth = statusCell.map(displayWidth);
  const kindWidth = DECISION_KINDS.map(displayWidth);
  const dateWidth = d.dates.map(displayWidth);
  const caseWidth = new Int32Array(n);
  const widths = header.map(displayWidth);
  const wider = (k: number, w: number) => {
    if (w > widths[k]!) widths[k] = w;
  };
  for (let i = 0; i < n; i++) {
    const cw = displayWidth(d.caseNo[i]!);
    caseWidth[i] = cw;
    wider(0, cw);
    wider(1, kindWidth[d.kind[i]!]!);
    wider(2, dateWidth[d.decided[i]!]!);
    wider(3, dateWidth[t.deadline[i]!]!);
    if (d.published[i]! >= 0) wider(4, dateWidth[d.published[i]!]!);
    wider(5, statusWidth[t.urgency[i]! * 2 + t.soon[i]!]!);
    const days = t.days[i]!;
    if (days) wider(6, String(days).length);
  }
  const pad = (cell: string, w: number, width: number) => (w >= width ? cell : cell + ' '.repeat(width - w));
  const line = (cells: string[], cellWidths: number[]) => {
    let out = '';
    for (let k = 0; k < 7; k++) {
      if (k) out += '  ';
      const c = cells[k]!;
      out += k === 6 ? (cellWidths[k]! >= widths[k]! ? c : ' '.repeat(widths[k]! - cellWidths[k]!) + c) : pad(c, cellWidths[k]!, widths[k]!);
    }
    return out.trimEnd();
  };
  // A row is the line() of its cells. The cells other than the case number repeat (kinds, dates,
  // statuses, day counts), so each is padded once, with the two spaces that follow it; the end
  // of the line (status and days) is trimmed once per status and count. A row whose end would
  // trim into the columns before it (an empty status) is made by line() itself.
  const spaces: string[] = [];
  const space = (k: number) => (spaces[k] ??= ' '.repeat(k));
  const gap = (cell: string, w: number, k: number) => pad(cell, w, widths[k]!) + '  ';
  const kindCell = DECISION_KINDS.map((kind, k) => gap(kind, kindWidth[k]!, 1));
  const dateCell = (k: number) => {
    const cells: string[] = [];
    // by id + 1: NO_DATE (-1), an empty cell, is 0
    return (id: number) => (cells[id + 1] ??= id >= 0 ? gap(d.dates[id]!, dateWidth[id]!, k) : gap('', 0, k));
  };
  const decidedCell = dateCell(2);
  const deadlineCell = dateCell(3);
  const publishedCell = dateCell(4);
  const ends = new Map<number, string>();
  const endOf = (st: number, days: number): string => {
    const key = days * 16 + st;
    let e = ends.get(key);
    if (e === undefined) {
      const dayText = days ? String(days) : '';
      e = (pad(statusCell[st]!, statusWidth[st]!, widths[5]!) + '  ' + (dayText.length >= widths[6]! ? dayText : space(widths[6]! - dayText.length) + dayText)).trimEnd();
      ends.set(key, e);
    }
    return e;
  };
  let piece = [line(header, header.map(displayWidth)), widths.map((w) => '─'.repeat(w)).join('  ')];
  const cells = new Array<string>(7);
  const cellWidths = new Array<number>(7);
  for (let k = 0; k < n; k++) {
    const i = t.order[k]!;
    const published = d.published[i]!;
    const st = t.urgency[i]! * 2 + t.soon[i]!;
    const days = t.days[i]!;
    const end = Number.isInteger(days) && days >= 0 && days < 2 ** 24 ? endOf(st, days) : '';
    if (end !== '') {
      const cw = caseWidth[i]!;
      piece.push(d.caseNo[i]! + (cw >= widths[0]! ? '  ' : space(widths[0]! - cw + 2)) + kindCell[d.kind[i]!]! + decidedCell(d.decided[i]!) + deadlineCell(t.deadline[i]!) + publishedCell(published) + end);
    } else {
      cells[0] = d.caseNo[i]!;
      cellWidths[0] = caseWidth[i]!;
      cells[1] = DECISION_KINDS[d.kind[i]!]!;
      cellWidths[1] = kindWidth[d.kind[i]!]!;
      cells[2] = d.dates[d.decided[i]!]!;
      cellWidths[2] = dateWidth[d.decided[i]!]!;
      cells[3] = d.dates[t.deadline[i]!]!;
      cellWidths[3] = dateWidth[t.deadline[i]!]!;
      cells[4] = published >= 0 ? d.dates[published]! : '';
      cellWidths[4] = published >= 0 ? dateWidth[published]! : 0;
      cells[5] = statusCell[st]!;
      cellWidths[5] = statusWidth[st]!;
      cells[6] = days ? String(days) : '';
      cellWidths[6] = cells[6].length;
      piece.push(line(cells, cellWidths));
    }
    if (piece.length === ROWS_PER_PIECE) {
      yield piece.join('\n');
      piece = [];
    }
  }
  if (piece.length) yield piece.join('\n');
}

/** The summary line under the table: how many decisions in each status. */
export function deadlineSummary(t: DeadlineTable): string {
  const s = m().check;
  return s.deadlinesSummary(
    t.decisions.n,
    STATUS_BY_URGENCY.map((st, u) => [s.statusLabels[st]!, t.counts[u]!] as [string, number]),
  );
}

/** One row of --json. */
export function deadlineJson(r: DeadlineRow) {
  return {
    case_no: r.caseNo,
    kind: r.kind,
    decided_on: r.decidedOn,
    published_on: r.publishedOn,
    deadline: r.deadline,
    status: r.status,
    working_days_late_or_left: r.workingDays,
    due_soon: r.soon,
    revoked_on: r.revokedOn,
    withdrawn_on: r.withdrawnOn,
    basis: r.basis,
    line: r.line,
  };
}

/**
 * --json: the bytes of JSON.stringify(rows.map(deadlineJson), null, 2), in pieces. Every piece but
 * the last ends with a line break (so ui.out adds none); the last ends with "]" and gets one.
 */
export function* deadlineJsonText(t: DeadlineTable): Generator<string> {
  const n = t.decisions.n;
  if (n === 0) {
    yield '[]';
    return;
  }
  let piece = '[\n';
  for (let k = 0; k < n; k++) {
    piece += '  ' + JSON.stringify(deadlineJson(deadlineRow(t, t.order[k]!)), null, 2).replace(/\n/g, '\n  ');
    if (k === n - 1) break;
    piece += ',\n';
    if (piece.length >= 1 << 16) {
      yield piece;
      piece = '';
    }
  }
  yield piece + '\n]';
}
