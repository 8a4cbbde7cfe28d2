import { addWorkingDays, countWorkingDays, UncoveredYearError, type Calendar } from '../calendar/index.js';
import type { IsoDate } from '../values.js';
import type { CaseRecord } from './cases-spec.js';
import { result, type CheckResult, type Finding } from './findings.js';

/**
 * 劳动保障监察条例 第十七条: "对违反劳动保障法律、法规或者规章的行为的调查，应当自立案之日起60个工作日内完成；
 * 对情况复杂的，经劳动保障行政部门负责人批准，可以延长30个工作日". The limit is on the investigation
 * (立案 → 调查终结), not on 结案.
 */
export interface CaseLimits {
  workingDays: number;
  extensionDays: number;
}

export const DEFAULT_CASE_LIMITS: CaseLimits = { workingDays: 60, extensionDays: 30 };

export function checkCases(cases: readonly CaseRecord[], cal: Calendar, asOf: IsoDate, warnDays: number, limits = DEFAULT_CASE_LIMITS, file?: string): CheckResult {
  const all: Finding[] = [];
  const missing: number[] = [];
  const missingRows: { line: number; caseNo: string; year: number }[] = [];
  for (const c of cases) {
    try {
      const days = limits.workingDays + (c.extended ? limits.extensionDays : 0);
      const limit = addWorkingDays(cal, c.openedOn, days);
      const base = { check: 'cases' as const, subject: c.caseNo, file, line: c.line };
      if (c.closedOn) {
        if (c.closedOn > limit) {
          const late = Math.max(1, countWorkingDays(cal, limit, c.closedOn));
          all.push({ ...base, severity: 'finding', code: 'check.case.closed.late', params: { opened_on: c.openedOn, working_days: days, limit, closed_on: c.closedOn, late } });
        }
      } else if (asOf > limit) {
        const late = Math.max(1, countWorkingDays(cal, limit, asOf));
        all.push({ ...base, severity: 'finding', code: 'check.case.overdue', params: { opened_on: c.openedOn, working_days: days, limit, late, extended: c.extended } });
      } else {
        const left = countWorkingDays(cal, asOf, limit);
        if (left <= warnDays) all.push({ ...base, severity: 'warning', code: 'check.case.due', params: { opened_on: c.openedOn, working_days: days, limit, left, extended: c.extended } });
      }
    } catch (e) {
      if (!(e instanceof UncoveredYearError)) throw e;
      for (const y of e.years) {
        missing.push(y);
        missingRows.push({ line: c.line, caseNo: c.caseNo, year: y });
      }
    }
  }
  if (missing.length) throw new UncoveredYearError(missing, cal.overlayGaps, missingRows, file);
  return result('cases', all, cases.length);
}
