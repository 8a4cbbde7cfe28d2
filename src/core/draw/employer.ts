/**
 * What a plan says of one employer: whether a filter holds, which items cover it, whether it is a
 * full-coverage unit, its stratum and weight, and the day arithmetic of the recent-inspection
 * exclusion. Read by the whole-record draw and by the column store of a streamed directory alike,
 * so it lives apart from both. docs/algorithm.md is the specification.
 */
import type { Employer } from '../records.js';
import type { DrawInput, PlanFilter, PlanItem, PlanTask } from './types.js';

/** The stratum of a task without stratify_by, and the name of a missing region/industry value. */
export const ALL_STRATUM = '全部';
export const MISSING_VALUE = '（未填写）';

// ---------------------------------------------------------------- employers

export type FilterFailure = { key: keyof PlanFilter; value: unknown };

/** The conditions of a filter that the employer fails (empty = it matches). */
export function filterFailures(f: PlanFilter, e: Employer): FilterFailure[] {
  const out: FilterFailure[] = [];
  if (f.type && !(e.type !== null && f.type.includes(e.type))) out.push({ key: 'type', value: e.type });
  if (f.industry && !(e.industry !== null && f.industry.includes(e.industry))) out.push({ key: 'industry', value: e.industry });
  if (f.region && !(e.region !== null && f.region.includes(e.region))) out.push({ key: 'region', value: e.region });
  if (f.employeesMin !== undefined && !(e.employees !== null && e.employees >= f.employeesMin)) out.push({ key: 'employeesMin', value: e.employees });
  if (f.employeesMax !== undefined && !(e.employees !== null && e.employees <= f.employeesMax)) out.push({ key: 'employeesMax', value: e.employees });
  if (f.abnormal !== undefined && e.abnormal !== f.abnormal) out.push({ key: 'abnormal', value: e.abnormal });
  if (f.seriousViolation !== undefined && e.seriousViolation !== f.seriousViolation) out.push({ key: 'seriousViolation', value: e.seriousViolation });
  if (f.key !== undefined && e.key !== f.key) out.push({ key: 'key', value: e.key });
  if (f.complaintsMin !== undefined && !(e.complaints >= f.complaintsMin)) out.push({ key: 'complaintsMin', value: e.complaints });
  return out;
}

export function matchesFilter(f: PlanFilter, e: Employer): boolean {
  // The hot path of a million-row draw: no allocation when it matches.
  if (f.type && !(e.type !== null && f.type.includes(e.type))) return false;
  if (f.industry && !(e.industry !== null && f.industry.includes(e.industry))) return false;
  if (f.region && !(e.region !== null && f.region.includes(e.region))) return false;
  if (f.employeesMin !== undefined && !(e.employees !== null && e.employees >= f.employeesMin)) return false;
  if (f.employeesMax !== undefined && !(e.employees !== null && e.employees <= f.employeesMax)) return false;
  if (f.abnormal !== undefined && e.abnormal !== f.abnormal) return false;
  if (f.seriousViolation !== undefined && e.seriousViolation !== f.seriousViolation) return false;
  if (f.key !== undefined && e.key !== f.key) return false;
  if (f.complaintsMin !== undefined && !(e.complaints >= f.complaintsMin)) return false;
  return true;
}

/** Fields of an employer that the judgements of this file can read (not its USCC, name, last inspection). */
export type JudgedField = 'type' | 'industry' | 'region' | 'employees' | 'complaints' | 'abnormal' | 'seriousViolation' | 'key';

/**
 * The fields that matchesFilter (for the plan's task and full-coverage filters), isFullCoverage,
 * applicableItems, stratumOf and weightOf can read under this plan: all of JudgedField but
 * `employees`, which only a filter's employeesMin/employeesMax reads. Employers equal in these fields
 * are judged alike, so a directory's columns judge them once (DirectoryColumns.profile; a directory
 * has ~10^3 employee counts and ~10^5 combinations with them, ~10^4 without).
 * test/unit/draw-profiles.test.ts holds the functions above to it: keep the two together.
 */
export function judgedFields(plan: DrawInput['plan']): JudgedField[] {
  const filters = plan.tasks.map((t) => t.filter);
  if (plan.fullCoverage) filters.push(plan.fullCoverage.task.filter);
  const employees = filters.some((f) => f && (f.employeesMin !== undefined || f.employeesMax !== undefined));
  return employees ? ['type', 'industry', 'region', 'employees', 'complaints', 'abnormal', 'seriousViolation', 'key'] : ['type', 'industry', 'region', 'complaints', 'abnormal', 'seriousViolation', 'key'];
}

/** The task's items whose scope covers the employer's unit type (an item without scope covers every unit). */
export function applicableItems(items: readonly PlanItem[], e: Employer): PlanItem[] {
  return items.filter((it) => it.scope === null || (e.type !== null && it.scope.includes(e.type)));
}

export function isFullCoverage(plan: DrawInput['plan'], e: Employer): boolean {
  const fc = plan.fullCoverage;
  if (!fc) return false;
  return (fc.includeKey && e.key) || (fc.task.filter !== null && matchesFilter(fc.task.filter, e));
}

export function stratumOf(task: PlanTask, e: Employer): string {
  if (task.stratifyBy.length === 0) return ALL_STRATUM;
  return task.stratifyBy.map((k) => (k === 'region' ? e.region : e.industry) ?? MISSING_VALUE).join('/');
}

/** w = 1 × complaints factor × abnormal factor × serious-violation factor, in that order, each when it applies. */
export function weightOf(task: PlanTask, e: Employer): number {
  const w = task.weights;
  if (!w) return 1;
  let x = 1;
  if (w.complaints && e.complaints >= w.complaints.min) x *= w.complaints.factor;
  if (w.abnormal !== null && e.abnormal) x *= w.abnormal;
  if (w.seriousViolation !== null && e.seriousViolation) x *= w.seriousViolation;
  return x;
}

/** Whole days from a to b (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);
}

export function addDays(d: string, n: number): string {
  return new Date(Date.parse(d + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
}

export function inspectedRecently(input: DrawInput, e: Employer): boolean {
  const n = input.plan.exclusions.inspectedWithinDays;
  return n !== null && e.lastInspected !== null && daysBetween(e.lastInspected, input.asOf) < n;
}
