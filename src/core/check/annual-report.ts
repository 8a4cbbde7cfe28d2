import { CodedInputError, type Problem, type ProblemParams } from '../../errors.js';
import { addDays, countWorkingDays, isWorkingDay, rollForward, UncoveredYearError, type Calendar, type ProblemAt } from '../calendar/index.js';
import { parseDate, type IsoDate } from '../values.js';
import { codedAt, result, type CheckResult, type Finding } from './findings.js';

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
  if (data === undefined || data === null) return DEFAULT_ANNUAL_RULE;
  if (!isMap(data)) {
    problems.push(codedAt(at, path, 'annual.mapping'));
    return DEFAULT_ANNUAL_RULE;
  }
  let deadline: AnnualReportRule['deadline'] = DEFAULT_ANNUAL_RULE.deadline;
  const raw = data.deadline === undefined ? '01-31' : String(data.deadline).trim();
  if (raw === 'spring-festival' || raw === '春节前') {
    const day = data.spring_festival;
    if (!SPRING_FESTIVAL_DAYS.includes(day as SpringFestivalDay)) problems.push(codedAt(at, [...path, 'spring_festival'], 'annual.spring_festival.required', {}, day));
    else deadline = { kind: 'spring-festival', day: day as SpringFestivalDay };
  } else {
    const mt = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
    const md = mt ? `${mt[1]!.padStart(2, '0')}-${mt[2]!.padStart(2, '0')}` : '';
    if (!mt || parseDate(`2024-${md}`) === undefined) problems.push(codedAt(at, [...path, 'deadline'], 'annual.deadline.bad', {}, data.deadline));
    else deadline = { kind: 'date', monthDay: md };
  }
  if (data.roll_forward !== undefined && typeof data.roll_forward !== 'boolean') problems.push(codedAt(at, [...path, 'roll_forward'], 'annual.roll_forward.bool', {}, data.roll_forward));
  let before = DEFAULT_ANNUAL_RULE.before;
  if (data.before !== undefined && data.before !== null) {
    const b = String(data.before).trim();
    if (b === 'inclusive' || b === '含当日') before = 'inclusive';
    else if (b === 'exclusive' || b === '不含当日') before = 'exclusive';
    else problems.push(codedAt(at, [...path, 'before'], 'annual.before.bad', {}, data.before));
  }
  return { deadline, before, rollForward: data.roll_forward === true };
}

export interface AnnualDeadline {
  /** the year the statistics are about */
  year: number;
  /** last day on which publication is in time */
  deadline: IsoDate;
  /** how the deadline was reached, for the report to spell out (src/ui/report/words.ts annualHowText) */
  how: AnnualHow;
}

/**
 * The steps from the rule to the day. Flat, so a finding carries them as its params:
 * nominal: "named 前" with or without that day gives `last`; rolled: `last` was a day off and moved to
 * `rolled`; spring-festival: the configured `day` of the festival fell on `date`.
 */
export type AnnualHow =
  | { how: 'nominal'; named: IsoDate; last: IsoDate; inclusive: boolean }
  | { how: 'rolled'; named: IsoDate; last: IsoDate; rolled: IsoDate; inclusive: boolean }
  | { how: 'spring-festival'; day: SpringFestivalDay; date: IsoDate; deadline: IsoDate; inclusive: boolean };

export function annualReportDeadline(cal: Calendar, statsYear: number, rule: AnnualReportRule): AnnualDeadline {
  const y = statsYear + 1;
  const inclusive = rule.before === 'inclusive';
  if (rule.deadline.kind === 'date') {
    const named = `${y}-${rule.deadline.monthDay}`;
    const last = inclusive ? named : addDays(named, -1);
    const nominal: AnnualHow = { how: 'nominal', named, last, inclusive };
    if (!rule.rollForward) return { year: statsYear, deadline: last, how: nominal };
    const rolled = rollForward(cal, last);
    return { year: statsYear, deadline: rolled, how: rolled === last ? nominal : { how: 'rolled', named, last, rolled, inclusive } };
  }
  const covered = cal.covered.get(y);
  if (!covered) throw new UncoveredYearError([y], cal.overlayGaps);
  const firstDay = covered.springFestival;
  if (!firstDay) throw new CodedInputError('annual.spring_festival.missing', { year: y });
  let day = firstDay;
  if (rule.deadline.day === 'eve') day = addDays(firstDay, -1);
  if (rule.deadline.day === 'holiday-start') while (!isWorkingDay(cal, addDays(day, -1))) day = addDays(day, -1);
  // "前" is read the same way as for a fixed date: the named day itself is in time only when inclusive
  const deadline = inclusive ? day : addDays(day, -1);
  return { year: statsYear, deadline, how: { how: 'spring-festival', day: rule.deadline.day, date: day, deadline, inclusive } };
}

/** The steps to the deadline as params (how, how_named, ...: prefixed so they cannot clash), for the sentence to explain it. */
export function howParams(how: AnnualHow): ProblemParams {
  return Object.fromEntries(Object.entries(how).map(([k, v]) => [k === 'how' ? 'how' : `how_${k}`, v]));
}

export function checkAnnualReport(
  cal: Calendar,
  statsYear: number,
  rule: AnnualReportRule,
  asOf: IsoDate,
  publishedOn: IsoDate | null,
  warnDays: number,
): CheckResult & { deadline: AnnualDeadline } {
  const d = annualReportDeadline(cal, statsYear, rule);
  const base = { check: 'annual-report' as const, subject: { code: 'check.subject.annual', params: { year: statsYear } } };
  const how = howParams(d.how);
  const all: Finding[] = [];
  if (publishedOn) {
    if (publishedOn > d.deadline) all.push({ ...base, severity: 'finding', code: 'check.annual.late', params: { published_on: publishedOn, deadline: d.deadline, ...how } });
  } else if (asOf > d.deadline) {
    all.push({ ...base, severity: 'finding', code: 'check.annual.overdue', params: { deadline: d.deadline, ...how } });
  } else {
    const left = countWorkingDays(cal, asOf, d.deadline);
    if (left <= warnDays) all.push({ ...base, severity: 'warning', code: 'check.annual.due', params: { deadline: d.deadline, left, ...how } });
  }
  return { ...result('annual-report', all, 1), deadline: d };
}
