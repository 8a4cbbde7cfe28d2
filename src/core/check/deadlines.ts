import { CodedInputError, type Problem } from '../../errors.js';
import type { Calendar, ProblemAt } from '../calendar/index.js';
import { DECISION_KINDS, type Decision, type DecisionKind } from '../records.js';
import type { IsoDate } from '../values.js';
import { codedAt, joinList, result, type CheckResult, type Finding } from './findings.js';
import { DecisionColumns, deadlineRow, deadlineTable, statusOf, type DeadlineTable } from './deadline-table.js';

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

export function decisionDeadlines(
  decisions: readonly Decision[],
  rules: DisclosureRules,
  cal: Calendar,
  asOf: IsoDate,
  warnDays: number,
  /** named in the problems of rows whose deadline falls in a year without a calendar */
  file?: string,
): DeadlineRow[] {
  const cols = new DecisionColumns();
  for (const d of decisions) cols.push(d.caseNo, d.kind, d.decidedOn, d.publishedOn, d.revokedOn, d.withdrawnOn, d.line);
  const t = deadlineTable(cols, rules, cal, asOf, warnDays, file);
  return Array.from(t.order, (i) => deadlineRow(t, i));
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

/** Whether a deadline row is reported by `check all`: a finding by its status, a warning when it falls due soon. */
const reported = (status: DeadlineStatus, soon: boolean): boolean => FINDING_STATUSES.has(status) || soon;

function findingOf(r: DeadlineRow, file: string | undefined): Finding {
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
  return { check: 'deadlines', subject: r.caseNo, file, line: r.line, severity, code: DEADLINE_CODES[r.status]!, params };
}

export function deadlineFindings(rows: readonly DeadlineRow[], file?: string): CheckResult {
  const all: Finding[] = [];
  for (const r of rows) if (reported(r.status, r.soon)) all.push(findingOf(r, file));
  return result('deadlines', all, rows.length);
}

/**
 * deadlineFindings over the table `check deadlines` reads, in its order: only the reported rows become
 * objects (a province's 10^6 decisions as rows were most of `check all`'s memory).
 */
export function deadlineTableFindings(t: DeadlineTable, file?: string): CheckResult {
  const all: Finding[] = [];
  for (const i of t.order) if (reported(statusOf(t, i), t.soon[i] === 1)) all.push(findingOf(deadlineRow(t, i), file));
  return result('deadlines', all, t.decisions.n);
}
