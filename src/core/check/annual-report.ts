import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { addDays, countWorkingDays, isWorkingDay, rollForward, UncoveredYearError, type Calendar, type ProblemAt } from '../calendar/index.js';
import { parseDate, type IsoDate } from '../values.js';
import { result, type CheckResult } from './findings.js';

/**
 * The yearly publication of enforcement statistics. 国办发〔2018〕118号 says 1月31日; some offices
 * set 1月25日; some say "春节前", which is ambiguous, so the office must name the day it means.
 */
export type SpringFestivalDay = 'eve' | 'first-day' | 'holiday-start';
export const SPRING_FESTIVAL_DAYS: readonly SpringFestivalDay[] = ['eve', 'first-day', 'holiday-start'];

export interface AnnualReportRule {
  /** MM-DD of the publishing year, or the Spring Festival */
  deadline: { kind: 'date'; monthDay: string } | { kind: 'spring-festival'; day: SpringFestivalDay };
  /**
   * "1月31日前", "1月25日前", "春节前": whether the named day itself is still in time. One setting for all
   * three, so the same word never means two things; inclusive is this tool's default, not the law's.
   */
  before: 'inclusive' | 'exclusive';
  /**
   * A fixed date (国办发〔2018〕118号: 1月31日前) does not move when it is a day off: 民法典 第二百零三条 is
   * about the last day of a period, not a fixed date. An office whose own rule says otherwise opts in.
   */
  rollForward: boolean;
}

export const DEFAULT_ANNUAL_RULE: AnnualReportRule = { deadline: { kind: 'date', monthDay: '01-31' }, before: 'inclusive', rollForward: false };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `annual_report:` of compliance.yaml (year and published_on are read by the caller). */
export function parseAnnualRule(data: unknown, at: ProblemAt, path: (string | number)[], problems: Problem[]): AnnualReportRule {
  const t = m().check;
  if (data === undefined || data === null) return DEFAULT_ANNUAL_RULE;
  if (!isMap(data)) {
    problems.push(at(path, m().calendar.notMapping));
    return DEFAULT_ANNUAL_RULE;
  }
  let deadline: AnnualReportRule['deadline'] = DEFAULT_ANNUAL_RULE.deadline;
  const raw = data.deadline === undefined ? '01-31' : String(data.deadline).trim();
  if (raw === 'spring-festival' || raw === '春节前') {
    const day = data.spring_festival;
    if (!SPRING_FESTIVAL_DAYS.includes(day as SpringFestivalDay)) problems.push(at([...path, 'spring_festival'], t.springFestivalDayRequired, day));
    else deadline = { kind: 'spring-festival', day: day as SpringFestivalDay };
  } else {
    const mt = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
    const md = mt ? `${mt[1]!.padStart(2, '0')}-${mt[2]!.padStart(2, '0')}` : '';
    if (!mt || parseDate(`2024-${md}`) === undefined) problems.push(at([...path, 'deadline'], t.badAnnualDeadline, data.deadline));
    else deadline = { kind: 'date', monthDay: md };
  }
  if (data.roll_forward !== undefined && typeof data.roll_forward !== 'boolean') problems.push(at([...path, 'roll_forward'], m().calendar.notBool, data.roll_forward));
  let before = DEFAULT_ANNUAL_RULE.before;
  if (data.before !== undefined && data.before !== null) {
    const b = String(data.before).trim();
    if (b === 'inclusive' || b === '含当日') before = 'inclusive';
    else if (b === 'exclusive' || b === '不含当日') before = 'exclusive';
    else problems.push(at([...path, 'before'], t.badBefore, data.before));
  }
  return { deadline, before, rollForward: data.roll_forward === true };
}

export interface AnnualDeadline {
  /** the year the statistics are about */
  year: number;
  /** last day on which publication is in time */
  deadline: IsoDate;
  /** how the deadline was reached, spelled out for the report */
  explanation: string;
}

export function annualReportDeadline(cal: Calendar, statsYear: number, rule: AnnualReportRule): AnnualDeadline {
  const t = m().check;
  const y = statsYear + 1;
  const inclusive = rule.before === 'inclusive';
  if (rule.deadline.kind === 'date') {
    const named = `${y}-${rule.deadline.monthDay}`;
    const last = inclusive ? named : addDays(named, -1);
    if (!rule.rollForward) return { year: statsYear, deadline: last, explanation: t.annualNominal(named, last, inclusive) };
    const rolled = rollForward(cal, last);
    return { year: statsYear, deadline: rolled, explanation: rolled === last ? t.annualNominal(named, last, inclusive) : t.annualRolled(named, last, rolled, inclusive) };
  }
  const covered = cal.covered.get(y);
  if (!covered) throw new UncoveredYearError([y], cal.overlayGaps);
  const firstDay = covered.springFestival;
  if (!firstDay) throw new InputError(t.noSpringFestival(y));
  let day = firstDay;
  if (rule.deadline.day === 'eve') day = addDays(firstDay, -1);
  if (rule.deadline.day === 'holiday-start') while (!isWorkingDay(cal, addDays(day, -1))) day = addDays(day, -1);
  // "前" is read the same way as for a fixed date: the named day itself is in time only when inclusive
  const deadline = inclusive ? day : addDays(day, -1);
  return { year: statsYear, deadline, explanation: t.annualSpringFestival(rule.deadline.day, day, deadline, inclusive) };
}

export function checkAnnualReport(
  cal: Calendar,
  statsYear: number,
  rule: AnnualReportRule,
  asOf: IsoDate,
  publishedOn: IsoDate | null,
  warnDays: number,
): CheckResult & { deadline: AnnualDeadline } {
  const t = m().check;
  const d = annualReportDeadline(cal, statsYear, rule);
  const base = { check: 'annual-report' as const, subject: t.annualSubject(statsYear) };
  const all = [];
  if (publishedOn) {
    if (publishedOn > d.deadline) all.push({ ...base, severity: 'finding' as const, message: t.annualLate(publishedOn, d.deadline, d.explanation) });
  } else if (asOf > d.deadline) {
    all.push({ ...base, severity: 'finding' as const, message: t.annualOverdue(d.deadline, d.explanation) });
  } else {
    const left = countWorkingDays(cal, asOf, d.deadline);
    if (left <= warnDays) all.push({ ...base, severity: 'warning' as const, message: t.annualDueSoon(d.deadline, left, d.explanation) });
  }
  return { ...result('annual-report', all, 1), deadline: d };
}
