import type { ProblemParams } from '../../errors.js';
import { joinParam } from '../yaml-fields.js';
import type { IsoDate } from '../values.js';
import { evaluate, evaluate3, explain, missingFacts } from './condition.js';
import { addYears, daysBetween } from './dates.js';
import { COMMON_FACTS, parseFactValue, type FactParse } from './facts.js';
import { applyRatio, roundHalfUp, type Fen } from './money.js';
import type {
  Adjustment,
  ComputedBand,
  Condition,
  Flag,
  FlagResult,
  FlagWhy,
  Measure,
  MeasureKind,
  Facts,
  FactSpec,
  Level,
  LevelBand,
  Party,
  Reason,
  Result,
  ReviewConfig,
  Rule,
  RuleVersion,
  StatutoryBand,
} from './types.js';

/** A case this tool declines to compute (the rule says so for its level): the case's answer is "do it by hand". */
export class Refusal extends Error {
  constructor(
    readonly why: string,
    readonly rule: Rule,
    readonly level: string,
  ) {
    super(why);
    this.name = 'Refusal';
  }
}

/** A problem with one fact of a case (fact.* codes, docs/codes.md); the command layer adds file/line and words it. */
export interface FactProblem {
  fact: string;
  value?: string;
  code: string;
  params: ProblemParams;
}

/** A fact's spec as params, so the edge can word "should be …" without the rule: enum values one per line (labels may hold 、). */
function specParams(spec: FactSpec): ProblemParams {
  return { name: spec.name, label: spec.label, type: spec.type, min: spec.min ?? null, values: spec.values ? spec.values.map((v) => `${v.key}=${v.label}`).join('\n') : null };
}

/** A rule set that cannot answer (no level or two levels match): the rule's fault, not the case's. Worded at the edge from its code. */
export class RuleDefect extends Error {
  constructor(
    readonly code: string,
    readonly params: ProblemParams,
    readonly rule: Rule,
    readonly line?: number,
  ) {
    super(code);
    this.name = 'RuleDefect';
  }
}

const allFactsOf = new WeakMap<Rule, { own: FactSpec[]; n: number; all: FactSpec[] }>();

/**
 * The rule's facts and the common ones. Built once per rule (penalty --batch renders every row's
 * reasons through it); callers share the array and must not change it.
 */
export function allFacts(rule: Rule): FactSpec[] {
  const hit = allFactsOf.get(rule);
  if (hit && hit.own === rule.facts && hit.n === rule.facts.length) return hit.all;
  const all = [...rule.facts, ...COMMON_FACTS];
  allFactsOf.set(rule, { own: rule.facts, n: rule.facts.length, all });
  return all;
}

export function versionAt(rule: Rule, d: IsoDate): RuleVersion | undefined {
  return rule.versions.find((v) => v.effectiveFrom <= d && (v.effectiveTo === undefined || d <= v.effectiveTo));
}

/** The day the limitation period and the applicable law are measured from: a continuing act's end. */
function actTime(f: Facts): IsoDate | undefined {
  return (f.act_end_date as string | undefined) ?? (f.act_date as string | undefined);
}

interface FactIndex {
  specs: FactSpec[];
  byName: Map<string, FactSpec>;
  byLabel: Map<string, FactSpec>;
  /** the specs with a default or required: the only ones the fill-in pass acts on, in spec order */
  filled: FactSpec[];
  /** the date specs, in spec order: the only ones compared with the decision date */
  dates: FactSpec[];
}

const factIndexes = new WeakMap<Rule, FactIndex>();

/** A rule's fact specs by name and by label, built once per rule: penalty --batch asks for them on every row. */
function factIndex(rule: Rule): FactIndex {
  let ix = factIndexes.get(rule);
  const specs = allFacts(rule);
  if (!ix || ix.specs !== specs) {
    ix = {
      specs,
      byName: new Map(specs.map((s) => [s.name, s])),
      byLabel: new Map(specs.map((s) => [s.label, s])),
      filled: specs.filter((s) => s.default !== undefined || s.required),
      dates: specs.filter((s) => s.type === 'date'),
    };
    factIndexes.set(rule, ix);
  }
  return ix;
}

/**
 * Raw fact values (strings from the command line or CSV, scalars from YAML) to typed facts,
 * with defaults, checked against the rule: unknown names, types, missing required facts, dates.
 * Every problem is collected.
 */
export function validateFacts(
  rule: Rule,
  raw: Record<string, unknown>,
  today: IsoDate,
  /** parseFactValue, or a memo of it (penalty --batch parses the same dates and flags on every row) */
  parse: (spec: FactSpec, value: unknown) => FactParse = parseFactValue,
): { facts: Facts; problems: FactProblem[] } {
  const { specs, byName, byLabel } = factIndex(rule);
  const facts: Facts = {};
  const problems: FactProblem[] = [];
  const names = Object.keys(raw);
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const value = raw[name];
    const spec = byName.get(name) ?? byLabel.get(name);
    if (!spec) {
      problems.push({ fact: name, code: 'fact.unknown', params: { name, close: joinParam(closest(name, specs.map((s) => s.name))), known: joinParam(rule.facts.map((s) => s.name)) } });
      continue;
    }
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    const r = parse(spec, value);
    if ('error' in r) problems.push({ fact: spec.name, value: String(value), code: 'fact.expected', params: { ...specParams(spec), error: r.error } });
    else facts[spec.name] = r.value;
  }
  return checkFacts(rule, facts, problems, today);
}

/**
 * A case table's fact columns as one rule reads them (penalty --batch): each column's spec, or null
 * for a column this rule does not know. Found once per rule and header.
 */
export interface FactColumns {
  cols: readonly number[];
  specs: readonly (FactSpec | null)[];
}

/** Header names that an object would order before the others (array indices): validateFacts's order then differs from the columns'. */
const INDEX_LIKE = /^(0|[1-9]\d{0,8})$/;

/**
 * The columns `cols` of `header` as facts of the rule, or null when validateFactCells could not give
 * validateFacts's answer for them: two columns with one header (a record keeps one value per name,
 * in the first one's place), a header an object orders first, or __proto__ (which a record drops).
 */
export function factColumns(rule: Rule, header: readonly string[], cols: readonly number[]): FactColumns | null {
  const { byName, byLabel } = factIndex(rule);
  const seen = new Set<string>();
  const specs: (FactSpec | null)[] = [];
  for (const i of cols) {
    const h = header[i]!;
    if (seen.has(h) || INDEX_LIKE.test(h) || h === '__proto__') return null;
    seen.add(h);
    specs.push(byName.get(h) ?? byLabel.get(h) ?? null);
  }
  return { cols, specs };
}

/**
 * validateFacts for a case given as a row of cells, the record being each fact column's header with
 * its cell when the cell is not blank: the same facts and problems in the same order, without
 * building the record. Null when a filled cell is in a column the rule does not know (then
 * validateFacts says so, with its "did you mean").
 */
export function validateFactCells(
  rule: Rule,
  columns: FactColumns,
  cells: readonly string[],
  today: IsoDate,
  parse: (spec: FactSpec, value: unknown) => FactParse = parseFactValue,
): { facts: Facts; problems: FactProblem[] } | null {
  const { cols, specs } = columns;
  const facts: Facts = {};
  const problems: FactProblem[] = [];
  for (let j = 0; j < cols.length; j++) {
    const value = cells[cols[j]!]!;
    if (value.trim() === '') continue;
    const spec = specs[j]!;
    if (spec === null) return null;
    const r = parse(spec, value);
    if ('error' in r) problems.push({ fact: spec.name, value, code: 'fact.expected', params: { ...specParams(spec), error: r.error } });
    else facts[spec.name] = r.value;
  }
  return checkFacts(rule, facts, problems, today);
}

/** validateFacts after the values are read: defaults, required facts, the decision date, the dates' order, a version at each date. */
function checkFacts(rule: Rule, facts: Facts, problems: FactProblem[], today: IsoDate): { facts: Facts; problems: FactProblem[] } {
  const { filled, dates } = factIndex(rule);
  for (const spec of filled) {
    if (facts[spec.name] !== undefined) continue;
    if (spec.default !== undefined) facts[spec.name] = spec.default;
    else if (spec.required && !problems.some((p) => p.fact === spec.name)) problems.push({ fact: spec.name, code: 'fact.missing', params: specParams(spec) });
  }
  if (facts.decision_date === undefined) facts.decision_date = today;
  const decision = facts.decision_date as string;
  for (const spec of dates) {
    const v = facts[spec.name];
    if (typeof v === 'string' && v > decision) problems.push({ fact: spec.name, value: v, code: 'fact.after_decision', params: { label: spec.label, decision } });
  }
  const act = facts.act_date as string | undefined;
  const end = facts.act_end_date as string | undefined;
  const disc = facts.discovered_date as string | undefined;
  if (act && end && end < act) problems.push({ fact: 'act_end_date', value: end, code: 'fact.end_before_start', params: { act } });
  if (act && disc && disc < act) problems.push({ fact: 'discovered_date', value: disc, code: 'fact.discovered_before_act', params: { act } });
  if (!problems.length) {
    // no version at either date means the rule set cannot say what the law was: refuse rather than guess
    const when = actTime(facts);
    if (when && !versionAt(rule, when)) problems.push({ fact: end ? 'act_end_date' : 'act_date', value: when, code: 'fact.no_version', params: { date: when, first: rule.versions.map((v) => v.effectiveFrom).sort()[0]! } });
    if (!versionAt(rule, decision)) problems.push({ fact: 'decision_date', value: decision, code: 'fact.no_version', params: { date: decision, first: rule.versions.map((v) => v.effectiveFrom).sort()[0]! } });
  }
  return { facts, problems };
}

/** Closest ids/names by edit distance, for "did you mean". */
export function closest(word: string, candidates: string[], n = 3): string[] {
  const w = word.toLowerCase();
  // a fragment of a name ("workers" for affected_workers) is as good as a typo of it
  const scored = candidates.map((c) => {
    const l = c.toLowerCase();
    return { c, d: l.startsWith(w) ? 0 : l.includes(w) || w.includes(l) ? 1 : editDistance(w, l) };
  });
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  const limit = Math.max(3, Math.ceil(word.length / 2));
  return scored.filter((s) => s.d <= limit).slice(0, n).map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The statutory or level band, multiplied out for these facts. */
export function bandFor(stat: StatutoryBand, unitMin: bigint, unitMax: bigint, facts: Facts, rule: Rule, then?: LevelBand['then']): ComputedBand | null {
  const unitOf = (f: string) => allFacts(rule).find((s) => s.name === f)?.unit ?? '';
  switch (stat.kind) {
    case 'none':
      return null;
    case 'fixed':
    case 'max_only':
      return { kind: stat.kind, min: unitMin, max: unitMax, maxExclusive: false, optional: stat.optional, formula: { kind: stat.kind, unitMin, unitMax } };
    case 'per_worker': {
      const n = Number(facts[stat.per[0]!] ?? 0);
      return { kind: stat.kind, min: unitMin * BigInt(n), max: unitMax * BigInt(n), maxExclusive: false, optional: stat.optional, formula: { kind: 'per_worker', count: n, unit: unitOf(stat.per[0]!), unitMin, unitMax } };
    }
    case 'per_worker_month': {
      const n = Number(facts[stat.per[0]!] ?? 0);
      const months = Number(facts[stat.per[1]!] ?? 0);
      const k = BigInt(n) * BigInt(months);
      // the second term (from the order date) is a fixed rate added to both ends
      const m2 = then ? Number(facts[then.per[1]] ?? 0) : 0;
      const extra = then ? then.amount * BigInt(Number(facts[then.per[0]] ?? 0)) * BigInt(m2) : 0n;
      return {
        kind: stat.kind,
        min: unitMin * k + extra,
        max: unitMax * k + extra,
        maxExclusive: false,
        optional: stat.optional,
        formula: { kind: 'per_worker_month', count: n, months, unit: unitOf(stat.per[0]!), unitMin, unitMax, then: then ? { months: m2, amount: then.amount } : undefined },
      };
    }
    case 'multiple': {
      const base = (facts[stat.of!] as bigint | undefined) ?? 0n;
      // round the lower bound up and the upper bound down: a computed band never leaves the law's range
      return { kind: stat.kind, min: applyRatio(base, unitMin, 'up'), max: applyRatio(base, unitMax, 'down'), maxExclusive: false, optional: stat.optional, formula: { kind: 'multiple', base, ratioMin: unitMin, ratioMax: unitMax } };
    }
  }
}

/** 从轻 / 从重 move inside the level's band; 减轻 goes below the statutory minimum. */
export function adjustBand(b: ComputedBand, adj: Adjustment, statMin: Fen, cfg: ReviewConfig): ComputedBand {
  const width = b.max - b.min;
  switch (adj) {
    case 'none':
      return b;
    case 'lighter':
      return { ...b, max: b.min + applyRatio(width, cfg.lighterShare, 'down'), adjustedFrom: { min: b.min, max: b.max } };
    case 'heavier':
      return { ...b, min: b.max - applyRatio(width, cfg.heavierShare, 'down'), adjustedFrom: { min: b.min, max: b.max } };
    case 'reduced': {
      const floor = applyRatio(statMin, cfg.reducedFloorShare, 'up');
      return { ...b, min: floor, max: statMin, maxExclusive: true, adjustedFrom: { min: b.min, max: b.max } };
    }
  }
}

function selectLevel(rule: Rule, v: RuleVersion, facts: Facts): Level {
  // one level holds on every sound case: found without a list
  let hit: Level | undefined;
  let two = false;
  for (const l of v.levels)
    if (evaluate(l.when, facts)) {
      if (hit) two = true;
      else hit = l;
    }
  if (hit && !two) return hit;
  const hits = v.levels.filter((l) => evaluate(l.when, facts));
  if (hits.length === 0) throw new RuleDefect('rule.level.none', { rule: rule.id, version: v.version }, rule, v.line);
  throw new RuleDefect('rule.level.two', { rule: rule.id, version: v.version, levels: joinParam(hits.map((h) => h.name)) }, rule, hits[1]!.line);
}

function statBandOf(v: RuleVersion, lb: LevelBand | undefined): StatutoryBand | undefined {
  return lb ? v.bands.find((b) => b.name === lb.use) : v.bands[0];
}

/** 第三十三条第一款 first sentence: minor, corrected in time, no harm. */
const SHALL_EXEMPT: Condition = { all: [{ fact: 'minor', op: 'eq', value: true }, { fact: 'harm', op: 'eq', value: 'none' }, { fact: 'corrected_in_time', op: 'eq', value: true }] };
/** second sentence: first offence, harm at most minor (no harm is read as within 轻微: a tool reading, see docs/rules.md), corrected in time. */
const MAY_EXEMPT: Condition = { all: [{ fact: 'first_offense', op: 'eq', value: true }, { fact: 'harm', op: 'in', value: ['none', 'minor'] }, { fact: 'corrected_in_time', op: 'eq', value: true }] };

function emptyFlags(): Result['flags'] {
  return { dual: { value: false, why: [] }, legal: { value: false, why: [] }, hearing: { value: false, why: [] }, criminal: { value: false, why: [] } };
}

/** A rule's measures for these facts: those whose condition holds, and those it cannot decide. */
function measuresFor(list: Measure[], facts: Facts): { measures: Measure[]; pending: Result['pendingMeasures'] } {
  const measures: Measure[] = [];
  const pending: Result['pendingMeasures'] = [];
  const seen = new Set<string>();
  for (const x of list) {
    if (seen.has(x.text)) continue;
    const v = x.when ? evaluate3(x.when, facts) : true;
    if (v === true) {
      seen.add(x.text);
      measures.push(x);
    } else if (v === null) {
      seen.add(x.text);
      pending.push({ measure: x, missing: missingFacts(x.when!, facts) });
    }
  }
  return { measures, pending };
}

const levelMeasures = new WeakMap<Level, { v: RuleVersion; list: Measure[]; fixed: ReturnType<typeof measuresFor> | null }>();

/**
 * measuresFor the version's and the level's measures. When none has a condition the answer is the
 * same for every case: made once per level, and its arrays are shared by the results (which never
 * change them; penalty --batch renders the measures once per array).
 */
function measuresOfLevel(v: RuleVersion, level: Level, facts: Facts): ReturnType<typeof measuresFor> {
  let e = levelMeasures.get(level);
  if (e === undefined || e.v !== v) {
    const list = [...v.measures, ...level.measures];
    e = { v, list, fixed: list.some((x) => x.when) ? null : measuresFor(list, {}) };
    levelMeasures.set(level, e);
  }
  return e.fixed ?? measuresFor(e.list, facts);
}

/** One version applied to the facts, before the 从旧兼从轻 choice between versions. */
function applyVersion(rule: Rule, v: RuleVersion, facts: Facts, party: Party, cfg: ReviewConfig): Result {
  const reasons: Reason[] = [];
  const level = selectLevel(rule, v, facts);
  for (const tr of explain(level.when, facts)) reasons.push({ kind: 'condition', leaf: tr.leaf, actual: facts[tr.leaf.fact], held: tr.held });
  if (level.refuse) throw new Refusal(level.refuse, rule, level.name);
  const { measures, pending } = measuresOfLevel(v, level, facts);
  const base: Result = {
    rule: rule.id,
    name: rule.name,
    version: v.version,
    punishable: true,
    exemption: null,
    barred: false,
    level: level.name,
    adjustment: 'none',
    band: null,
    personsBand: null,
    statutoryBand: null,
    measures,
    pendingMeasures: pending,
    basis: v.basis,
    basisPending: v.basisPending,
    reasons,
    flags: emptyFlags(),
    lateFee: null,
    nature: v.nature,
  };
  if (v.basisPending) reasons.push({ kind: 'basisPending', note: v.basisPending });
  const stat = statBandOf(v, level.band);
  if (stat) base.statutoryBand = bandFor(stat, stat.min, stat.max, facts, rule);

  // limitation first: beyond it nothing else matters (行政处罚法 第36条; 劳动保障监察条例 第20条)
  const from = actTime(facts);
  const discovered = facts.discovered_date as string | undefined;
  if (from && discovered) {
    let years = rule.limitation?.years ?? cfg.limitationYears;
    if (rule.limitation?.extendedYears && rule.limitation.extendedWhen && evaluate(rule.limitation.extendedWhen, facts)) years = rule.limitation.extendedYears;
    const barred = discovered > addYears(from, years);
    reasons.push({ kind: 'limitation', from, discovered, years, barred, continuing: facts.act_end_date !== undefined });
    if (barred) return { ...base, punishable: false, barred: true, measures: [], pendingMeasures: [] };
  } else reasons.push({ kind: 'limitationUnchecked' });

  if (v.orderFirst) {
    const ignored = facts.order_ignored === true;
    reasons.push({ kind: 'orderFirst', ignored });
    if (!ignored) {
      const first = measuresFor(v.measures, facts);
      return { ...base, punishable: false, measures: first.measures, pendingMeasures: first.pending };
    }
  }

  // 行政处罚法 第三十三条第一款: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚" needs all
  // three; "初次违法且危害后果轻微并及时改正的，可以不予行政处罚" is discretion, not a rule.
  const shall = evaluate3(SHALL_EXEMPT, facts);
  const may = evaluate3(MAY_EXEMPT, facts);
  if (shall === true) {
    if (rule.exemptions.shall) {
      reasons.push({ kind: 'exemptShall' });
      return { ...base, punishable: false, exemption: 'shall', measures: [], pendingMeasures: [] };
    }
    reasons.push({ kind: 'exemptionNotApplicable' });
  } else if (may === true) {
    if (rule.exemptions.firstOffense) {
      // only an office's published 首违不罚清单 turns the "可以" into a default; otherwise the band stays
      const listed = cfg.firstOffenseList.includes(rule.id) || (rule.parent !== undefined && cfg.firstOffenseList.includes(rule.parent));
      reasons.push({ kind: 'exemptMay', listed, harm: facts.harm as string });
      if (shall === null && rule.exemptions.shall) reasons.push({ kind: 'exemptionUndetermined', missing: missingFacts(SHALL_EXEMPT, facts) });
      if (listed) return { ...base, punishable: false, exemption: 'may', measures: [], pendingMeasures: [] };
      base.exemption = 'may';
    } else reasons.push({ kind: 'exemptionNotApplicable' });
  } else if ((shall === null && rule.exemptions.shall) || (may === null && rule.exemptions.firstOffense)) {
    const missing = new Set<string>();
    if (shall === null && rule.exemptions.shall) missingFacts(SHALL_EXEMPT, facts, missing);
    if (may === null && rule.exemptions.firstOffense) missingFacts(MAY_EXEMPT, facts, missing);
    reasons.push({ kind: 'exemptionUndetermined', missing: [...missing] });
  }

  // which adjustment wins when several apply is this tool's default order (review.yaml discretion.order),
  // not something 第三十二条 prescribes
  const present: Adjustment[] = [];
  if (facts.mitigation === 'reduced') present.push('reduced');
  if (facts.mitigation === 'lighter') present.push('lighter');
  if (facts.aggravating === true) present.push('heavier');
  const wanted = present.length ? cfg.adjustmentOrder.filter((a) => present.includes(a)) : present;
  let adj: Adjustment = wanted[0] ?? 'none';
  for (const other of wanted.slice(1)) reasons.push({ kind: 'adjustmentOverridden', adjustment: other, by: adj });

  if (stat && level.band) {
    const lb = bandFor(stat, level.band.min, level.band.max, facts, rule, level.band.then);
    if (lb) {
      const statMin = base.statutoryBand?.min ?? 0n;
      if (adj === 'reduced' && statMin === 0n) {
        reasons.push({ kind: 'reducedNoFloor' });
        adj = 'lighter';
      }
      base.band = adjustBand(lb, adj, statMin, cfg);
      if (lb.optional) reasons.push({ kind: 'fineOptional' });
    }
  }
  if (v.personsBand && level.personsBand) {
    const pb = bandFor(v.personsBand, level.personsBand.min, level.personsBand.max, facts, rule);
    const pStat = bandFor(v.personsBand, v.personsBand.min, v.personsBand.max, facts, rule);
    // no responsible persons named: no individual fines to show
    if (pb && pb.max > 0n) base.personsBand = adjustBand(pb, adj, pStat?.min ?? 0n, cfg);
  }
  if (adj !== 'none' && (base.band || base.personsBand)) {
    reasons.push({ kind: 'adjustment', adjustment: adj, share: adj === 'lighter' ? cfg.lighterShare : adj === 'heavier' ? cfg.heavierShare : cfg.reducedFloorShare });
    base.adjustment = adj;
  }
  return base;
}

function lateFee(rule: Rule, facts: Facts, cfg: ReviewConfig, reasons: Reason[]): Fen | null {
  if (!rule.lateFee) return null;
  const amount = facts[rule.lateFee.of] as bigint | undefined;
  const from = facts[rule.lateFee.from] as string | undefined;
  const to = (facts[rule.lateFee.to] as string | undefined) ?? (facts.decision_date as string);
  if (amount === undefined || from === undefined) return null;
  // 自欠缴之日起按日加收: the first late day is the day after the due date, so days = to − due date
  const days = Math.max(0, daysBetween(from, to));
  reasons.push({ kind: 'lateFee', days, from, to });
  return roundHalfUp(amount * BigInt(days) * cfg.lateFeePpm, 1_000_000n);
}

/** Lighter under 第37条: not punishable beats punishable; then the lower ceiling, then the lower floor. */
function lighter(a: Result, b: Result): boolean {
  if (a.punishable !== b.punishable) return !a.punishable;
  const am = a.band?.max ?? 0n;
  const bm = b.band?.max ?? 0n;
  if (am !== bm) return am < bm;
  return (a.band?.min ?? 0n) < (b.band?.min ?? 0n);
}

/** The whole answer for one case: version choice, limitation, exemptions, band, review flags, referral. */
export function computePenalty(rule: Rule, facts: Facts, party: Party, cfg: ReviewConfig): Result {
  const decision = facts.decision_date as string;
  const when = actTime(facts);
  const vDec = versionAt(rule, decision);
  const vAct = when ? versionAt(rule, when) : undefined;
  let result: Result;
  let versionReason: Reason;
  if (!vDec) throw new RuleDefect('fact.no_version', { date: decision, first: rule.versions[0]!.effectiveFrom }, rule);
  if (!when || !vAct) {
    result = applyVersion(rule, vDec, facts, party, cfg);
    versionReason = { kind: 'version', chosen: vDec.version, why: 'noActDate' };
  } else if (vAct === vDec) {
    result = applyVersion(rule, vAct, facts, party, cfg);
    versionReason = { kind: 'version', chosen: vAct.version, why: 'same' };
  } else {
    const old = applyVersion(rule, vAct, facts, party, cfg);
    const neu = applyVersion(rule, vDec, facts, party, cfg);
    if (lighter(neu, old)) {
      result = neu;
      versionReason = { kind: 'version', chosen: vDec.version, other: vAct.version, why: 'newLighter' };
    } else {
      result = old;
      versionReason = { kind: 'version', chosen: vAct.version, other: vDec.version, why: 'oldNotLighter' };
    }
  }
  result.reasons.unshift(versionReason);

  result.lateFee = lateFee(rule, facts, cfg, result.reasons);

  for (const p of result.pendingMeasures) result.reasons.push({ kind: 'measureUndetermined', measure: p.measure.text, missing: p.missing });
  referral(result, rule, facts, cfg);
  review(result, facts, party, cfg);
  return result;
}

const referrals = new WeakMap<Rule, { cfg: ReviewConfig; mine: ReviewConfig['criminal']; basis: string[] }>();

/** The office's referral conditions for the rule (its own or its parent's) and their provisions: the same for every case. */
function referralsOf(rule: Rule, cfg: ReviewConfig): { mine: ReviewConfig['criminal']; basis: string[] } {
  let e = referrals.get(rule);
  if (e === undefined || e.cfg !== cfg) {
    const mine = cfg.criminal.filter((c) => c.rule === rule.id || c.rule === rule.parent);
    e = { cfg, mine, basis: [...new Set(mine.map((c) => c.basis).filter((b): b is string => b !== undefined))] };
    referrals.set(rule, e);
  }
  return e;
}

/**
 * 两法衔接: yes when an office's condition (review.yaml criminal_referral) holds, no when it fails on
 * the facts given, and cannot judge when it turns on a fact the case lacks.
 */
function referral(r: Result, rule: Rule, facts: Facts, cfg: ReviewConfig): void {
  const { mine, basis } = referralsOf(rule, cfg);
  const f = r.flags.criminal;
  if (!mine.length) {
    f.why.push({ by: 'noRule' });
    return;
  }
  const missing = new Set<string>();
  let value: Flag = false;
  for (const c of mine) {
    const v = evaluate3(c.when, facts);
    if (v === true) {
      value = true;
      break;
    }
    if (v === null) {
      value = null;
      missingFacts(c.when, facts, missing);
    }
  }
  f.value = value;
  f.why.push(value === null ? { by: 'missing', facts: [...missing] } : { by: 'criminalRule', rule: rule.id });
  if (value !== false) r.reasons.push({ kind: 'criminal', value, missing: value === null ? [...missing] : [], basis });
}

/**
 * Review flags. Thresholds are about fines (行政处罚): 加付赔偿金 and other 行政处理 never count.
 * Each flag records the rule that set it, so the output can say "是（拟罚款 60,000 元 ≥ 30,000 元，review.yaml）".
 */
function review(r: Result, facts: Facts, party: Party, cfg: ReviewConfig): void {
  const { dual, legal, hearing } = r.flags;
  if (!r.punishable) {
    for (const f of [dual, hearing]) f.why.push({ by: 'notPunishable' });
  } else {
    if ((r.adjustment === 'reduced' && cfg.dual.reduced) || (r.adjustment === 'heavier' && cfg.dual.heavier)) {
      dual.value = true;
      dual.why.push({ by: 'adjustment', adjustment: r.adjustment });
    } else dual.why.push({ by: 'noRule' });
    const proposed = facts.proposed_fine as bigint | undefined;
    if (proposed !== undefined && r.band && (proposed < r.band.min || proposed > r.band.max || (r.band.maxExclusive && proposed === r.band.max))) {
      r.reasons.push({ kind: 'proposedOutside', proposed });
    }
    const amount = r.nature === 'penalty' && r.band ? (proposed ?? r.band.max) : undefined;
    byAmountAndKind(hearing, amount, proposed !== undefined, party === 'individual' ? cfg.hearing.individual : cfg.hearing.org, party, cfg.hearing.kinds, r);
    byConfiscation(hearing, facts, party === 'individual' ? cfg.hearing.confiscationIndividual : cfg.hearing.confiscationOrg, party, r);
    byAmountAndKind(legal, amount, proposed !== undefined, party === 'individual' ? cfg.legal.individual : cfg.legal.org, party, cfg.legal.kinds, r);
    if (legal.value !== true && facts.hearing_held === true && cfg.legal.afterHearing) {
      legal.value = true;
      legal.why.unshift({ by: 'hearingHeld' });
    }
  }
  // a referral case gets legal review whether or not a fine follows (重大执法决定法制审核目录; review.yaml)
  const crim = r.flags.criminal.value;
  if (legal.value !== true && ((crim === true && cfg.legal.onReferral) || (crim === null && cfg.legal.onReferralUndetermined))) {
    legal.value = true;
    legal.why.unshift({ by: 'referral', value: crim });
  } else if (!r.punishable && legal.why.length === 0) legal.why.push({ by: 'notPunishable' });
}

/**
 * 行政处罚法第六十三条第一款第（二）项: 没收较大数额违法所得、没收较大价值非法财物 carries the right to a
 * hearing. A confiscation whose amount the case does not give (or whose rule names no amount fact)
 * makes the flag "cannot judge", never "no". Not reached when the fine or a measure kind already says yes.
 */
function byConfiscation(f: FlagResult, facts: Facts, threshold: Fen, party: Party, r: Result): void {
  if (f.value === true) return;
  const seized = r.measures.filter((x) => x.kind === 'confiscation');
  const pending = r.pendingMeasures.filter((x) => x.measure.kind === 'confiscation');
  if (!seized.length && !pending.length) return;
  const said = (x: Measure, amount: Fen | null, met: boolean | null, pending: boolean): FlagWhy => ({ by: 'confiscation', measure: x.text, amount, threshold, party, met, fact: x.amount ?? null, pending });
  const whys: FlagWhy[] = [];
  const missing = new Set<string>();
  for (const x of seized) {
    const amount = x.amount === undefined ? undefined : (facts[x.amount] as Fen | undefined);
    if (amount === undefined) {
      if (x.amount !== undefined) missing.add(x.amount);
      whys.push(said(x, null, null, false));
    } else if (amount >= threshold) {
      f.value = true;
      f.why = [said(x, amount, true, false)];
      return;
    } else whys.push(said(x, amount, false, false));
  }
  for (const p of pending) {
    whys.push(said(p.measure, null, null, true));
    for (const m of p.missing) missing.add(m);
  }
  if (whys.some((w) => w.by === 'confiscation' && w.met === null)) f.value = null;
  // what was already said of the fine stays first; the missing facts are said once, last
  const earlierMissing = f.why.filter((w) => w.by === 'missing').flatMap((w) => (w.by === 'missing' ? w.facts : []));
  for (const m of earlierMissing) missing.add(m);
  f.why = [...f.why.filter((w) => w.by !== 'missing'), ...whys];
  if (missing.size) f.why.push({ by: 'missing', facts: [...missing] });
}

function byAmountAndKind(f: FlagResult, amount: Fen | undefined, proposed: boolean, threshold: Fen, party: Party, kinds: MeasureKind[], r: Result): void {
  const hit = r.measures.find((x) => kinds.includes(x.kind));
  const maybe = r.pendingMeasures.find((x) => kinds.includes(x.measure.kind));
  if (amount !== undefined && amount >= threshold) {
    f.value = true;
    f.why.push({ by: 'amount', amount, threshold, party, met: true, proposed });
  } else if (hit) {
    f.value = true;
    f.why.push({ by: 'measure', measure: hit.text, kind: hit.kind, pending: false });
  } else if (maybe) {
    f.value = null;
    f.why.push({ by: 'measure', measure: maybe.measure.text, kind: maybe.measure.kind, pending: true }, { by: 'missing', facts: maybe.missing });
  } else {
    f.value = false;
    f.why.push(amount === undefined ? { by: 'noFine' } : { by: 'amount', amount, threshold, party, met: false, proposed });
  }
}
