import type { Problem, ProblemParams } from '../../errors.js';
import { bool, date, FieldReader, int, isMapping, joinParam, number, text, type YamlPlaces } from '../yaml-fields.js';
import { parseCondition } from './condition.js';
import { COMMON_FACTS, COMMON_FACT_NAMES, parseFactValue } from './facts.js';
import { parseRatio, parseYuan } from './money.js';
import type { Basis, BandKind, FactSpec, FactType, Level, LevelBand, Limitation, Measure, MeasureKind, Rule, RuleVersion, StatutoryBand } from './types.js';
import { BAND_KINDS, MEASURE_KINDS } from './types.js';

/** What the rule parsers need of a parsed YAML file: its name and where a key path stands (src/io/yaml.ts gives both). */
export type Locator = YamlPlaces & { file: string };

type Path = (string | number)[];
const FACT_TYPES: readonly FactType[] = ['money', 'integer', 'boolean', 'date', 'enum'];
export const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const KEYS = {
  rule: ['id', 'name', 'name_en', 'parent', 'exemptions', 'limitation', 'late_fee', 'facts', 'versions'],
  lateFee: ['of', 'from', 'to'],
  fact: ['type', 'label', 'help', 'unit', 'required', 'default', 'values', 'min'],
  version: ['version', 'effective_from', 'effective_to', 'basis', 'basis_pending', 'nature', 'order_first', 'measures', 'band', 'bands', 'persons_band', 'levels'],
  measure: ['text', 'kind', 'when', 'amount'],
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
  const r = ruleReader(loc);
  // condition problems come after the others, as legal staff read a rule file top to bottom first
  const cond = ruleReader(loc);
  if (!isMap(data)) {
    r.report([], 'rule.root.mapping');
    return { problems: r.problems };
  }
  r.unknownKeys(data, KEYS.rule, []);
  const id = r.field(data, 'id', [], REQUIRED_TEXT);
  if (id !== undefined && !RULE_ID.test(id)) r.report(['id'], 'rule.id', undefined, id);
  const name = r.field(data, 'name', [], REQUIRED_TEXT);
  const nameEn = r.field(data, 'name_en', [], TEXT);
  const parent = r.field(data, 'parent', [], TEXT);

  const facts = parseFacts(data.facts, r);
  const factMap = new Map<string, FactSpec>([...COMMON_FACTS, ...facts].map((f) => [f.name, f]));

  let exemptions = { shall: true, firstOffense: true };
  if (data.exemptions !== undefined) {
    const e = r.object(data.exemptions, ['exemptions'], { shall: BOOL, first_offense: BOOL });
    if (e) exemptions = { shall: e.shall ?? true, firstOffense: e.first_offense ?? true };
  }

  let limitation: Limitation | undefined;
  if (data.limitation !== undefined) {
    const l = data.limitation;
    const o = r.object(l, ['limitation'], { years: POS_INT_REQUIRED, extended_years: POS_INT }, { extra: ['extended_when'] });
    if (o && isMap(l)) {
      const extendedWhen = l.extended_when === undefined ? undefined : parseCondition(l.extended_when, factMap, ['limitation', 'extended_when'], cond);
      limitation = { years: o.years ?? 2, extendedYears: o.extended_years, extendedWhen };
      if ((o.extended_years === undefined) !== (l.extended_when === undefined)) r.report(['limitation'], 'rule.limitation.pair');
    }
  }

  let lateFee: Rule['lateFee'];
  if (data.late_fee !== undefined) {
    const lf = data.late_fee;
    if (!isMap(lf)) r.report(['late_fee'], 'rule.mapping');
    else {
      r.unknownKeys(lf, KEYS.lateFee, ['late_fee']);
      const want: [string, FactType][] = [['of', 'money'], ['from', 'date'], ['to', 'date']];
      for (const [k, type] of want) {
        const f = r.field(lf, k, ['late_fee'], REQUIRED_TEXT);
        if (f !== undefined && factMap.get(f)?.type !== type) r.report(['late_fee', k], 'rule.fact.of_type', { fact: f, type }, f);
      }
      lateFee = { of: String(lf.of), from: String(lf.from), to: String(lf.to) };
    }
  }

  const versions: RuleVersion[] = [];
  if (!Array.isArray(data.versions) || data.versions.length === 0) r.report(['versions'], 'rule.versions');
  else
    data.versions.forEach((v, i) => {
      const parsed = parseVersion(v, ['versions', i], factMap, r, cond);
      if (parsed) versions.push(parsed);
    });
  versions.forEach((v, i) => {
    if (v.orderFirst && factMap.get('order_ignored')?.type !== 'boolean') r.report(['versions', i, 'order_first'], 'rule.order_first');
  });
  const seenVersion = new Set<string>();
  versions.forEach((v, i) => {
    if (seenVersion.has(v.version)) r.report(['versions', i, 'version'], 'rule.version.duplicate', undefined, v.version);
    seenVersion.add(v.version);
  });

  const problems = [...r.problems, ...cond.problems];
  if (problems.length || id === undefined || name === undefined) return { problems };
  return {
    rule: { id, name, nameEn, parent, facts, exemptions, limitation, lateFee, versions, file: loc.file, line: 1 },
    problems,
  };
}

/** The reader every rules file uses: unknown keys show themselves as the value. */
export function ruleReader(loc: YamlPlaces, ns = 'rule'): FieldReader {
  return new FieldReader(loc, ns, { keyAsValue: true });
}

const TEXT = text({ emptyIsAbsent: false });
const REQUIRED_TEXT = text({ required: true, emptyIsAbsent: false });
const BOOL = bool();
const POS_INT = int({ min: 1, code: 'rule.int' });
const POS_INT_REQUIRED = int({ min: 1, required: true, code: 'rule.int' });

function parseFacts(raw: unknown, r: FieldReader): FactSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!isMap(raw)) {
    r.report(['facts'], 'rule.mapping');
    return [];
  }
  const out: FactSpec[] = [];
  for (const [name, def] of Object.entries(raw)) {
    const path: Path = ['facts', name];
    if (!/^[a-z][a-z0-9_]*$/.test(name)) r.report(path, 'rule.fact.name', undefined, name);
    if (COMMON_FACT_NAMES.has(name)) r.report(path, 'rule.fact.common', { name }, name);
    if (!isMap(def)) {
      r.report(path, 'rule.mapping');
      continue;
    }
    r.unknownKeys(def, KEYS.fact, path);
    const type = def.type as FactType;
    if (!FACT_TYPES.includes(type)) {
      r.report([...path, 'type'], 'rule.fact.type', { allowed: joinParam(FACT_TYPES) }, def.type);
      continue;
    }
    const label = r.field(def, 'label', path, REQUIRED_TEXT) ?? name;
    const spec: FactSpec = {
      name,
      type,
      label,
      help: r.field(def, 'help', path, TEXT),
      unit: r.field(def, 'unit', path, TEXT),
      required: r.field(def, 'required', path, BOOL) ?? true,
    };
    const min = r.field(def, 'min', path, number({ min: 0, code: 'rule.int' }));
    if (min !== undefined) spec.min = min;
    if (type === 'enum') {
      const vals = def.values;
      if (isMap(vals) && Object.keys(vals).length) spec.values = Object.entries(vals).map(([key, label]) => ({ key, label: String(label) }));
      else if (Array.isArray(vals) && vals.length) spec.values = vals.map((v) => ({ key: String(v), label: String(v) }));
      else r.report([...path, 'values'], 'rule.fact.values');
    } else if (def.values !== undefined) r.report([...path, 'values'], 'rule.fact.values.enum_only');
    if (def.default !== undefined) {
      const res = parseFactValue(spec, def.default);
      if ('error' in res) r.report([...path, 'default'], 'rule.fact.default', { type }, def.default);
      else spec.default = res.value;
    }
    out.push(spec);
  }
  return out;
}

function parseVersion(raw: unknown, path: Path, facts: Map<string, FactSpec>, r: FieldReader, cond: FieldReader): RuleVersion | undefined {
  if (!isMap(raw)) {
    r.report(path, 'rule.mapping');
    return undefined;
  }
  r.unknownKeys(raw, KEYS.version, path);
  const version = raw.version === undefined ? undefined : String(raw.version);
  if (version === undefined) r.report([...path, 'version'], 'rule.required');
  const effectiveFrom = r.field(raw, 'effective_from', path, date({ required: true }));
  const effectiveTo = r.field(raw, 'effective_to', path, date());
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) r.report([...path, 'effective_to'], 'rule.version.to', { from: effectiveFrom }, effectiveTo);

  const basis: Basis[] = [];
  if (!Array.isArray(raw.basis) || raw.basis.length === 0) r.report([...path, 'basis'], 'rule.basis');
  else
    raw.basis.forEach((b, i) => {
      const bp = [...path, 'basis', i];
      const o = r.object(b, bp, { law: REQUIRED_TEXT, article: REQUIRED_TEXT, text: TEXT });
      if (o?.law && o.article) basis.push({ law: o.law, article: o.article, text: o.text });
    });

  const nature = raw.nature ?? 'penalty';
  if (nature !== 'penalty' && nature !== 'order') r.report([...path, 'nature'], 'rule.nature', undefined, nature);
  const orderFirst = r.field(raw, 'order_first', path, BOOL) ?? false;
  const measures = parseMeasures(raw.measures, [...path, 'measures'], facts, r, cond);
  const basisPending = r.field(raw, 'basis_pending', path, TEXT);

  const bands: StatutoryBand[] = [];
  if (raw.band !== undefined && raw.bands !== undefined) r.report([...path, 'bands'], 'rule.band.both');
  if (raw.band !== undefined) {
    const b = parseStatBand(raw.band, 'default', [...path, 'band'], facts, r);
    if (b) bands.push(b);
  } else if (raw.bands !== undefined) {
    if (!isMap(raw.bands) || Object.keys(raw.bands).length === 0) r.report([...path, 'bands'], 'rule.mapping');
    else
      for (const [name, b] of Object.entries(raw.bands)) {
        const sb = parseStatBand(b, name, [...path, 'bands', name], facts, r);
        if (sb) bands.push(sb);
      }
  } else r.report([...path, 'band'], 'rule.band.required');
  const personsBand = raw.persons_band === undefined ? undefined : parseStatBand(raw.persons_band, 'persons', [...path, 'persons_band'], facts, r);
  if (personsBand && personsBand.kind !== 'per_worker') r.report([...path, 'persons_band', 'kind'], 'rule.persons_band.kind', undefined, personsBand.kind);

  const levels: Level[] = [];
  if (!Array.isArray(raw.levels) || raw.levels.length === 0) r.report([...path, 'levels'], 'rule.levels');
  else
    raw.levels.forEach((l, i) => {
      const lp = [...path, 'levels', i];
      if (!isMap(l)) return r.report(lp, 'rule.mapping');
      r.unknownKeys(l, KEYS.level, lp);
      const name = r.field(l, 'name', lp, REQUIRED_TEXT);
      const when = parseCondition(l.when, facts, [...lp, 'when'], cond);
      const band = parseLevelBand(l.band, bands, [...lp, 'band'], r, facts);
      const personsBandL = personsBand && l.persons_band !== undefined ? parseLevelBand(l.persons_band, [personsBand], [...lp, 'persons_band'], r) : undefined;
      if (!personsBand && l.persons_band !== undefined) r.report([...lp, 'persons_band'], 'rule.level.persons_band');
      const lm = parseMeasures(l.measures, [...lp, 'measures'], facts, r, cond);
      const refuse = r.field(l, 'refuse', lp, TEXT);
      if (name && when) levels.push({ name, when, band, refuse, personsBand: personsBandL ?? (personsBand && { use: 'persons', min: personsBand.min, max: personsBand.max }), measures: lm, line: r.lineOf(lp) });
    });
  const names = new Set<string>();
  levels.forEach((l, i) => {
    if (names.has(l.name)) r.report([...path, 'levels', i, 'name'], 'rule.level.duplicate', undefined, l.name);
    names.add(l.name);
  });
  if (version === undefined || effectiveFrom === undefined) return undefined;
  return { version, effectiveFrom, effectiveTo, basis, basisPending, nature: nature as 'penalty' | 'order', orderFirst, measures, bands, personsBand, levels, line: r.lineOf(path) };
}

/**
 * Measures are {text, kind, when?}: the kind (closure, revocation, suspension…) is what drives the hearing
 * and legal-review flags, so a bare string (whose kind only a string match could guess) is refused.
 */
function parseMeasures(raw: unknown, path: Path, facts: Map<string, FactSpec>, r: FieldReader, cond: FieldReader): Measure[] {
  const kinds = { allowed: joinParam(MEASURE_KINDS) };
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    r.report(path, 'rule.measure.list', kinds);
    return [];
  }
  const out: Measure[] = [];
  raw.forEach((x, i) => {
    const mp = [...path, i];
    if (typeof x === 'string') return r.report(mp, 'rule.measure.no_kind', { ...kinds, text: x }, x);
    if (!isMap(x)) return r.report(mp, 'rule.measure.list', kinds, x);
    r.unknownKeys(x, KEYS.measure, mp);
    const text = r.field(x, 'text', mp, REQUIRED_TEXT);
    const kind = x.kind as MeasureKind;
    if (x.kind === undefined) r.report([...mp, 'kind'], 'rule.measure.no_kind', { ...kinds, text: text ?? '' });
    else if (!MEASURE_KINDS.includes(kind)) r.report([...mp, 'kind'], 'rule.measure.kind', kinds, x.kind);
    const when = x.when === undefined ? undefined : parseCondition(x.when, facts, [...mp, 'when'], cond);
    let amount: string | undefined;
    if (x.amount !== undefined) {
      amount = String(x.amount);
      const spec = facts.get(amount);
      if (kind !== 'confiscation') r.report([...mp, 'amount'], 'rule.measure.amount.kind', undefined, x.amount);
      else if (!spec) unknownFact(r, [...mp, 'amount'], amount, facts);
      else if (spec.type !== 'money') r.report([...mp, 'amount'], 'rule.measure.amount.money', { fact: amount }, x.amount);
    }
    if (text && MEASURE_KINDS.includes(kind)) out.push({ text, kind, when, ...(amount === undefined ? {} : { amount }), line: r.lineOf(mp) });
  });
  return out;
}

function amountParser(kind: BandKind): (v: unknown) => bigint | undefined {
  return kind === 'multiple' ? (v) => (typeof v === 'number' || typeof v === 'string' ? parseRatio(v) : undefined) : (v) => (typeof v === 'number' || typeof v === 'string' ? parseYuan(v) : undefined);
}

/** A fact named by a band (per, of) must exist: the same fault, and words, as in a condition. */
function unknownFact(r: FieldReader, path: Path, f: string, facts: Map<string, FactSpec> | undefined) {
  r.report(path, 'condition.fact.unknown', { fact: f, known: joinParam([...(facts?.keys() ?? [])]) }, f);
}

function parseStatBand(raw: unknown, name: string, path: Path, facts: Map<string, FactSpec>, r: FieldReader): StatutoryBand | undefined {
  if (!isMap(raw)) {
    r.report(path, 'rule.mapping');
    return undefined;
  }
  r.unknownKeys(raw, KEYS.band, path);
  const kind = raw.kind as BandKind;
  if (!BAND_KINDS.includes(kind)) {
    r.report([...path, 'kind'], 'rule.band.kind', { allowed: joinParam(BAND_KINDS) }, raw.kind);
    return undefined;
  }
  const per = raw.per === undefined ? [] : Array.isArray(raw.per) ? raw.per.map(String) : [String(raw.per)];
  const wantPer = kind === 'per_worker' ? 1 : kind === 'per_worker_month' ? 2 : 0;
  if (per.length !== wantPer) r.report([...path, 'per'], 'rule.band.per', { kind, count: wantPer }, raw.per);
  per.forEach((f) => {
    const spec = facts.get(f);
    if (!spec) unknownFact(r, [...path, 'per'], f, facts);
    else if (spec.type !== 'integer') r.report([...path, 'per'], 'rule.band.per.integer', { fact: f }, f);
  });
  let of: string | undefined;
  if (kind === 'multiple') {
    of = raw.of === undefined ? undefined : String(raw.of);
    const spec = of === undefined ? undefined : facts.get(of);
    if (of === undefined) r.report([...path, 'of'], 'rule.required');
    else if (!spec) unknownFact(r, [...path, 'of'], of, facts);
    else if (spec.type !== 'money') r.report([...path, 'of'], 'rule.band.of.money', { fact: of }, of);
  } else if (raw.of !== undefined) r.report([...path, 'of'], 'rule.band.of.only');
  const parse = amountParser(kind);
  const badAmount = (k: string, v: unknown) => r.report([...path, k], 'rule.amount', { kind }, v);
  let min = 0n;
  let max = 0n;
  if (kind === 'none') {
    if (raw.min !== undefined || raw.max !== undefined || raw.amount !== undefined) r.report(path, 'rule.band.none');
  } else if (kind === 'fixed' && raw.amount !== undefined) {
    const a = parse(raw.amount);
    if (a === undefined) badAmount('amount', raw.amount);
    else min = max = a;
  } else {
    if (kind !== 'max_only') {
      const a = parse(raw.min);
      if (a === undefined) badAmount('min', raw.min);
      else min = a;
    } else if (raw.min !== undefined) r.report([...path, 'min'], 'rule.band.max_only');
    const b = parse(raw.max);
    if (b === undefined) badAmount('max', raw.max);
    else max = b;
    if (max < min) r.report([...path, 'max'], 'rule.band.max_below_min', undefined, raw.max);
  }
  return { name, kind, per, of, min, max, optional: r.field(raw, 'optional', path, BOOL) ?? false, line: r.lineOf(path) };
}

function parseLevelBand(raw: unknown, bands: StatutoryBand[], path: Path, r: FieldReader, facts?: Map<string, FactSpec>): LevelBand | undefined {
  const names = { bands: joinParam(bands.map((b) => b.name)) };
  if (raw === undefined) {
    // a level without its own band takes the whole statutory band, when there is just one
    if (bands.length === 1) return { use: bands[0]!.name, min: bands[0]!.min, max: bands[0]!.max };
    if (bands.length > 1) r.report(path, 'rule.level.band.use', names);
    return undefined;
  }
  if (!isMap(raw)) {
    r.report(path, 'rule.mapping');
    return undefined;
  }
  r.unknownKeys(raw, KEYS.levelBand, path);
  const use = raw.use === undefined ? (bands.length === 1 ? bands[0]!.name : undefined) : String(raw.use);
  const stat = bands.find((b) => b.name === use);
  if (!stat) {
    r.report([...path, 'use'], 'rule.band.unknown', names, raw.use);
    return undefined;
  }
  if (stat.kind === 'none') return { use: stat.name, min: 0n, max: 0n };
  const parse = amountParser(stat.kind);
  const amount = { kind: stat.kind };
  let min: bigint | undefined;
  let max: bigint | undefined;
  if (raw.amount !== undefined) {
    min = max = parse(raw.amount);
    if (min === undefined) r.report([...path, 'amount'], 'rule.amount', amount, raw.amount);
  } else {
    min = raw.min === undefined ? stat.min : parse(raw.min);
    max = raw.max === undefined ? stat.max : parse(raw.max);
    if (min === undefined) r.report([...path, 'min'], 'rule.amount', amount, raw.min);
    if (max === undefined) r.report([...path, 'max'], 'rule.amount', amount, raw.max);
  }
  if (min === undefined || max === undefined) return undefined;
  // the check legal staff care about most: a level may never leave the statutory range
  if (min < stat.min) r.report([...path, raw.amount !== undefined ? 'amount' : 'min'], 'rule.statutory.below', limit(stat, stat.min), raw.amount ?? raw.min);
  if (max > stat.max) r.report([...path, raw.amount !== undefined ? 'amount' : 'max'], 'rule.statutory.above', limit(stat, stat.max), raw.amount ?? raw.max);
  if (max < min) r.report([...path, 'max'], 'rule.band.max_below_min', undefined, raw.max);
  let then: LevelBand['then'];
  if (raw.then !== undefined) {
    const tp = [...path, 'then'];
    if (stat.kind !== 'per_worker_month' || !isMap(raw.then)) r.report(tp, 'rule.band.then');
    else {
      r.unknownKeys(raw.then, KEYS.then, tp);
      const per = Array.isArray(raw.then.per) ? raw.then.per.map(String) : [];
      if (per.length !== 2) r.report([...tp, 'per'], 'rule.band.per', { kind: 'per_worker_month', count: 2 }, raw.then.per);
      per.forEach((f) => {
        const spec = facts?.get(f);
        if (!spec) unknownFact(r, [...tp, 'per'], f, facts);
        else if (spec.type !== 'integer') r.report([...tp, 'per'], 'rule.band.per.integer', { fact: f }, f);
      });
      const a = parse(raw.then.amount);
      if (a === undefined) r.report([...tp, 'amount'], 'rule.amount', amount, raw.then.amount);
      else if (a > stat.max) r.report([...tp, 'amount'], 'rule.statutory.above', limit(stat, stat.max), raw.then.amount);
      else if (per.length === 2) then = { per: per as [string, string], amount: a };
    }
  }
  return { use: stat.name, min, max, then, line: r.lineOf(path) };
}

/** A statutory limit as params: fen or ratio units as digits (bigint is not JSON), and which of the two it is. */
function limit(b: StatutoryBand, v: bigint): ProblemParams {
  return { amount: v.toString(), unit: b.kind === 'multiple' ? 'ratio' : 'fen' };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return isMapping(v);
}
