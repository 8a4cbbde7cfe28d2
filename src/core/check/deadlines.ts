import { CodedInputError, type Problem } from '../../errors.js';
import { addWorkingDays, countWorkingDays, UncoveredYearError, type Calendar, type ProblemAt } from '../calendar/index.js';
import { DECISION_KINDS, type Decision, type DecisionKind } from '../records.js';
import type { IsoDate } from '../values.js';
import { codedAt, joinList, result, type CheckResult, type Finding } from './findings.js';

/**
 * Disclosure (执法公示) deadlines in working days: the decision day is not counted, day 1 is
 * the next working day. Rules come from rules/disclosure.yaml so an office can tighten them.
 */
export interface DisclosureRule {
  kinds: DecisionKind[];
  workingDays: number;
  basis: string;
}

export interface DisclosureRules {
  publish: DisclosureRule[];
  /**
   * Per decision kind, because the basis differs: 行政处罚法 第四十八条第二款 covers only published penalty
   * decisions (变更、撤销、确认违法或者确认无效 → 三日内撤回); for the other kinds the days come from the
   * office's own rules. A single mapping (the older form) applies to every kind.
   */
  withdrawal: DisclosureRule[];
  /** 抽查结果公示: working days from each 检查日期 (rules/disclosure.yaml `results`) */
  results: { workingDays: number; basis: string };
}

/** The tool's default when a disclosure file has no `results` key (rules/disclosure.yaml states it with its basis). */
export const DEFAULT_RESULTS_RULE = { workingDays: 20, basis: '国办发〔2018〕118号（执法决定作出之日起20个工作日内公布执法结论）；公示渠道：国发〔2019〕5号' };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDays = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 365;

export function parseDisclosureRules(data: unknown, at: ProblemAt, origin: string): DisclosureRules {
  const problems: Problem[] = [];
  const coded = (path: (string | number)[], code: string, params: Problem['params'] = {}, value?: unknown) => codedAt(at, path, code, params, value);
  if (!isMap(data)) throw new CodedInputError('disclosure.top.mapping', {}, [coded([], 'disclosure.top.mapping')]);
  const keys = ['publish', 'withdrawal', 'results'];
  for (const k of Object.keys(data)) if (!keys.includes(k)) problems.push(coded([k], 'disclosure.key.unknown', { key: k, allowed: joinList(keys) }));
  // a list of {kinds, working_days, basis} naming every decision kind exactly once
  const perKind = (key: 'publish' | 'withdrawal', list: unknown[]): DisclosureRule[] => {
    const out: DisclosureRule[] = [];
    const seen = new Map<string, number>();
    list.forEach((r, i) => {
      if (!isMap(r)) return void problems.push(coded([key, i], 'disclosure.mapping'));
      const kinds = Array.isArray(r.kinds) ? r.kinds.map(String) : [];
      if (!kinds.length) problems.push(coded([key, i, 'kinds'], 'disclosure.kinds.required', { allowed: joinList(DECISION_KINDS) }));
      for (const k of kinds) {
        if (!DECISION_KINDS.includes(k as DecisionKind)) problems.push(coded([key, i, 'kinds'], 'disclosure.kind.unknown', { allowed: joinList(DECISION_KINDS) }, k));
        else if (seen.has(k)) problems.push(coded([key, i, 'kinds'], 'disclosure.kind.twice', { kind: k, index: seen.get(k)! }, k));
        else seen.set(k, i);
      }
      if (!isDays(r.working_days)) problems.push(coded([key, i, 'working_days'], 'disclosure.days.range', {}, r.working_days));
      if (typeof r.basis !== 'string' || !r.basis.trim()) problems.push(coded([key, i, 'basis'], 'disclosure.basis.required'));
      out.push({ kinds: kinds as DecisionKind[], workingDays: Number(r.working_days), basis: String(r.basis ?? '') });
    });
    for (const k of DECISION_KINDS) if (!seen.has(k)) problems.push(coded([key], 'disclosure.kind.missing', { kind: k }));
    return out;
  };
  let publish: DisclosureRule[] = [];
  if (!Array.isArray(data.publish)) problems.push(coded(['publish'], 'disclosure.list'));
  else publish = perKind('publish', data.publish);
  const w = data.withdrawal;
  let withdrawal: DisclosureRule[] = [];
  if (Array.isArray(w)) withdrawal = perKind('withdrawal', w);
  else if (!isMap(w)) problems.push(coded(['withdrawal'], 'disclosure.mapping'));
  else {
    if (!isDays(w.working_days)) problems.push(coded(['withdrawal', 'working_days'], 'disclosure.days.range', {}, w.working_days));
    if (typeof w.basis !== 'string' || !w.basis.trim()) problems.push(coded(['withdrawal', 'basis'], 'disclosure.basis.required'));
    withdrawal = [{ kinds: [...DECISION_KINDS], workingDays: Number(w.working_days), basis: String(w.basis) }];
  }
  const r = data.results;
  if (r !== undefined && r !== null) {
    if (!isMap(r)) problems.push(coded(['results'], 'disclosure.mapping'));
    else {
      if (!isDays(r.working_days)) problems.push(coded(['results', 'working_days'], 'disclosure.days.range', {}, r.working_days));
      if (typeof r.basis !== 'string' || !r.basis.trim()) problems.push(coded(['results', 'basis'], 'disclosure.basis.required'));
    }
  }
  if (problems.length) throw new CodedInputError('input.problems', { count: problems.length, file: origin }, problems);
  const rd = r as Record<string, unknown> | undefined | null;
  const results = rd ? { workingDays: Number(rd.working_days), basis: String(rd.basis) } : DEFAULT_RESULTS_RULE;
  return { publish, withdrawal, results };
}

export type DeadlineStatus = 'withdrawal-overdue' | 'withdrawal-late' | 'overdue' | 'late' | 'due' | 'withdrawal-due' | 'withdrawn' | 'ok';

export interface DeadlineRow {
  caseNo: string;
  kind: DecisionKind;
  decidedOn: IsoDate;
  publishedOn: IsoDate | null;
  deadline: IsoDate;
  /** working days late (late, overdue, withdrawal-*) or left (due), 0 when ok */
  workingDays: number;
  status: DeadlineStatus;
  /** due or withdrawal-due within --warn-days */
  soon: boolean;
  revokedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  withdrawalDeadline: IsoDate | null;
  basis: string;
  line: number;
}

export const FINDING_STATUSES: ReadonlySet<DeadlineStatus> = new Set(['withdrawal-overdue', 'withdrawal-late', 'overdue', 'late']);

const URGENCY: Record<DeadlineStatus, number> = {
  'withdrawal-overdue': 0,
  overdue: 1,
  'withdrawal-late': 2,
  late: 3,
  'withdrawal-due': 4,
  due: 5,
  withdrawn: 6,
  ok: 7,
};

/** Late by at least one: a publication on the Saturday after a Friday deadline is still late. */
const lateBy = (cal: Calendar, deadline: IsoDate, day: IsoDate) => Math.max(1, countWorkingDays(cal, deadline, day));

export function decisionDeadlines(
  decisions: readonly Decision[],
  rules: DisclosureRules,
  cal: Calendar,
  asOf: IsoDate,
  warnDays: number,
  /** named in the problems of rows whose deadline falls in a year without a calendar */
  file?: string,
): DeadlineRow[] {
  const ruleOf = new Map<DecisionKind, DisclosureRule>();
  for (const r of rules.publish) for (const k of r.kinds) ruleOf.set(k, r);
  const rows: DeadlineRow[] = [];
  const missingYears: number[] = [];
  const missingRows: { line: number; caseNo: string; year: number }[] = [];
  for (const d of decisions) {
    try {
      rows.push(oneRow(d, ruleOf.get(d.kind)!, rules, cal, asOf, warnDays));
    } catch (e) {
      // every uncovered year at once, not one per run, each with the row and case it stops
      if (!(e instanceof UncoveredYearError)) throw e;
      for (const y of e.years) {
        missingYears.push(y);
        missingRows.push({ line: d.line, caseNo: d.caseNo, year: y });
      }
    }
  }
  if (missingYears.length) throw new UncoveredYearError(missingYears, cal.overlayGaps, missingRows, file);
  return sortByUrgency(rows);
}

/**
 * Most urgent first: status, then the most working days late (or the fewest left), then the
 * deadline, then the case number. A province has 10^6 rows, and comparing CJK case numbers is
 * what made sorting them slow, so the first three fields become one dense number per row, the rows
 * are sorted on that number (with the row index packed below it) by the typed array's native sort,
 * and only rows with equal numbers are then ordered by case number. The order is the one the
 * field-by-field comparison gives; when it cannot be reproduced this way (counts beyond the packed
 * range, or a case number twice among equal rows, where that comparison is not a consistent
 * order and the sort's own steps decide) the field-by-field sort runs instead.
 */
function sortByUrgency(rows: DeadlineRow[]): DeadlineRow[] {
  const n = rows.length;
  const RANGE = 2 ** 20;
  const deadlines = [...new Set(rows.map((r) => r.deadline))].sort();
  const deadlineRank = new Map(deadlines.map((d, i) => [d, i]));
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const u = URGENCY[r.status];
    // overdue and late sort the most days first, due and withdrawal-due the fewest first
    const days = u <= 3 ? RANGE - 1 - r.workingDays : r.workingDays;
    const rank = deadlineRank.get(r.deadline)!;
    if (!(days >= 0 && days < RANGE && rank < RANGE)) return rows.sort(byFields);
    key[i] = (u * RANGE + days) * RANGE + rank;
  }
  const distinct = Float64Array.from(new Set(key)).sort();
  const dense = new Map<number, number>();
  distinct.forEach((k, i) => dense.set(k, i));
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) group[i] = dense.get(key[i]!)!;
  const shift = 2 ** Math.ceil(Math.log2(n + 1));
  if (distinct.length * shift > Number.MAX_SAFE_INTEGER) return rows.sort(byFields);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = group[i]! * shift + i;
  packed.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i]! % shift;
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && group[order[hi]!] === group[order[lo]!]) hi++;
    if (hi - lo > 1) {
      const members = Array.from(order.subarray(lo, hi));
      const keys = members.map((i) => codeUnitKey(rows[i]!.caseNo));
      const local = Array.from(keys, (_, k) => k).sort((x, y) => (keys[x]! < keys[y]! ? -1 : 1));
      for (let k = 1; k < local.length; k++) if (keys[local[k]!] === keys[local[k - 1]!]) return rows.sort(byFields);
      for (let k = 0; k < local.length; k++) order[lo + k] = members[local[k]!]!;
    }
    lo = hi;
  }
  return Array.from(order, (i) => rows[i]!);
}

/**
 * A one-byte string that sorts like `s` under `<` (UTF-16 code units, each as two bytes, high
 * first): V8 compares one-byte strings several times faster than the two-byte CJK original.
 */
function codeUnitKey(s: string): string {
  const bytes: number[] = new Array(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[2 * i] = c >> 8;
    bytes[2 * i + 1] = c & 0xff;
  }
  // one call, so the result is one flat string rather than a chain of concatenations
  return String.fromCharCode(...bytes);
}

/** The order field by field: the specification of sortByUrgency, and its fallback. */
const byFields = (a: DeadlineRow, b: DeadlineRow) =>
  URGENCY[a.status] - URGENCY[b.status] ||
  (URGENCY[a.status] <= 3 ? b.workingDays - a.workingDays : a.workingDays - b.workingDays) ||
  (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
  (a.caseNo < b.caseNo ? -1 : 1);

function oneRow(d: Decision, rule: DisclosureRule, rules: DisclosureRules, cal: Calendar, asOf: IsoDate, warnDays: number): DeadlineRow {
  const deadline = addWorkingDays(cal, d.decidedOn, rule.workingDays);
  // A revoked decision that was published must come down; one never published has nothing to withdraw.
  if (d.revokedOn && d.publishedOn) {
    const wRule = rules.withdrawal.find((w) => w.kinds.includes(d.kind))!;
    const wDeadline = addWorkingDays(cal, d.revokedOn, wRule.workingDays);
    const basis = wRule.basis;
    if (d.withdrawnOn) {
      return d.withdrawnOn > wDeadline
        ? row(d, wDeadline, wDeadline, basis, 'withdrawal-late', lateBy(cal, wDeadline, d.withdrawnOn), false)
        : row(d, wDeadline, wDeadline, basis, 'withdrawn', 0, false);
    }
    if (asOf > wDeadline) return row(d, wDeadline, wDeadline, basis, 'withdrawal-overdue', lateBy(cal, wDeadline, asOf), false);
    const left = countWorkingDays(cal, asOf, wDeadline);
    return row(d, wDeadline, wDeadline, basis, 'withdrawal-due', left, left <= warnDays);
  }
  if (d.publishedOn) {
    return d.publishedOn > deadline
      ? row(d, deadline, null, rule.basis, 'late', lateBy(cal, deadline, d.publishedOn), false)
      : row(d, deadline, null, rule.basis, 'ok', 0, false);
  }
  if (d.revokedOn) return row(d, deadline, null, rule.basis, 'ok', 0, false);
  if (asOf > deadline) return row(d, deadline, null, rule.basis, 'overdue', lateBy(cal, deadline, asOf), false);
  const left = countWorkingDays(cal, asOf, deadline);
  return row(d, deadline, null, rule.basis, 'due', left, left <= warnDays);
}

/**
 * One literal of one shape for every row: at a province's 10^6 decisions, building rows by
 * object spread cost more than the deadline arithmetic and left the sort slow on the results.
 */
function row(d: Decision, deadline: IsoDate, withdrawalDeadline: IsoDate | null, basis: string, status: DeadlineStatus, workingDays: number, soon: boolean): DeadlineRow {
  return {
    caseNo: d.caseNo,
    kind: d.kind,
    decidedOn: d.decidedOn,
    publishedOn: d.publishedOn,
    deadline,
    workingDays,
    status,
    soon,
    revokedOn: d.revokedOn,
    withdrawnOn: d.withdrawnOn,
    withdrawalDeadline,
    basis,
    line: d.line,
  };
}

/** One code per status a finding or warning can have (the CSV's 状态代码 column spells the same statuses). */
const DEADLINE_CODES: Partial<Record<DeadlineStatus, string>> = {
  late: 'check.deadline.late',
  overdue: 'check.deadline.overdue',
  due: 'check.deadline.due',
  'withdrawal-overdue': 'check.deadline.withdrawal.overdue',
  'withdrawal-late': 'check.deadline.withdrawal.late',
  'withdrawal-due': 'check.deadline.withdrawal.due',
};

export function deadlineFindings(rows: readonly DeadlineRow[], file?: string): CheckResult {
  const all: Finding[] = [];
  for (const r of rows) {
    if (!FINDING_STATUSES.has(r.status) && !r.soon) continue;
    const params = {
      kind: r.kind,
      decided_on: r.decidedOn,
      deadline: r.deadline,
      published_on: r.publishedOn,
      revoked_on: r.revokedOn,
      withdrawn_on: r.withdrawnOn,
      working_days: r.workingDays,
      basis: r.basis,
    };
    const severity = FINDING_STATUSES.has(r.status) ? 'finding' : 'warning';
    all.push({ check: 'deadlines', subject: r.caseNo, file, line: r.line, severity, code: DEADLINE_CODES[r.status]!, params });
  }
  return result('deadlines', all, rows.length);
}
