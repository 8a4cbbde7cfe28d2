import { addWorkingDays, countWorkingDays, type Calendar } from '../calendar/index.js';
import type { LedgerLine, ResultsLine } from '../ledger.js';
import type { IsoDate } from '../values.js';

/**
 * When the results of a draw are due, judged from the ledger alone: a results entry records how
 * many rows were inspected on each day, and each row is due `workingDays` after its 检查日期
 * (the day itself not counted, as every disclosure deadline). A draw with no publication is judged
 * by its period: inspections still open after the period's end plus a grace are a finding.
 * Pure: codes and params; `check all` words them.
 */

export interface ResultsRule {
  workingDays: number;
  basis: string;
}

export interface PeriodSpan {
  label: string;
  start: IsoDate;
  end: IsoDate;
}

export type ResultsDeadlineItem =
  /** published, but some rows after their deadline */
  | { code: 'late'; period: string; line: number; rows: number; units: number; publishedOn: IsoDate; firstDeadline: IsoDate; workingDaysLate: number; basis: string }
  /** nothing published and the period plus grace is over */
  | { code: 'open'; period: string; line: number; periodEnd: IsoDate; graceUntil: IsoDate; workingDaysOver: number }
  /** nothing published yet; the grace is running (a warning within warnDays) */
  | { code: 'pending'; period: string; line: number; graceUntil: IsoDate; workingDaysLeft: number };

export interface ResultsDeadlineInput {
  planId: string;
  planYear: number;
  periods: readonly PeriodSpan[];
  draws: readonly LedgerLine[];
  results: readonly ResultsLine[];
  cal: Calendar;
  asOf: IsoDate;
  rule: ResultsRule;
  graceWorkingDays: number;
  warnDays: number;
}

export function resultsDeadlines(x: ResultsDeadlineInput): { items: ResultsDeadlineItem[]; checked: number } {
  const items: ResultsDeadlineItem[] = [];
  // a redraw replaces the earlier draw of its period: the last entry is the one in force
  const inForce = new Map<string, LedgerLine>();
  for (const l of x.draws) if (l.entry.plan_id === x.planId && l.entry.plan_year === x.planYear) inForce.set(l.entry.period, l);
  let checked = 0;
  for (const p of x.periods) {
    const draw = inForce.get(p.label);
    if (!draw) continue; // a missing draw is `check draws`' finding, not ours
    checked++;
    // a republication corrects the content; the publication date that counts is the first one
    const first = x.results.find((r) => r.entry.draw_seq === draw.entry.seq);
    if (first) {
      const e = first.entry;
      let rows = 0;
      let firstDeadline: IsoDate | null = null;
      for (const [date, n] of Object.entries(e.by_date)) {
        const due = addWorkingDays(x.cal, date, x.rule.workingDays);
        if (e.published_on > due) {
          rows += n;
          if (firstDeadline === null || due < firstDeadline) firstDeadline = due;
        }
      }
      if (rows && firstDeadline) {
        items.push({ code: 'late', period: p.label, line: first.line, rows, units: e.units, publishedOn: e.published_on, firstDeadline, workingDaysLate: Math.max(1, countWorkingDays(x.cal, firstDeadline, e.published_on)), basis: x.rule.basis });
      }
      continue;
    }
    if (x.asOf <= p.end) continue;
    const graceUntil = addWorkingDays(x.cal, p.end, x.graceWorkingDays);
    if (x.asOf > graceUntil) items.push({ code: 'open', period: p.label, line: draw.line, periodEnd: p.end, graceUntil, workingDaysOver: Math.max(1, countWorkingDays(x.cal, graceUntil, x.asOf)) });
    else {
      const left = countWorkingDays(x.cal, x.asOf, graceUntil);
      if (left <= x.warnDays) items.push({ code: 'pending', period: p.label, line: draw.line, graceUntil, workingDaysLeft: left });
    }
  }
  return { items, checked };
}
