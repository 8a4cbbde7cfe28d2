import type { Calendar } from '../../core/calendar/index.js';
import type { DisclosureRules } from '../../core/check/deadlines.js';
import { result, type CheckResult, type Finding } from '../../core/check/findings.js';
import { planPeriods, type PlanView } from '../../core/check/plan-view.js';
import { parseLedger, type LedgerChain } from '../../core/ledger.js';
import { resultsDeadlines, type ResultsDeadlineItem } from '../../core/results/deadlines.js';
import type { IsoDate } from '../../core/values.js';
import { loadPlanView } from '../../io/compliance.js';
import { readInputFile } from '../../io/files.js';

/**
 * The `results` check of `check all`: results publications on the ledger against the draws of the
 * plan. Kept in its own file so check.ts only gains a load line and a push line.
 */

export interface ResultsCheckInputs {
  chain: LedgerChain;
  plan: PlanView;
}

export async function loadResultsCheckInputs(c: { ledger: string; plan: string }): Promise<ResultsCheckInputs> {
  const [bytes, plan] = await Promise.all([readInputFile(c.ledger), loadPlanView(c.plan)]);
  return { chain: parseLedger(bytes, c.ledger), plan };
}

/** The finding's code (check.results.*) and the values its sentence is built from. */
export function deadlineItemCode(i: ResultsDeadlineItem): Pick<Finding, 'code' | 'params'> {
  switch (i.code) {
    case 'late':
      return {
        code: 'check.results.late',
        params: { rows: i.rows, units: i.units, published_on: i.publishedOn, first_deadline: i.firstDeadline, working_days_late: i.workingDaysLate, basis: i.basis },
      };
    case 'open':
      return { code: 'check.results.open', params: { period_end: i.periodEnd, grace_until: i.graceUntil, working_days_over: i.workingDaysOver } };
    case 'pending':
      return { code: 'check.results.pending', params: { grace_until: i.graceUntil, working_days_left: i.workingDaysLeft } };
  }
}

export function checkResults(inputs: ResultsCheckInputs, rules: DisclosureRules, cal: Calendar, asOf: IsoDate, graceWorkingDays: number, warnDays: number, ledgerShown: string): CheckResult {
  const { items, checked } = resultsDeadlines({
    planId: inputs.plan.id,
    planYear: inputs.plan.year,
    periods: planPeriods(inputs.plan),
    // a broken chain is `check draws`' finding; here every well-formed draw still counts
    draws: [...inputs.chain.lines, ...inputs.chain.unchained],
    results: inputs.chain.results,
    cal,
    asOf,
    rule: rules.results,
    graceWorkingDays,
    warnDays,
  });
  const all: Finding[] = items.map((i) => ({
    check: 'results',
    severity: i.code === 'pending' ? 'warning' : 'finding',
    subject: i.period,
    ...deadlineItemCode(i),
    file: ledgerShown,
    line: i.line,
  }));
  return result('results', all, checked);
}
