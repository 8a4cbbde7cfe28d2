/**
 * The 抽查计划 (plan.yaml) as data: every key is checked and every problem is reported at once,
 * located by its key path so the CLI can print file:line:key. docs/plan.md documents each key.
 */
import { InputError, type Problem } from '../../errors.js';
import { UNIT_TYPES, type UnitType } from '../records.js';
import { DEFAULT_FULL_COVERAGE_NAME, type FullCoverage, type Plan, type PlanFilter, type PlanItem, type PlanTask, type ProblemAt, type RiskWeights, type StratifyKey, type TaskSize } from './types.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const TOP_KEYS = ['id', 'office', 'year', 'frequency', 'items', 'tasks', 'full_coverage', 'exclusions', 'team', 'allow_repeat_within_year'];
const ITEM_KEYS = ['id', 'name', 'basis', 'specialty', 'scope'];
const TASK_KEYS = ['id', 'name', 'mode', 'filter', 'items', 'size', 'stratify_by', 'weights'];
/** the directory columns a filter may name; anything else is "a filter on an unknown column" */
export const FILTER_KEYS = ['type', 'industry', 'region', 'employees_min', 'employees_max', 'abnormal', 'serious_violation', 'key', 'complaints_min'];
const SIZE_KEYS = ['ratio_per_period', 'ratio_per_year', 'count'];
const WEIGHT_KEYS = ['complaints', 'abnormal', 'serious_violation'];
const FC_KEYS = ['id', 'name', 'include_key', 'filter', 'items'];
const TEAM_KEYS = ['size', 'max_per_inspector_per_period', 'avoid_home_region'];
const EXCL_KEYS = ['inspected_within_days'];
const FREQUENCIES = [1, 2, 4, 12] as const;
const STRATA: StratifyKey[] = ['region', 'industry'];

/** The plan id and task ids go into ticket inputs, which are `|`-separated: they must not contain one. */
const ID_RE = /^[^|\s][^|]*$/;

/**
 * A problem of the plan as a code and its parameters: the core says what is wrong, the CLI layer
 * says it in zh or en (planWords in src/i18n/draw-faults.ts), at the key path the caller locates.
 */
export type PlanFaultCode =
  | 'notMapping'
  | 'required'
  | 'notText'
  | 'badId'
  | 'notBool'
  | 'badFactor'
  | 'minAboveMax'
  | 'emptyFilter'
  | 'badFrequency'
  | 'needList'
  | 'needItems'
  | 'badMode'
  | 'untargetedFilter'
  | 'targetedNeedsFilter'
  | 'badRatio'
  | 'fullCoverageEmpty'
  | 'invalid'
  | 'unknownKey'
  | 'notInteger'
  | 'unknownFilterColumn'
  | 'badUnitType'
  | 'duplicateId'
  | 'unknownItem'
  | 'badStratify'
  | 'oneSize'
  | 'unusedItem';
export interface PlanFault {
  code: PlanFaultCode;
  params: unknown[];
}
/** How the caller words a fault (the language is the caller's business). */
export type PlanWords = (f: PlanFault) => string;

const fault =
  (code: PlanFaultCode) =>
  (...params: unknown[]): PlanFault => ({ code, params });
const t = {
  notMapping: { code: 'notMapping', params: [] } as PlanFault,
  required: { code: 'required', params: [] } as PlanFault,
  notText: { code: 'notText', params: [] } as PlanFault,
  badId: { code: 'badId', params: [] } as PlanFault,
  notBool: { code: 'notBool', params: [] } as PlanFault,
  badFactor: { code: 'badFactor', params: [] } as PlanFault,
  minAboveMax: { code: 'minAboveMax', params: [] } as PlanFault,
  emptyFilter: { code: 'emptyFilter', params: [] } as PlanFault,
  badFrequency: { code: 'badFrequency', params: [] } as PlanFault,
  needList: { code: 'needList', params: [] } as PlanFault,
  needItems: { code: 'needItems', params: [] } as PlanFault,
  badMode: { code: 'badMode', params: [] } as PlanFault,
  untargetedFilter: { code: 'untargetedFilter', params: [] } as PlanFault,
  targetedNeedsFilter: { code: 'targetedNeedsFilter', params: [] } as PlanFault,
  badRatio: { code: 'badRatio', params: [] } as PlanFault,
  fullCoverageEmpty: { code: 'fullCoverageEmpty', params: [] } as PlanFault,
  invalid: fault('invalid'),
  unknownKey: fault('unknownKey'),
  notInteger: fault('notInteger'),
  unknownFilterColumn: fault('unknownFilterColumn'),
  badUnitType: fault('badUnitType'),
  duplicateId: fault('duplicateId'),
  unknownItem: fault('unknownItem'),
  badStratify: fault('badStratify'),
  oneSize: fault('oneSize'),
  unusedItem: fault('unusedItem'),
};

export function parsePlan(data: unknown, at: ProblemAt, words: PlanWords): Plan {
  const problems: Problem[] = [];
  const bad = (path: Path, f: PlanFault, value?: unknown) => {
    problems.push(at(path, words(f), value));
  };

  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const obj = (v: unknown, path: Path): Obj | undefined => {
    if (isObj(v)) return v;
    bad(path, t.notMapping, v);
    return undefined;
  };
  const unknownKeys = (o: Obj, allowed: string[], path: Path) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) bad([...path, k], t.unknownKey(allowed), k);
  };
  const text = (o: Obj, k: string, path: Path, required = true): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null || v === '') {
      if (required) bad([...path, k], t.required);
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      bad([...path, k], t.notText, v);
      return undefined;
    }
    return String(v).trim();
  };
  const ident = (o: Obj, k: string, path: Path): string | undefined => {
    const s = text(o, k, path);
    if (s !== undefined && !ID_RE.test(s)) {
      bad([...path, k], t.badId, s);
      return undefined;
    }
    return s;
  };
  const int = (o: Obj, k: string, path: Path, min: number): number | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      bad([...path, k], t.notInteger(min), v);
      return undefined;
    }
    return v;
  };
  const bool = (o: Obj, k: string, path: Path): boolean | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      bad([...path, k], t.notBool, v);
      return undefined;
    }
    return v;
  };
  const factor = (v: unknown, path: Path): number | undefined => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1000) {
      bad(path, t.badFactor, v);
      return undefined;
    }
    return v;
  };
  const list = (o: Obj, k: string, path: Path): string[] | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    const arr = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    arr.forEach((x, i) => {
      if (typeof x === 'string' || typeof x === 'number') out.push(String(x).trim());
      else bad(Array.isArray(v) ? [...path, k, i] : [...path, k], t.notText, x);
    });
    return out;
  };
  const unitTypes = (o: Obj, k: string, path: Path): UnitType[] | undefined => {
    const vs = list(o, k, path);
    if (!vs) return undefined;
    const out: UnitType[] = [];
    vs.forEach((s, i) => {
      if ((UNIT_TYPES as readonly string[]).includes(s)) out.push(s as UnitType);
      else bad(Array.isArray(o[k]) ? [...path, k, i] : [...path, k], t.badUnitType(UNIT_TYPES), s);
    });
    return out;
  };

  const filter = (v: unknown, path: Path): PlanFilter | undefined => {
    const o = obj(v, path);
    if (!o) return undefined;
    for (const k of Object.keys(o)) if (!FILTER_KEYS.includes(k)) bad([...path, k], t.unknownFilterColumn(FILTER_KEYS), k);
    const f: PlanFilter = {};
    const ty = unitTypes(o, 'type', path);
    if (ty) f.type = ty;
    const ind = list(o, 'industry', path);
    if (ind) f.industry = ind;
    const reg = list(o, 'region', path);
    if (reg) f.region = reg;
    const emin = int(o, 'employees_min', path, 0);
    if (emin !== undefined) f.employeesMin = emin;
    const emax = int(o, 'employees_max', path, 0);
    if (emax !== undefined) f.employeesMax = emax;
    if (emin !== undefined && emax !== undefined && emin > emax) bad([...path, 'employees_max'], t.minAboveMax, emax);
    const ab = bool(o, 'abnormal', path);
    if (ab !== undefined) f.abnormal = ab;
    const sv = bool(o, 'serious_violation', path);
    if (sv !== undefined) f.seriousViolation = sv;
    const ky = bool(o, 'key', path);
    if (ky !== undefined) f.key = ky;
    const cm = int(o, 'complaints_min', path, 0);
    if (cm !== undefined) f.complaintsMin = cm;
    if (Object.keys(o).length === 0) bad(path, t.emptyFilter);
    return f;
  };

  const root = obj(data, []);
  if (!root) throw new InputError(words(t.invalid(problems.length)), problems);
  unknownKeys(root, TOP_KEYS, []);

  const id = ident(root, 'id', []);
  const office = text(root, 'office', []);
  const year = int(root, 'year', [], 2000);
  if (root.year === undefined) bad(['year'], t.required);
  else if (year !== undefined && year > 2200) bad(['year'], t.notInteger(2000), year);
  let frequency: Plan['frequency'] | undefined;
  if (root.frequency === undefined) bad(['frequency'], t.required);
  else if (!(FREQUENCIES as readonly unknown[]).includes(root.frequency)) bad(['frequency'], t.badFrequency, root.frequency);
  else frequency = root.frequency as Plan['frequency'];

  // Items
  const items: PlanItem[] = [];
  const itemIndex = new Map<string, number>();
  if (!Array.isArray(root.items) || root.items.length === 0) bad(['items'], t.needList);
  else
    root.items.forEach((raw, i) => {
      const p: Path = ['items', i];
      const o = obj(raw, p);
      if (!o) return;
      unknownKeys(o, ITEM_KEYS, p);
      const iid = ident(o, 'id', p);
      const name = text(o, 'name', p);
      const basis = text(o, 'basis', p);
      const specialty = text(o, 'specialty', p);
      const scope = o.scope === undefined || o.scope === null ? null : (unitTypes(o, 'scope', p) ?? null);
      if (iid !== undefined && itemIndex.has(iid)) bad([...p, 'id'], t.duplicateId(iid), iid);
      if (iid === undefined || name === undefined || basis === undefined || specialty === undefined) return;
      itemIndex.set(iid, i);
      items.push({ id: iid, name, basis, specialty, scope });
    });
  const used = new Set<string>();
  const itemRefs = (o: Obj, path: Path): string[] => {
    const refs = list(o, 'items', path);
    if (!refs || refs.length === 0) {
      bad([...path, 'items'], t.needItems);
      return [];
    }
    const seen = new Set<string>();
    refs.forEach((r, j) => {
      const rp = Array.isArray(o.items) ? [...path, 'items', j] : [...path, 'items'];
      if (!itemIndex.has(r) && !(Array.isArray(root.items) && root.items.some((x) => isObj(x) && String(x.id) === r)))
        bad(rp, t.unknownItem(r), r);
      if (seen.has(r)) bad(rp, t.duplicateId(r), r);
      seen.add(r);
      used.add(r);
    });
    return refs.filter((r) => itemIndex.has(r));
  };

  // Tasks
  const tasks: PlanTask[] = [];
  const taskIds = new Set<string>();
  if (!Array.isArray(root.tasks) || root.tasks.length === 0) bad(['tasks'], t.needList);
  else
    root.tasks.forEach((raw, i) => {
      const p: Path = ['tasks', i];
      const o = obj(raw, p);
      if (!o) return;
      unknownKeys(o, TASK_KEYS, p);
      const tid = ident(o, 'id', p);
      if (tid !== undefined && taskIds.has(tid)) bad([...p, 'id'], t.duplicateId(tid), tid);
      if (tid !== undefined) taskIds.add(tid);
      const name = text(o, 'name', p);
      const mode = o.mode;
      if (mode !== 'untargeted' && mode !== 'targeted') bad([...p, 'mode'], t.badMode, mode);
      let f: PlanFilter | undefined;
      if (o.filter !== undefined && o.filter !== null) {
        f = filter(o.filter, [...p, 'filter']);
        if (mode === 'untargeted') bad([...p, 'filter'], t.untargetedFilter);
      } else if (mode === 'targeted') bad([...p, 'filter'], t.targetedNeedsFilter);
      const refs = itemRefs(o, p);
      const size = parseSize(o.size, [...p, 'size']);
      const stratifyBy: StratifyKey[] = [];
      const sb = list(o, 'stratify_by', p);
      sb?.forEach((s, j) => {
        const sp = Array.isArray(o.stratify_by) ? [...p, 'stratify_by', j] : [...p, 'stratify_by'];
        if (!(STRATA as string[]).includes(s)) bad(sp, t.badStratify(STRATA), s);
        else if (stratifyBy.includes(s as StratifyKey)) bad(sp, t.duplicateId(s), s);
        else stratifyBy.push(s as StratifyKey);
      });
      const weights = o.weights === undefined || o.weights === null ? null : parseWeights(o.weights, [...p, 'weights']);
      if (tid === undefined || name === undefined || (mode !== 'untargeted' && mode !== 'targeted') || !size) return;
      tasks.push({ id: tid, name, mode, filter: mode === 'targeted' ? (f ?? null) : null, items: refs, size, stratifyBy, weights: weights ?? null });
    });

  function parseSize(v: unknown, path: Path): TaskSize | undefined {
    const o = obj(v, path);
    if (!o) return undefined;
    unknownKeys(o, SIZE_KEYS, path);
    const given = SIZE_KEYS.filter((k) => o[k] !== undefined && o[k] !== null);
    if (given.length !== 1) {
      bad(path, t.oneSize(SIZE_KEYS));
      return undefined;
    }
    const k = given[0]!;
    const val = o[k];
    if (k === 'count') {
      const c = int(o, 'count', path, 1);
      return c === undefined ? undefined : { kind: 'count', count: c };
    }
    if (typeof val !== 'number' || !Number.isFinite(val) || val <= 0 || val > 1) {
      bad([...path, k], t.badRatio, val);
      return undefined;
    }
    const txt = decimalText(val);
    if (txt === undefined) {
      bad([...path, k], t.badRatio, val);
      return undefined;
    }
    return { kind: k as 'ratio_per_period' | 'ratio_per_year', ratio: val, text: txt };
  }

  function parseWeights(v: unknown, path: Path): RiskWeights | undefined {
    const o = obj(v, path);
    if (!o) return undefined;
    unknownKeys(o, WEIGHT_KEYS, path);
    const w: RiskWeights = { complaints: null, abnormal: null, seriousViolation: null };
    if (o.complaints !== undefined && o.complaints !== null) {
      const cp: Path = [...path, 'complaints'];
      const c = obj(o.complaints, cp);
      if (c) {
        unknownKeys(c, ['min', 'factor'], cp);
        const min = int(c, 'min', cp, 1);
        if (c.min === undefined) bad([...cp, 'min'], t.required);
        const fct = factor(c.factor, [...cp, 'factor']);
        if (min !== undefined && fct !== undefined) w.complaints = { min, factor: fct };
      }
    }
    if (o.abnormal !== undefined && o.abnormal !== null) w.abnormal = factor(o.abnormal, [...path, 'abnormal']) ?? null;
    if (o.serious_violation !== undefined && o.serious_violation !== null)
      w.seriousViolation = factor(o.serious_violation, [...path, 'serious_violation']) ?? null;
    return w;
  }

  // Full coverage
  let fullCoverage: FullCoverage | null = null;
  if (root.full_coverage !== undefined && root.full_coverage !== null) {
    const p: Path = ['full_coverage'];
    const o = obj(root.full_coverage, p);
    if (o) {
      unknownKeys(o, FC_KEYS, p);
      const fid = o.id === undefined ? 'full_coverage' : ident(o, 'id', p);
      if (fid !== undefined && taskIds.has(fid)) bad([...p, 'id'], t.duplicateId(fid), fid);
      const name = o.name === undefined || o.name === null ? DEFAULT_FULL_COVERAGE_NAME : text(o, 'name', p);
      const includeKey = bool(o, 'include_key', p) ?? true;
      const f = o.filter === undefined || o.filter === null ? null : filter(o.filter, [...p, 'filter']);
      if (!includeKey && !f) bad(p, t.fullCoverageEmpty);
      const refs = itemRefs(o, p);
      if (fid !== undefined && name !== undefined)
        fullCoverage = {
          includeKey,
          task: { id: fid, name, mode: 'targeted', filter: f ?? null, items: refs, size: { kind: 'all' }, stratifyBy: [], weights: null },
        };
    }
  }

  // Exclusions
  let inspectedWithinDays: number | null = null;
  if (root.exclusions !== undefined && root.exclusions !== null) {
    const o = obj(root.exclusions, ['exclusions']);
    if (o) {
      unknownKeys(o, EXCL_KEYS, ['exclusions']);
      inspectedWithinDays = int(o, 'inspected_within_days', ['exclusions'], 1) ?? null;
    }
  }
  const allowRepeatWithinYear = bool(root, 'allow_repeat_within_year', []) ?? false;

  // Team
  const team: Plan['team'] = { size: 2, maxPerInspectorPerPeriod: null, avoidHomeRegion: false };
  if (root.team !== undefined && root.team !== null) {
    const o = obj(root.team, ['team']);
    if (o) {
      unknownKeys(o, TEAM_KEYS, ['team']);
      const size = int(o, 'size', ['team'], 2);
      if (size !== undefined) team.size = size;
      const cap = int(o, 'max_per_inspector_per_period', ['team'], 1);
      if (cap !== undefined) team.maxPerInspectorPerPeriod = cap;
      team.avoidHomeRegion = bool(o, 'avoid_home_region', ['team']) ?? false;
    }
  }

  // Items no task uses: the 事项清单 and the plan have drifted apart.
  if (Array.isArray(root.items))
    items.forEach((it) => {
      if (!used.has(it.id)) bad(['items', itemIndex.get(it.id)!, 'id'], t.unusedItem(it.id), it.id);
    });

  if (problems.length || id === undefined || office === undefined || year === undefined || frequency === undefined)
    throw new InputError(words(t.invalid(problems.length)), problems);
  return { id, office, year, frequency, items, tasks, fullCoverage, exclusions: { inspectedWithinDays }, team, allowRepeatWithinYear };
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
