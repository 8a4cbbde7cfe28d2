import type { Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseDate } from '../values.js';
import { parseCondition, type LocatedProblem } from './condition.js';
import { COMMON_FACTS, COMMON_FACT_NAMES, parseFactValue } from './facts.js';
import { parseRatio, parseYuan } from './money.js';
import type { Basis, BandKind, FactSpec, FactType, Level, LevelBand, Limitation, Measure, MeasureKind, Rule, RuleVersion, StatutoryBand } from './types.js';
import { BAND_KINDS, MEASURE_KINDS } from './types.js';

/** What the schema needs of a parsed YAML file: a way to turn a key path into a located Problem. */
export interface Locator {
  file: string;
  problem(path: (string | number)[], message: string, value?: unknown): Problem;
  lineOf(path: (string | number)[]): number | undefined;
  keyLineOf?(path: (string | number)[]): number | undefined;
}

type Path = (string | number)[];
const FACT_TYPES: readonly FactType[] = ['money', 'integer', 'boolean', 'date', 'enum'];
export const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const KEYS = {
  rule: ['id', 'name', 'name_en', 'parent', 'exemptions', 'limitation', 'late_fee', 'facts', 'versions'],
  lateFee: ['of', 'from', 'to'],
  fact: ['type', 'label', 'help', 'unit', 'required', 'default', 'values', 'min'],
  version: ['version', 'effective_from', 'effective_to', 'basis', 'basis_pending', 'nature', 'order_first', 'measures', 'band', 'bands', 'persons_band', 'levels'],
  measure: ['text', 'kind', 'when'],
  band: ['kind', 'per', 'of', 'min', 'max', 'amount', 'optional'],
  level: ['name', 'when', 'band', 'persons_band', 'measures', 'refuse'],
  levelBand: ['use', 'min', 'max', 'amount', 'then'],
  then: ['per', 'amount'],
  basis: ['law', 'article', 'text'],
  exemptions: ['shall', 'first_offense'],
  limitation: ['years', 'extended_years', 'extended_when'],
} as const;

/** Validates one rule file; collects every problem, returns the rule only when there are none. */
export function parseRule(data: unknown, loc: Locator): { rule?: Rule; problems: Problem[] } {
  const t = m().penalty.schema;
  const problems: Problem[] = [];
  const add = (path: Path, msg: string, value?: unknown) => problems.push(loc.problem(path, msg, value));
  if (!isMap(data)) {
    add([], m().io.yamlNotMapping);
    return { problems };
  }
  unknownKeys(data, KEYS.rule, [], add);
  const id = str(data, 'id', [], add, true);
  if (id !== undefined && !RULE_ID.test(id)) add(['id'], t.badId, id);
  const name = str(data, 'name', [], add, true);
  const nameEn = str(data, 'name_en', [], add, false);
  const parent = str(data, 'parent', [], add, false);

  const facts = parseFacts(data.facts, add);
  const factMap = new Map<string, FactSpec>([...COMMON_FACTS, ...facts].map((f) => [f.name, f]));
  const condProblems: LocatedProblem[] = [];
  const condMsg = t.cond;

  let exemptions = { shall: true, firstOffense: true };
  if (data.exemptions !== undefined) {
    if (!isMap(data.exemptions)) add(['exemptions'], t.notMapping);
    else {
      unknownKeys(data.exemptions, KEYS.exemptions, ['exemptions'], add);
      exemptions = {
        shall: bool(data.exemptions, 'shall', ['exemptions'], add) ?? true,
        firstOffense: bool(data.exemptions, 'first_offense', ['exemptions'], add) ?? true,
      };
    }
  }

  let limitation: Limitation | undefined;
  if (data.limitation !== undefined) {
    const l = data.limitation;
    if (!isMap(l)) add(['limitation'], t.notMapping);
    else {
      unknownKeys(l, KEYS.limitation, ['limitation'], add);
      const years = posInt(l, 'years', ['limitation'], add, true) ?? 2;
      const extendedYears = posInt(l, 'extended_years', ['limitation'], add, false);
      const extendedWhen = l.extended_when === undefined ? undefined : parseCondition(l.extended_when, factMap, ['limitation', 'extended_when'], condMsg, condProblems);
      limitation = { years, extendedYears, extendedWhen };
      if ((extendedYears === undefined) !== (l.extended_when === undefined)) add(['limitation'], t.extendedPair);
    }
  }

  let lateFee: Rule['lateFee'];
  if (data.late_fee !== undefined) {
    const lf = data.late_fee;
    if (!isMap(lf)) add(['late_fee'], t.notMapping);
    else {
      unknownKeys(lf, KEYS.lateFee, ['late_fee'], add);
      const want: [string, FactType][] = [['of', 'money'], ['from', 'date'], ['to', 'date']];
      for (const [k, type] of want) {
        const f = str(lf, k, ['late_fee'], add, true);
        if (f !== undefined && factMap.get(f)?.type !== type) add(['late_fee', k], t.factOfType(f, type), f);
      }
      lateFee = { of: String(lf.of), from: String(lf.from), to: String(lf.to) };
    }
  }

  const versions: RuleVersion[] = [];
  if (!Array.isArray(data.versions) || data.versions.length === 0) add(['versions'], t.versionsRequired);
  else data.versions.forEach((v, i) => {
    const parsed = parseVersion(v, ['versions', i], factMap, add, condProblems, loc);
    if (parsed) versions.push(parsed);
  });
  versions.forEach((v, i) => {
    if (v.orderFirst && factMap.get('order_ignored')?.type !== 'boolean') add(['versions', i, 'order_first'], t.orderFirstNeedsFact);
  });
  const seenVersion = new Set<string>();
  versions.forEach((v, i) => {
    if (seenVersion.has(v.version)) add(['versions', i, 'version'], t.duplicateVersion, v.version);
    seenVersion.add(v.version);
  });

  for (const p of condProblems) add(p.path, p.message, p.value);
  if (problems.length || id === undefined || name === undefined) return { problems };
  return {
    rule: { id, name, nameEn, parent, facts, exemptions, limitation, lateFee, versions, file: loc.file, line: 1 },
    problems,
  };
}

function parseFacts(raw: unknown, add: (p: Path, msg: string, v?: unknown) => void): FactSpec[] {
  const t = m().penalty.schema;
  if (raw === undefined || raw === null) return [];
  if (!isMap(raw)) {
    add(['facts'], t.notMapping);
    return [];
  }
  const out: FactSpec[] = [];
  for (const [name, def] of Object.entries(raw)) {
    const path: Path = ['facts', name];
    if (!/^[a-z][a-z0-9_]*$/.test(name)) add(path, t.badFactName, name);
    if (COMMON_FACT_NAMES.has(name)) add(path, t.commonFactRedeclared(name), name);
    if (!isMap(def)) {
      add(path, t.notMapping);
      continue;
    }
    unknownKeys(def, KEYS.fact, path, add);
    const type = def.type as FactType;
    if (!FACT_TYPES.includes(type)) {
      add([...path, 'type'], t.badFactType(FACT_TYPES), def.type);
      continue;
    }
    const label = str(def, 'label', path, add, true) ?? name;
    const spec: FactSpec = {
      name,
      type,
      label,
      help: str(def, 'help', path, add, false),
      unit: str(def, 'unit', path, add, false),
      required: bool(def, 'required', path, add) ?? true,
    };
    if (def.min !== undefined) {
      if (typeof def.min !== 'number' || def.min < 0) add([...path, 'min'], t.badNumber, def.min);
      else spec.min = def.min;
    }
    if (type === 'enum') {
      const vals = def.values;
      if (isMap(vals) && Object.keys(vals).length) spec.values = Object.entries(vals).map(([key, label]) => ({ key, label: String(label) }));
      else if (Array.isArray(vals) && vals.length) spec.values = vals.map((v) => ({ key: String(v), label: String(v) }));
      else add([...path, 'values'], t.enumValues);
    } else if (def.values !== undefined) add([...path, 'values'], t.valuesOnlyForEnum);
    if (def.default !== undefined) {
      const r = parseFactValue(spec, def.default);
      if ('error' in r) add([...path, 'default'], t.badDefault(type), def.default);
      else spec.default = r.value;
    }
    out.push(spec);
  }
  return out;
}

function parseVersion(
  raw: unknown,
  path: Path,
  facts: Map<string, FactSpec>,
  add: (p: Path, msg: string, v?: unknown) => void,
  condProblems: LocatedProblem[],
  loc: Locator,
): RuleVersion | undefined {
  const t = m().penalty.schema;
  if (!isMap(raw)) {
    add(path, t.notMapping);
    return undefined;
  }
  unknownKeys(raw, KEYS.version, path, add);
  const version = raw.version === undefined ? undefined : String(raw.version);
  if (version === undefined) add([...path, 'version'], t.required);
  const effectiveFrom = date(raw, 'effective_from', path, add, true);
  const effectiveTo = date(raw, 'effective_to', path, add, false);
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) add([...path, 'effective_to'], t.toBeforeFrom(effectiveFrom), effectiveTo);

  const basis: Basis[] = [];
  if (!Array.isArray(raw.basis) || raw.basis.length === 0) add([...path, 'basis'], t.basisRequired);
  else raw.basis.forEach((b, i) => {
    const bp = [...path, 'basis', i];
    if (!isMap(b)) return add(bp, t.notMapping);
    unknownKeys(b, KEYS.basis, bp, add);
    const law = str(b, 'law', bp, add, true);
    const article = str(b, 'article', bp, add, true);
    if (law && article) basis.push({ law, article, text: str(b, 'text', bp, add, false) });
  });

  const nature = raw.nature ?? 'penalty';
  if (nature !== 'penalty' && nature !== 'order') add([...path, 'nature'], t.badNature, nature);
  const orderFirst = bool(raw, 'order_first', path, add) ?? false;
  const measures = parseMeasures(raw.measures, [...path, 'measures'], facts, add, condProblems, loc);
  const basisPending = str(raw, 'basis_pending', path, add, false);

  const bands: StatutoryBand[] = [];
  if (raw.band !== undefined && raw.bands !== undefined) add([...path, 'bands'], t.bandOrBands);
  if (raw.band !== undefined) {
    const b = parseStatBand(raw.band, 'default', [...path, 'band'], facts, add, loc);
    if (b) bands.push(b);
  } else if (raw.bands !== undefined) {
    if (!isMap(raw.bands) || Object.keys(raw.bands).length === 0) add([...path, 'bands'], t.notMapping);
    else for (const [name, b] of Object.entries(raw.bands)) {
      const sb = parseStatBand(b, name, [...path, 'bands', name], facts, add, loc);
      if (sb) bands.push(sb);
    }
  } else add([...path, 'band'], t.bandRequired);
  const personsBand = raw.persons_band === undefined ? undefined : parseStatBand(raw.persons_band, 'persons', [...path, 'persons_band'], facts, add, loc);
  if (personsBand && personsBand.kind !== 'per_worker') add([...path, 'persons_band', 'kind'], t.personsKind, personsBand.kind);

  const levels: Level[] = [];
  if (!Array.isArray(raw.levels) || raw.levels.length === 0) add([...path, 'levels'], t.levelsRequired);
  else raw.levels.forEach((l, i) => {
    const lp = [...path, 'levels', i];
    if (!isMap(l)) return add(lp, t.notMapping);
    unknownKeys(l, KEYS.level, lp, add);
    const name = str(l, 'name', lp, add, true);
    const when = parseCondition(l.when, facts, [...lp, 'when'], t.cond, condProblems);
    const band = parseLevelBand(l.band, bands, [...lp, 'band'], add, loc, facts);
    const personsBandL = personsBand && l.persons_band !== undefined ? parseLevelBand(l.persons_band, [personsBand], [...lp, 'persons_band'], add, loc) : undefined;
    if (!personsBand && l.persons_band !== undefined) add([...lp, 'persons_band'], t.noStatutoryPersons);
    const lm = parseMeasures(l.measures, [...lp, 'measures'], facts, add, condProblems, loc);
    const refuse = str(l, 'refuse', lp, add, false);
    if (name && when) levels.push({ name, when, band, refuse, personsBand: personsBandL ?? (personsBand && { use: 'persons', min: personsBand.min, max: personsBand.max }), measures: lm, line: loc.lineOf(lp) });
  });
  const names = new Set<string>();
  levels.forEach((l, i) => {
    if (names.has(l.name)) add([...path, 'levels', i, 'name'], t.duplicateLevel, l.name);
    names.add(l.name);
  });
  if (version === undefined || effectiveFrom === undefined) return undefined;
  return { version, effectiveFrom, effectiveTo, basis, basisPending, nature: nature as 'penalty' | 'order', orderFirst, measures, bands, personsBand, levels, line: loc.lineOf(path) };
}

/**
 * Measures are {text, kind, when?}: the kind (closure, revocation, suspension…) is what drives the hearing
 * and legal-review flags, so a bare string (whose kind only a string match could guess) is refused.
 */
function parseMeasures(
  raw: unknown,
  path: Path,
  facts: Map<string, FactSpec>,
  add: (p: Path, msg: string, v?: unknown) => void,
  condProblems: LocatedProblem[],
  loc: Locator,
): Measure[] {
  const t = m().penalty.schema;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(path, t.measureList(MEASURE_KINDS));
    return [];
  }
  const out: Measure[] = [];
  raw.forEach((x, i) => {
    const mp = [...path, i];
    if (typeof x === 'string') return add(mp, t.measureNoKind(x, MEASURE_KINDS), x);
    if (!isMap(x)) return add(mp, t.measureList(MEASURE_KINDS), x);
    unknownKeys(x, KEYS.measure, mp, add);
    const text = str(x, 'text', mp, add, true);
    const kind = x.kind as MeasureKind;
    if (x.kind === undefined) add([...mp, 'kind'], t.measureNoKind(text ?? '', MEASURE_KINDS));
    else if (!MEASURE_KINDS.includes(kind)) add([...mp, 'kind'], t.badMeasureKind(MEASURE_KINDS), x.kind);
    const when = x.when === undefined ? undefined : parseCondition(x.when, facts, [...mp, 'when'], t.cond, condProblems);
    if (text && MEASURE_KINDS.includes(kind)) out.push({ text, kind, when, line: loc.lineOf(mp) });
  });
  return out;
}

function amountParser(kind: BandKind): (v: unknown) => bigint | undefined {
  return kind === 'multiple' ? (v) => (typeof v === 'number' || typeof v === 'string' ? parseRatio(v) : undefined) : (v) => (typeof v === 'number' || typeof v === 'string' ? parseYuan(v) : undefined);
}

function parseStatBand(raw: unknown, name: string, path: Path, facts: Map<string, FactSpec>, add: (p: Path, msg: string, v?: unknown) => void, loc: Locator): StatutoryBand | undefined {
  const t = m().penalty.schema;
  if (!isMap(raw)) {
    add(path, t.notMapping);
    return undefined;
  }
  unknownKeys(raw, KEYS.band, path, add);
  const kind = raw.kind as BandKind;
  if (!BAND_KINDS.includes(kind)) {
    add([...path, 'kind'], t.badKind(BAND_KINDS), raw.kind);
    return undefined;
  }
  const per = raw.per === undefined ? [] : Array.isArray(raw.per) ? raw.per.map(String) : [String(raw.per)];
  const wantPer = kind === 'per_worker' ? 1 : kind === 'per_worker_month' ? 2 : 0;
  if (per.length !== wantPer) add([...path, 'per'], t.perCount(kind, wantPer), raw.per);
  per.forEach((f) => {
    const spec = facts.get(f);
    if (!spec) add([...path, 'per'], t.cond.unknownFact(f, [...facts.keys()]), f);
    else if (spec.type !== 'integer') add([...path, 'per'], t.perNotInteger(f), f);
  });
  let of: string | undefined;
  if (kind === 'multiple') {
    of = raw.of === undefined ? undefined : String(raw.of);
    const spec = of === undefined ? undefined : facts.get(of);
    if (of === undefined) add([...path, 'of'], t.required);
    else if (!spec) add([...path, 'of'], t.cond.unknownFact(of, [...facts.keys()]), of);
    else if (spec.type !== 'money') add([...path, 'of'], t.ofNotMoney(of), of);
  } else if (raw.of !== undefined) add([...path, 'of'], t.ofOnlyMultiple);
  const parse = amountParser(kind);
  let min = 0n;
  let max = 0n;
  if (kind === 'none') {
    if (raw.min !== undefined || raw.max !== undefined || raw.amount !== undefined) add(path, t.noneHasAmounts);
  } else if (kind === 'fixed' && raw.amount !== undefined) {
    const a = parse(raw.amount);
    if (a === undefined) add([...path, 'amount'], t.badAmount(kind), raw.amount);
    else min = max = a;
  } else {
    if (kind !== 'max_only') {
      const a = parse(raw.min);
      if (a === undefined) add([...path, 'min'], t.badAmount(kind), raw.min);
      else min = a;
    } else if (raw.min !== undefined) add([...path, 'min'], t.maxOnlyNoMin);
    const b = parse(raw.max);
    if (b === undefined) add([...path, 'max'], t.badAmount(kind), raw.max);
    else max = b;
    if (max < min) add([...path, 'max'], t.maxBelowMin, raw.max);
  }
  return { name, kind, per, of, min, max, optional: bool(raw, 'optional', path, add) ?? false, line: loc.lineOf(path) };
}

function parseLevelBand(raw: unknown, bands: StatutoryBand[], path: Path, add: (p: Path, msg: string, v?: unknown) => void, loc: Locator, facts?: Map<string, FactSpec>): LevelBand | undefined {
  const t = m().penalty.schema;
  if (raw === undefined) {
    // a level without its own band takes the whole statutory band, when there is just one
    if (bands.length === 1) return { use: bands[0]!.name, min: bands[0]!.min, max: bands[0]!.max };
    if (bands.length > 1) add(path, t.levelBandRequired(bands.map((b) => b.name)));
    return undefined;
  }
  if (!isMap(raw)) {
    add(path, t.notMapping);
    return undefined;
  }
  unknownKeys(raw, KEYS.levelBand, path, add);
  const use = raw.use === undefined ? (bands.length === 1 ? bands[0]!.name : undefined) : String(raw.use);
  const stat = bands.find((b) => b.name === use);
  if (!stat) {
    add([...path, 'use'], t.unknownBand(bands.map((b) => b.name)), raw.use);
    return undefined;
  }
  if (stat.kind === 'none') return { use: stat.name, min: 0n, max: 0n };
  const parse = amountParser(stat.kind);
  let min: bigint | undefined;
  let max: bigint | undefined;
  if (raw.amount !== undefined) {
    min = max = parse(raw.amount);
    if (min === undefined) add([...path, 'amount'], t.badAmount(stat.kind), raw.amount);
  } else {
    min = raw.min === undefined ? stat.min : parse(raw.min);
    max = raw.max === undefined ? stat.max : parse(raw.max);
    if (min === undefined) add([...path, 'min'], t.badAmount(stat.kind), raw.min);
    if (max === undefined) add([...path, 'max'], t.badAmount(stat.kind), raw.max);
  }
  if (min === undefined || max === undefined) return undefined;
  // the check legal staff care about most: a level may never leave the statutory range
  if (min < stat.min) add([...path, raw.amount !== undefined ? 'amount' : 'min'], t.belowStatutory(show(stat, stat.min)), raw.amount ?? raw.min);
  if (max > stat.max) add([...path, raw.amount !== undefined ? 'amount' : 'max'], t.aboveStatutory(show(stat, stat.max)), raw.amount ?? raw.max);
  if (max < min) add([...path, 'max'], t.maxBelowMin, raw.max);
  let then: LevelBand['then'];
  if (raw.then !== undefined) {
    const tp = [...path, 'then'];
    if (stat.kind !== 'per_worker_month' || !isMap(raw.then)) add(tp, t.thenOnlyPerMonth);
    else {
      unknownKeys(raw.then, KEYS.then, tp, add);
      const per = Array.isArray(raw.then.per) ? raw.then.per.map(String) : [];
      if (per.length !== 2) add([...tp, 'per'], t.perCount('per_worker_month', 2), raw.then.per);
      per.forEach((f) => {
        const spec = facts?.get(f);
        if (!spec) add([...tp, 'per'], t.cond.unknownFact(f, [...(facts?.keys() ?? [])]), f);
        else if (spec.type !== 'integer') add([...tp, 'per'], t.perNotInteger(f), f);
      });
      const a = parse(raw.then.amount);
      if (a === undefined) add([...tp, 'amount'], t.badAmount(stat.kind), raw.then.amount);
      else if (a > stat.max) add([...tp, 'amount'], t.aboveStatutory(show(stat, stat.max)), raw.then.amount);
      else if (per.length === 2) then = { per: per as [string, string], amount: a };
    }
  }
  return { use: stat.name, min, max, then, line: loc.lineOf(path) };
}

function show(b: StatutoryBand, v: bigint): string {
  return b.kind === 'multiple' ? m().penalty.fmt.ratio(v) : m().penalty.fmt.yuan(v);
}

// --- small typed readers that report instead of throwing ---

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], path: Path, add: (p: Path, msg: string, v?: unknown) => void) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) add([...path, k], m().penalty.schema.unknownKey(allowed), k);
}

function str(o: Record<string, unknown>, k: string, path: Path, add: (p: Path, msg: string, v?: unknown) => void, required: boolean): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) add([...path, k], m().penalty.schema.required);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    add([...path, k], m().penalty.schema.notText, v);
    return undefined;
  }
  const s = String(v).trim();
  if (required && !s) add([...path, k], m().penalty.schema.required);
  return s;
}

function bool(o: Record<string, unknown>, k: string, path: Path, add: (p: Path, msg: string, v?: unknown) => void): boolean | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    add([...path, k], m().penalty.schema.notBool, v);
    return undefined;
  }
  return v;
}

function posInt(o: Record<string, unknown>, k: string, path: Path, add: (p: Path, msg: string, v?: unknown) => void, required: boolean): number | undefined {
  const v = o[k];
  if (v === undefined) {
    if (required) add([...path, k], m().penalty.schema.required);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    add([...path, k], m().penalty.schema.badNumber, v);
    return undefined;
  }
  return v;
}

function date(o: Record<string, unknown>, k: string, path: Path, add: (p: Path, msg: string, v?: unknown) => void, required: boolean): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) add([...path, k], m().penalty.schema.required);
    return undefined;
  }
  const d = parseDate(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  if (d === undefined) add([...path, k], m().io.badDate, v);
  return d;
}
