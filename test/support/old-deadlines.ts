import type { ChalkInstance } from 'chalk';
import { InputError } from '../../src/errors.js';
import { m } from '../../src/i18n/index.js';
import type { DeadlineRow, DisclosureRules } from '../../src/core/check/index.js';
import { addWorkingDays, countWorkingDays, type Calendar } from '../../src/core/calendar/index.js';
import type { Decision, DecisionKind } from '../../src/core/records.js';
import type { IsoDate } from '../../src/core/values.js';
import { formatCsv } from '../../src/io/csv.js';
import { loadDecisions } from '../../src/io/tables.js';
import { renderTable } from '../../src/ui/text.js';

/**
 * `check deadlines` as it was before it streamed, kept only as the reference of the differential
 * tests: the whole file loaded by loadDecisions into Decision objects, rows built by object spread
 * and sorted by the field-by-field comparator, and the outputs made with renderTable, formatCsv and
 * one JSON.stringify, exactly as src/commands/check.ts made them.
 */
const URGENCY: Record<DeadlineRow['status'], number> = { 'withdrawal-overdue': 0, overdue: 1, 'withdrawal-late': 2, late: 3, 'withdrawal-due': 4, due: 5, withdrawn: 6, ok: 7 };
const lateBy = (cal: Calendar, deadline: string, day: string) => Math.max(1, countWorkingDays(cal, deadline, day));

export function oldDeadlines(decisions: readonly Decision[], rules: DisclosureRules, cal: Calendar, asOf: string, warnDays: number): DeadlineRow[] {
  const ruleOf = new Map<DecisionKind, DisclosureRules['publish'][number]>();
  for (const r of rules.publish) for (const k of r.kinds) ruleOf.set(k, r);
  const rows = decisions.map((d) => oldRow(d, ruleOf.get(d.kind)!, rules, cal, asOf, warnDays));
  return rows.sort(
    (a, b) =>
      URGENCY[a.status] - URGENCY[b.status] ||
      (URGENCY[a.status] <= 3 ? b.workingDays - a.workingDays : a.workingDays - b.workingDays) ||
      (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
      (a.caseNo < b.caseNo ? -1 : 1),
  );
}

function oldRow(d: Decision, rule: DisclosureRules['publish'][number], rules: DisclosureRules, cal: Calendar, asOf: string, warnDays: number): DeadlineRow {
  const deadline = addWorkingDays(cal, d.decidedOn, rule.workingDays);
  const base = { caseNo: d.caseNo, kind: d.kind, decidedOn: d.decidedOn, publishedOn: d.publishedOn, deadline, revokedOn: d.revokedOn, withdrawnOn: d.withdrawnOn, line: d.line };
  if (d.revokedOn && d.publishedOn) {
    const wRule = rules.withdrawal.find((w) => w.kinds.includes(d.kind))!;
    const wDeadline = addWorkingDays(cal, d.revokedOn, wRule.workingDays);
    const wBase = { ...base, withdrawalDeadline: wDeadline, deadline: wDeadline, basis: wRule.basis };
    if (d.withdrawnOn) {
      return d.withdrawnOn > wDeadline
        ? { ...wBase, status: 'withdrawal-late', workingDays: lateBy(cal, wDeadline, d.withdrawnOn), soon: false }
        : { ...wBase, status: 'withdrawn', workingDays: 0, soon: false };
    }
    if (asOf > wDeadline) return { ...wBase, status: 'withdrawal-overdue', workingDays: lateBy(cal, wDeadline, asOf), soon: false };
    const left = countWorkingDays(cal, asOf, wDeadline);
    return { ...wBase, status: 'withdrawal-due', workingDays: left, soon: left <= warnDays };
  }
  const pBase = { ...base, withdrawalDeadline: null, basis: rule.basis };
  if (d.publishedOn) {
    return d.publishedOn > deadline
      ? { ...pBase, status: 'late', workingDays: lateBy(cal, deadline, d.publishedOn), soon: false }
      : { ...pBase, status: 'ok', workingDays: 0, soon: false };
  }
  if (d.revokedOn) return { ...pBase, status: 'ok', workingDays: 0, soon: false };
  if (asOf > deadline) return { ...pBase, status: 'overdue', workingDays: lateBy(cal, deadline, asOf), soon: false };
  const left = countWorkingDays(cal, asOf, deadline);
  return { ...pBase, status: 'due', workingDays: left, soon: left <= warnDays };
}

const FINDING_STATUSES = new Set(['withdrawal-overdue', 'withdrawal-late', 'overdue', 'late']);
const STATUS_ORDER: DeadlineRow['status'][] = ['withdrawal-overdue', 'overdue', 'withdrawal-late', 'late', 'withdrawal-due', 'due', 'withdrawn', 'ok'];

function statusText(r: DeadlineRow): string {
  const t = m().check;
  return t.statusLabels[r.status]! + (r.soon ? t.soonMark : '');
}

function deadlineCells(rows: DeadlineRow[]): string[][] {
  return rows.map((r) => [r.caseNo, r.kind, r.decidedOn, r.publishedOn ?? '', r.deadline, statusText(r), r.status, String(r.workingDays), r.revokedOn ?? '', r.withdrawnOn ?? '', r.basis]);
}

function deadlineJson(r: DeadlineRow) {
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

/** What `check deadlines` printed and wrote (or the error it stopped with), made the old way. */
export interface DeadlinesOutcome {
  error?: { name: string; message: string; problems: unknown[]; total: number };
  warnings: string[];
  table?: string;
  json?: string;
  /** the CSV's bytes, one char per byte (a Buffer of 10^5 bytes is slow for toEqual) */
  csv?: string;
  findings?: number;
}

/** What one ui.out call writes: the text, ended by a line break if it has none. */
export const out = (text: string) => (text.endsWith('\n') ? text : text + '\n');

export const errorOutcome = (e: unknown, warnings: string[]): DeadlinesOutcome => {
  if (!(e instanceof InputError)) throw e;
  return { error: { name: e.name, message: e.message, problems: e.problems, total: e.total }, warnings };
};

export async function oldCheckDeadlines(
  file: string,
  o: { encoding?: 'auto' | 'utf8' | 'gbk' | 'gb18030'; since: IsoDate | null; rules: DisclosureRules; cal: Calendar; asOf: IsoDate; warnDays: number; color: ChalkInstance; outEncoding: 'utf8' | 'gbk' | 'gb18030' },
): Promise<DeadlinesOutcome> {
  const warnings: string[] = [];
  try {
    const t = m().check;
    const decisions = await loadDecisions(file, { encoding: o.encoding, warn: (s) => warnings.push(s) });
    const rows = oldDeadlines(decisions.records.filter((d) => !o.since || d.decidedOn >= o.since), o.rules, o.cal, o.asOf, o.warnDays);
    const csv = formatCsv(t.csvHeader, deadlineCells(rows), o.outEncoding, 'out.csv');
    const c = o.color;
    const paint = (r: DeadlineRow, s: string) => (FINDING_STATUSES.has(r.status) ? c.red(s) : r.soon ? c.yellow(s) : s);
    const table = renderTable(
      [t.colCaseNo, t.colKind, t.colDecidedOn, t.colDeadline, t.colPublishedOn, t.colStatus, t.colDays],
      rows.map((r) => [r.caseNo, r.kind, r.decidedOn, r.deadline, r.publishedOn ?? '', paint(r, statusText(r)), r.workingDays ? String(r.workingDays) : '']),
      ['left', 'left', 'left', 'left', 'left', 'left', 'right'],
    );
    const counts = STATUS_ORDER.map((s) => [t.statusLabels[s]!, rows.filter((r) => r.status === s).length] as [string, number]);
    return {
      warnings,
      table: out(table) + out('') + out(t.deadlinesSummary(rows.length, counts)),
      json: out(JSON.stringify(rows.map(deadlineJson), null, 2)),
      csv: csv.toString('latin1'),
      findings: rows.filter((r) => FINDING_STATUSES.has(r.status)).length,
    };
  } catch (e) {
    return errorOutcome(e, warnings);
  }
}
