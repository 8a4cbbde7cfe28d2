import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { Calendar, ProblemAt } from '../calendar/index.js';
import { DECISION_KINDS, type Decision, type DecisionKind } from '../records.js';
import type { IsoDate } from '../values.js';
import { result, type CheckResult, type Finding } from './findings.js';
import { DecisionColumns, deadlineRow, deadlineTable } from './deadline-table.js';

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
  const t = m().check;
  const problems: Problem[] = [];
  if (!isMap(data)) throw new InputError(m().io.yamlNotMapping, [at([], m().io.yamlNotMapping)]);
  const keys = ['publish', 'withdrawal', 'results'];
  for (const k of Object.keys(data)) if (!keys.includes(k)) problems.push(at([k], m().calendar.unknownKey(k, keys)));
  // a list of {kinds, working_days, basis} naming every decision kind exactly once
  const perKind = (key: 'publish' | 'withdrawal', list: unknown[]): DisclosureRule[] => {
    const out: DisclosureRule[] = [];
    const seen = new Map<string, number>();
    list.forEach((r, i) => {
      if (!isMap(r)) return void problems.push(at([key, i], m().calendar.notMapping));
      const kinds = Array.isArray(r.kinds) ? r.kinds.map(String) : [];
      if (!kinds.length) problems.push(at([key, i, 'kinds'], t.kindsRequired(DECISION_KINDS)));
      for (const k of kinds) {
        if (!DECISION_KINDS.includes(k as DecisionKind)) problems.push(at([key, i, 'kinds'], m().io.badEnum(DECISION_KINDS), k));
        else if (seen.has(k)) problems.push(at([key, i, 'kinds'], t.kindTwice(k, seen.get(k)!), k));
        else seen.set(k, i);
      }
      if (!isDays(r.working_days)) problems.push(at([key, i, 'working_days'], t.badWorkingDays, r.working_days));
      if (typeof r.basis !== 'string' || !r.basis.trim()) problems.push(at([key, i, 'basis'], m().io.required));
      out.push({ kinds: kinds as DecisionKind[], workingDays: Number(r.working_days), basis: String(r.basis ?? '') });
    });
    for (const k of DECISION_KINDS) if (!seen.has(k)) problems.push(at([key], t.kindMissing(k)));
    return out;
  };
  let publish: DisclosureRule[] = [];
  if (!Array.isArray(data.publish)) problems.push(at(['publish'], m().calendar.notList));
  else publish = perKind('publish', data.publish);
  const w = data.withdrawal;
  let withdrawal: DisclosureRule[] = [];
  if (Array.isArray(w)) withdrawal = perKind('withdrawal', w);
  else if (!isMap(w)) problems.push(at(['withdrawal'], m().calendar.notMapping));
  else {
    if (!isDays(w.working_days)) problems.push(at(['withdrawal', 'working_days'], t.badWorkingDays, w.working_days));
    if (typeof w.basis !== 'string' || !w.basis.trim()) problems.push(at(['withdrawal', 'basis'], m().io.required));
    withdrawal = [{ kinds: [...DECISION_KINDS], workingDays: Number(w.working_days), basis: String(w.basis) }];
  }
  const r = data.results;
  if (r !== undefined && r !== null) {
    if (!isMap(r)) problems.push(at(['results'], m().calendar.notMapping));
    else {
      if (!isDays(r.working_days)) problems.push(at(['results', 'working_days'], t.badWorkingDays, r.working_days));
      if (typeof r.basis !== 'string' || !r.basis.trim()) problems.push(at(['results', 'basis'], m().io.required));
    }
  }
  if (problems.length) throw new InputError(m().errors.problemCount(problems.length, origin), problems);
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

export function deadlineFindings(rows: readonly DeadlineRow[], file?: string): CheckResult {
  const t = m().check;
  const all: Finding[] = [];
  for (const r of rows) {
    const base = { check: 'deadlines' as const, subject: r.caseNo, file, line: r.line };
    if (FINDING_STATUSES.has(r.status)) all.push({ ...base, severity: 'finding', message: t.rowMessage(r) });
    else if (r.soon) all.push({ ...base, severity: 'warning', message: t.rowMessage(r) });
  }
  return result('deadlines', all, rows.length);
}
