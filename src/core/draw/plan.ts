/**
 * The 抽查计划 (plan.yaml) as data: every key is checked and every problem is reported at once,
 * located by its key path so the CLI can print file:line:key. docs/plan.md documents each key.
 */
import type { Problem, ProblemParams } from '../../errors.js';
import { UNIT_TYPES, type UnitType } from '../records.js';
import { bool, custom, FieldReader, int, isAbsent, isMapping, joinParam, list, nested, number, oneOf, text, type YamlPlaces } from '../yaml-fields.js';
import { DEFAULT_FULL_COVERAGE_NAME, type FullCoverage, type Plan, type PlanFilter, type PlanItem, type PlanTask, type RiskWeights, type StratifyKey, type TaskSize } from './types.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const TOP_KEYS = ['id', 'office', 'year', 'frequency', 'items', 'tasks', 'full_coverage', 'exclusions', 'team', 'allow_repeat_within_year', 'cert_no_pattern'];
const TASK_KEYS = ['id', 'name', 'mode', 'filter', 'items', 'size', 'stratify_by', 'weights'];
/** the directory columns a filter may name; anything else is "a filter on an unknown column" */
export const FILTER_KEYS = ['type', 'industry', 'region', 'employees_min', 'employees_max', 'abnormal', 'serious_violation', 'key', 'complaints_min'];
const SIZE_KEYS = ['ratio_per_period', 'ratio_per_year', 'count'];
const FC_KEYS = ['id', 'name', 'include_key', 'filter', 'items'];
const FREQUENCIES = [1, 2, 4, 12] as const;
const STRATA: StratifyKey[] = ['region', 'industry'];

/**
 * The largest value each whole-number key may take: beyond it a number is a typo, not a plan, and a
 * day count of 1e9 would overflow the date arithmetic (docs/plan.md lists the ranges).
 */
const INT_MAX: Record<string, number> = {
  year: 2200,
  employees_min: 10_000_000,
  employees_max: 10_000_000,
  complaints_min: 1_000_000,
  count: 10_000_000,
  inspected_within_days: 36_500,
  size: 100,
  max_per_inspector_per_period: 1_000_000,
};

/** The plan id and task ids go into ticket inputs, which are `|`-separated: they must not contain one. */
const ID_RE = /^[^|\s][^|]*$/;

/**
 * Reads a plan: the plan when it is sound, else every problem at once, each a code and params located
 * by key path (tasks[2].size) and line. The codes (plan.*) are listed in docs/codes.md; the CLI layer
 * words them (src/i18n/problems-fields.ts, with each language's sections) and refuses the draw.
 */
export function readPlan(data: unknown, places: YamlPlaces): { plan?: Plan; problems: Problem[] } {
  const r = new FieldReader(places, 'plan', { keyAsValue: true, mappingValue: true });
  const bad = (path: Path, code: string, params?: ProblemParams, value?: unknown) => r.report(path, code, params, value);
  const ID = text({ required: true, pattern: ID_RE, patternCode: 'plan.id' });
  const TEXT = text({ required: true });
  const intIn = (k: string, min: number) => int({ min, max: INT_MAX[k] });
  const BOOL = bool();
  const TEXTS = list(text({ emptyIsAbsent: false }), { single: true });
  const unitType = custom<UnitType>((rr, x, path) => {
    const s = text({ emptyIsAbsent: false }).read(rr, x, path);
    if (s === undefined || (UNIT_TYPES as readonly string[]).includes(s)) return s as UnitType | undefined;
    return void bad(path, 'plan.unit_type', { allowed: joinParam(UNIT_TYPES) }, s);
  });
  const unitTypes = list(unitType, { single: true });
  const factor = number({ min: 0, exclusiveMin: true, max: 1000, code: 'plan.weight.factor' });

  const filter = (v: unknown, path: Path): PlanFilter | undefined => {
    const o = r.object(
      v,
      path,
      {
        type: unitTypes,
        industry: TEXTS,
        region: TEXTS,
        employees_min: intIn('employees_min', 0),
        employees_max: intIn('employees_max', 0),
        abnormal: BOOL,
        serious_violation: BOOL,
        key: BOOL,
        complaints_min: intIn('complaints_min', 0),
      },
      { unknown: 'plan.filter.column' },
    );
    if (!o) return undefined;
    const f: PlanFilter = {};
    if (o.type) f.type = o.type;
    if (o.industry) f.industry = o.industry;
    if (o.region) f.region = o.region;
    if (o.employees_min !== undefined) f.employeesMin = o.employees_min;
    if (o.employees_max !== undefined) f.employeesMax = o.employees_max;
    if (o.employees_min !== undefined && o.employees_max !== undefined && o.employees_min > o.employees_max) bad([...path, 'employees_max'], 'plan.filter.range', undefined, o.employees_max);
    if (o.abnormal !== undefined) f.abnormal = o.abnormal;
    if (o.serious_violation !== undefined) f.seriousViolation = o.serious_violation;
    if (o.key !== undefined) f.key = o.key;
    if (o.complaints_min !== undefined) f.complaintsMin = o.complaints_min;
    if (Object.keys(v as Obj).length === 0) bad(path, 'plan.filter.empty');
    return f;
  };

  const root = r.mapping(data, []);
  if (!root) return { problems: r.problems };
  const top = r.fields(
    root,
    [],
    { id: ID, office: TEXT, year: int({ min: 2000, max: INT_MAX.year, required: true }), frequency: oneOf(FREQUENCIES, { required: true, code: 'plan.frequency' }) },
    { extra: TOP_KEYS },
  );
  const { id, office, year, frequency } = top;

  // Items
  const items: PlanItem[] = [];
  const itemIndex = new Map<string, number>();
  const rawItems = root.items;
  if (!Array.isArray(rawItems) || rawItems.length === 0) bad(['items'], 'plan.list');
  else
    rawItems.forEach((raw, i) => {
      const p: Path = ['items', i];
      const o = r.object(raw, p, { id: ID, name: TEXT, basis: TEXT, specialty: TEXT, scope: unitTypes });
      if (!o) return;
      if (o.id !== undefined && itemIndex.has(o.id)) bad([...p, 'id'], 'plan.id.duplicate', { id: o.id }, o.id);
      if (o.id === undefined || o.name === undefined || o.basis === undefined || o.specialty === undefined) return;
      itemIndex.set(o.id, i);
      items.push({ id: o.id, name: o.name, basis: o.basis, specialty: o.specialty, scope: o.scope ?? null });
    });
  const used = new Set<string>();
  const itemRefs = (o: Obj, path: Path): string[] => {
    const refs = r.field(o, 'items', path, TEXTS);
    if (!refs || refs.length === 0) {
      bad([...path, 'items'], 'plan.items.missing');
      return [];
    }
    const seen = new Set<string>();
    refs.forEach((ref, j) => {
      const rp = Array.isArray(o.items) ? [...path, 'items', j] : [...path, 'items'];
      if (!itemIndex.has(ref) && !(Array.isArray(rawItems) && rawItems.some((x) => isMapping(x) && String(x.id) === ref))) bad(rp, 'plan.item.unknown', { id: ref }, ref);
      if (seen.has(ref)) bad(rp, 'plan.id.duplicate', { id: ref }, ref);
      seen.add(ref);
      used.add(ref);
    });
    return refs.filter((ref) => itemIndex.has(ref));
  };

  // Tasks
  const tasks: PlanTask[] = [];
  const taskIds = new Set<string>();
  if (!Array.isArray(root.tasks) || root.tasks.length === 0) bad(['tasks'], 'plan.list');
  else
    root.tasks.forEach((raw, i) => {
      const p: Path = ['tasks', i];
      const o = r.mapping(raw, p);
      if (!o) return;
      r.unknownKeys(o, TASK_KEYS, p);
      const tid = r.field(o, 'id', p, ID);
      if (tid !== undefined && taskIds.has(tid)) bad([...p, 'id'], 'plan.id.duplicate', { id: tid }, tid);
      if (tid !== undefined) taskIds.add(tid);
      const name = r.field(o, 'name', p, TEXT);
      const mode = o.mode;
      if (mode !== 'untargeted' && mode !== 'targeted') bad([...p, 'mode'], 'plan.task.mode', undefined, mode);
      let f: PlanFilter | undefined;
      if (!isAbsent(o.filter)) {
        f = filter(o.filter, [...p, 'filter']);
        if (mode === 'untargeted') bad([...p, 'filter'], 'plan.task.filter.untargeted');
      } else if (mode === 'targeted') bad([...p, 'filter'], 'plan.task.filter.missing');
      const refs = itemRefs(o, p);
      const size = parseSize(o.size, [...p, 'size']);
      const stratifyBy: StratifyKey[] = [];
      r.field(o, 'stratify_by', p, TEXTS)?.forEach((s, j) => {
        const sp = Array.isArray(o.stratify_by) ? [...p, 'stratify_by', j] : [...p, 'stratify_by'];
        if (!(STRATA as string[]).includes(s)) bad(sp, 'plan.task.stratify', { allowed: joinParam(STRATA) }, s);
        else if (stratifyBy.includes(s as StratifyKey)) bad(sp, 'plan.id.duplicate', { id: s }, s);
        else stratifyBy.push(s as StratifyKey);
      });
      const weights = isAbsent(o.weights) ? null : parseWeights(o.weights, [...p, 'weights']);
      if (tid === undefined || name === undefined || (mode !== 'untargeted' && mode !== 'targeted') || !size) return;
      tasks.push({ id: tid, name, mode, filter: mode === 'targeted' ? (f ?? null) : null, items: refs, size, stratifyBy, weights: weights ?? null });
    });

  function parseSize(v: unknown, path: Path): TaskSize | undefined {
    const o = r.mapping(v, path);
    if (!o) return undefined;
    r.unknownKeys(o, SIZE_KEYS, path);
    const given = SIZE_KEYS.filter((k) => !isAbsent(o[k]));
    if (given.length !== 1) {
      bad(path, 'plan.task.size.one', { allowed: joinParam(SIZE_KEYS) });
      return undefined;
    }
    const k = given[0]!;
    if (k === 'count') {
      const c = r.field(o, 'count', path, int({ min: 1, max: INT_MAX.count }));
      return c === undefined ? undefined : { kind: 'count', count: c };
    }
    const val = r.field(o, k, path, number({ min: 0, exclusiveMin: true, max: 1, code: 'plan.task.size.ratio' }));
    if (val === undefined) return undefined;
    const txt = decimalText(val);
    if (txt === undefined) {
      bad([...path, k], 'plan.task.size.ratio', { min: 0, max: 1 }, val);
      return undefined;
    }
    return { kind: k as 'ratio_per_period' | 'ratio_per_year', ratio: val, text: txt };
  }

  function parseWeights(v: unknown, path: Path): RiskWeights | undefined {
    const o = r.object(v, path, {
      complaints: nested({ min: int({ min: 1, required: true }), factor: { ...factor, required: true, requiredCode: 'plan.weight.factor' } }),
      abnormal: factor,
      serious_violation: factor,
    });
    if (!o) return undefined;
    const c = o.complaints;
    return {
      complaints: c && c.min !== undefined && c.factor !== undefined ? { min: c.min, factor: c.factor } : null,
      abnormal: o.abnormal ?? null,
      seriousViolation: o.serious_violation ?? null,
    };
  }

  // Full coverage
  let fullCoverage: FullCoverage | null = null;
  if (!isAbsent(root.full_coverage)) {
    const p: Path = ['full_coverage'];
    const o = r.mapping(root.full_coverage, p);
    if (o) {
      r.unknownKeys(o, FC_KEYS, p);
      const fid = o.id === undefined ? 'full_coverage' : r.field(o, 'id', p, ID);
      if (fid !== undefined && taskIds.has(fid)) bad([...p, 'id'], 'plan.id.duplicate', { id: fid }, fid);
      const name = isAbsent(o.name) ? DEFAULT_FULL_COVERAGE_NAME : r.field(o, 'name', p, TEXT);
      const includeKey = r.field(o, 'include_key', p, BOOL) ?? true;
      const f = isAbsent(o.filter) ? null : filter(o.filter, [...p, 'filter']);
      if (!includeKey && !f) bad(p, 'plan.full_coverage.empty');
      const refs = itemRefs(o, p);
      if (fid !== undefined && name !== undefined)
        fullCoverage = {
          includeKey,
          task: { id: fid, name, mode: 'targeted', filter: f ?? null, items: refs, size: { kind: 'all' }, stratifyBy: [], weights: null },
        };
    }
  }

  // Exclusions, repeats, team
  const excl = isAbsent(root.exclusions) ? undefined : r.object(root.exclusions, ['exclusions'], { inspected_within_days: int({ min: 1, max: INT_MAX.inspected_within_days }) });
  const allowRepeatWithinYear = r.field(root, 'allow_repeat_within_year', [], BOOL) ?? false;
  const team: Plan['team'] = { size: 2, maxPerInspectorPerPeriod: null, avoidHomeRegion: false };
  if (!isAbsent(root.team)) {
    const o = r.object(root.team, ['team'], {
      size: int({ min: 2, max: INT_MAX.size }),
      max_per_inspector_per_period: int({ min: 1, max: INT_MAX.max_per_inspector_per_period }),
      avoid_home_region: BOOL,
    });
    if (o) team.size = o.size ?? 2;
    if (o) team.maxPerInspectorPerPeriod = o.max_per_inspector_per_period ?? null;
    if (o) team.avoidHomeRegion = o.avoid_home_region ?? false;
  }

  // Items no task uses: the 事项清单 and the plan have drifted apart.
  if (Array.isArray(rawItems))
    items.forEach((it) => {
      if (!used.has(it.id)) bad(['items', itemIndex.get(it.id)!, 'id'], 'plan.item.unused', { id: it.id }, it.id);
    });

  if (r.problems.length || id === undefined || office === undefined || year === undefined || frequency === undefined) return { problems: r.problems };
  return {
    plan: { id, office, year, frequency, items, tasks, fullCoverage, exclusions: { inspectedWithinDays: excl?.inspected_within_days ?? null }, team, allowRepeatWithinYear },
    problems: r.problems,
  };
}

/** The decimal digits of a ratio as the plan wrote it (YAML gives a float; JS prints the shortest round-trip form). */
export function decimalText(v: number): string | undefined {
  const s = String(v);
  if (/^\d+(\.\d+)?$/.test(s)) return s;
  const mt = /^(\d)(?:\.(\d+))?e-(\d+)$/.exec(s);
  if (!mt) return undefined;
  const digits = mt[1]! + (mt[2] ?? '');
  const exp = Number(mt[3]);
  return '0.' + '0'.repeat(exp - 1) + digits;
}
