import type { Employer } from '../records.js';
import type { Plan, PlanFilter, StratifyKey } from './types.js';

/**
 * Plan values that match nothing in the directory. A filter value no employer has is almost always
 * a typo (`industry: [建筑业，制造业]` with a full-width comma is one value that matches nobody), and
 * it silently empties a task. Pure: returns codes and values; the CLI layer words them.
 */

export type FilterKey = 'type' | 'industry' | 'region';
const FILTER_KEYS: FilterKey[] = ['type', 'industry', 'region'];

export interface UnmatchedValue {
  /** the YAML path of the filter key, e.g. ['tasks', 1, 'filter', 'industry'] */
  path: (string | number)[];
  key: FilterKey;
  value: string;
  /** existing values of the column nearest to the one written, nearest first (at most 3) */
  closest: string[];
  /** the value looks like several values joined by a full-width comma or 、 */
  joined: boolean;
}

export interface BlankStratum {
  /** the tasks that stratify by the column */
  taskIds: string[];
  key: StratifyKey;
  /** employers with nothing in the column: they form one stratum of their own */
  count: number;
}

const columnOf = (e: Employer, key: FilterKey): string | null => (key === 'type' ? e.type : key === 'industry' ? e.industry : e.region);

/**
 * What the checks below need of a directory, gathered row by row as it streams past: the distinct
 * values of the filter columns, and how many rows leave region or industry empty.
 */
export interface DirectoryValues {
  present: Record<FilterKey, Set<string>>;
  blank: { region: number; industry: number };
}

export function directoryValues(employers: Iterable<Employer> = []): DirectoryValues {
  const v: DirectoryValues = { present: { type: new Set(), industry: new Set(), region: new Set() }, blank: { region: 0, industry: 0 } };
  for (const e of employers) noteValues(v, e);
  return v;
}

export function noteValues(v: DirectoryValues, e: Employer): void {
  for (const k of FILTER_KEYS) {
    const x = columnOf(e, k);
    if (x !== null) v.present[k].add(x);
  }
  if (e.region === null) v.blank.region++;
  if (e.industry === null) v.blank.industry++;
}

/**
 * noteValues for one plan: the distinct values of only the columns the plan's filters name (the only
 * ones unmatchedFilterValues looks at), and the blank counts. A million rows were ~0.2 s of Set
 * insertions for a plan that filters on nothing.
 */
export function valuesNoter(plan: Plan): (v: DirectoryValues, e: Employer) => void {
  const distinct = distinctNoter(plan);
  return (v, e) => {
    distinct(v, e);
    if (e.region === null) v.blank.region++;
    if (e.industry === null) v.blank.industry++;
  };
}

/** valuesNoter without the blank counts: for a row that stands for all rows equal in type, industry and region. */
export function distinctNoter(plan: Plan): (v: DirectoryValues, e: Employer) => void {
  const filters = filtersOf(plan);
  const named = (k: FilterKey) => filters.some(({ filter }) => filter[k] !== undefined);
  const type = named('type');
  const industry = named('industry');
  const region = named('region');
  return (v, e) => {
    if (type && e.type !== null) v.present.type.add(e.type);
    if (industry && e.industry !== null) v.present.industry.add(e.industry);
    if (region && e.region !== null) v.present.region.add(e.region);
  };
}

const valuesOf = (d: DirectoryValues | readonly Employer[]): DirectoryValues => (Array.isArray(d) ? directoryValues(d as readonly Employer[]) : (d as DirectoryValues));

/** Filters of the plan with where they stand in the YAML (tasks keep the plan file's order). */
function filtersOf(plan: Plan): { path: (string | number)[]; filter: PlanFilter }[] {
  const out: { path: (string | number)[]; filter: PlanFilter }[] = [];
  plan.tasks.forEach((t, i) => {
    if (t.filter) out.push({ path: ['tasks', i, 'filter'], filter: t.filter });
  });
  if (plan.fullCoverage?.task.filter) out.push({ path: ['full_coverage', 'filter'], filter: plan.fullCoverage.task.filter });
  return out;
}

export function unmatchedFilterValues(plan: Plan, directory: DirectoryValues | readonly Employer[]): UnmatchedValue[] {
  const present = valuesOf(directory).present;
  const out: UnmatchedValue[] = [];
  for (const { path, filter } of filtersOf(plan)) {
    for (const key of FILTER_KEYS) {
      for (const value of filter[key] ?? []) {
        if (present[key].has(value)) continue;
        out.push({ path: [...path, key], key, value, closest: closest(value, present[key]), joined: /[，、；;]/.test(value) });
      }
    }
  }
  return out;
}

export function blankStrata(plan: Plan, directory: DirectoryValues | readonly Employer[]): BlankStratum[] {
  const blank = valuesOf(directory).blank;
  const out: BlankStratum[] = [];
  for (const key of ['region', 'industry'] as const) {
    const taskIds = plan.tasks.filter((t) => t.stratifyBy.includes(key)).map((t) => t.id);
    if (!taskIds.length) continue;
    const count = blank[key];
    if (count) out.push({ taskIds, key, count });
  }
  return out;
}

/** Levenshtein distance over code points (CJK characters count one each). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The existing values a person most likely meant: a small edit distance, or a value written inside
 * the one given (建筑业 in 建筑业，制造业), or one sharing most of its characters. Nearest first.
 */
export function closest(value: string, candidates: Iterable<string>, limit = 3): string[] {
  const v = value.normalize('NFKC').trim();
  const vChars = new Set(v);
  const scored: { c: string; score: number }[] = [];
  for (const c of candidates) {
    const d = editDistance(v, c);
    const inside = c.length > 0 && (v.includes(c) || c.includes(v));
    const shared = [...new Set(c)].filter((ch) => vChars.has(ch)).length;
    const near = d <= Math.max(1, Math.floor(Math.max([...v].length, [...c].length) / 3));
    if (!near && !inside && shared * 2 < new Set(c).size) continue;
    scored.push({ c, score: inside ? 0 : d });
  }
  scored.sort((a, b) => a.score - b.score || a.c.localeCompare(b.c));
  return scored.slice(0, limit).map((s) => s.c);
}
