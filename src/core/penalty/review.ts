import type { Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseCondition, type LocatedProblem } from './condition.js';
import { COMMON_FACTS } from './facts.js';
import { parseRatio, parseYuan } from './money.js';
import { HEARING_KINDS_BY_LAW, MEASURE_KINDS, type Adjustment, type Condition, type FactSpec, type MeasureKind, type ReviewConfig, type Rule } from './types.js';
import type { Locator } from './schema.js';

/**
 * Defaults when an office's rules/review.yaml leaves a setting out. Sources are in docs/rules.md:
 * hearing 1,000 / 20,000 as in 湖南's 较大数额 standard; legal review 5,000 / 30,000 as in 惠阳 人社's
 * collective-discussion trigger; late fee 万分之五 per day (社会保险法 第86条).
 */
export const DEFAULT_REVIEW: ReviewConfig = {
  lighterShare: 5000n,
  heavierShare: 5000n,
  reducedFloorShare: 0n,
  adjustmentOrder: ['reduced', 'lighter', 'heavier'],
  firstOffenseList: [],
  limitationYears: 2,
  hearing: { individual: 100000n, org: 2000000n, kinds: [...HEARING_KINDS_BY_LAW] },
  legal: { individual: 500000n, org: 3000000n, afterHearing: true, kinds: [...HEARING_KINDS_BY_LAW], onReferral: true, onReferralUndetermined: true },
  dual: { reduced: true, heavier: true },
  criminal: [],
  lateFeePpm: 500n,
};

const KEYS: Record<string, readonly string[]> = {
  top: ['discretion', 'first_offense_list', 'limitation', 'hearing', 'legal_review', 'dual_review', 'criminal_referral', 'late_fee'],
  discretion: ['lighter_share', 'heavier_share', 'reduced_floor_share', 'order'],
  limitation: ['years'],
  hearing: ['individual_at_least', 'organisation_at_least', 'measure_kinds'],
  legal_review: ['individual_at_least', 'organisation_at_least', 'after_hearing', 'measure_kinds', 'if_referral', 'if_referral_undetermined'],
  dual_review: ['reduced', 'heavier'],
  criminal: ['rule', 'when', 'basis'],
  late_fee: ['daily_rate'],
};
const ADJUSTMENTS: readonly Adjustment[] = ['reduced', 'lighter', 'heavier'];

/** review.yaml → settings; criminal-referral conditions are checked against the facts of the rule they name. */
export function parseReview(data: unknown, loc: Locator, rules: Map<string, Rule>): { config: ReviewConfig; problems: Problem[] } {
  const t = m().penalty.schema;
  const problems: Problem[] = [];
  const add = (path: (string | number)[], msg: string, v?: unknown) => problems.push(loc.problem(path, msg, v));
  const cfg: ReviewConfig = structuredClone({ ...DEFAULT_REVIEW, criminal: [] }) as ReviewConfig;
  cfg.file = loc.file;
  if (data === null || data === undefined) return { config: cfg, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    add([], m().io.yamlNotMapping);
    return { config: cfg, problems };
  }
  const d = data as Record<string, any>;
  const keys = (o: unknown, k: string, path: (string | number)[]) => {
    if (o === undefined) return false;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      add(path, t.notMapping);
      return false;
    }
    for (const x of Object.keys(o)) if (!KEYS[k]!.includes(x)) add([...path, x], t.unknownKey(KEYS[k]!), x);
    return true;
  };
  keys(d, 'top', []);
  const share = (v: unknown, path: (string | number)[]) => {
    const r = v === undefined ? undefined : parseRatio(v as string);
    if (v !== undefined && (r === undefined || r > 10000n)) add(path, t.badShare, v);
    return r !== undefined && r <= 10000n ? r : undefined;
  };
  const yuan = (v: unknown, path: (string | number)[]) => {
    const r = v === undefined ? undefined : parseYuan(v as string);
    if (v !== undefined && r === undefined) add(path, t.badAmount('fixed'), v);
    return r;
  };
  const list = (v: unknown, path: (string | number)[]) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      add(path, t.textList, v);
      return undefined;
    }
    return v as string[];
  };
  const boolean = (v: unknown, path: (string | number)[]) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      add(path, t.notBool, v);
      return undefined;
    }
    return v;
  };
  if (keys(d.discretion, 'discretion', ['discretion'])) {
    cfg.lighterShare = share(d.discretion.lighter_share, ['discretion', 'lighter_share']) ?? cfg.lighterShare;
    cfg.heavierShare = share(d.discretion.heavier_share, ['discretion', 'heavier_share']) ?? cfg.heavierShare;
    cfg.reducedFloorShare = share(d.discretion.reduced_floor_share, ['discretion', 'reduced_floor_share']) ?? cfg.reducedFloorShare;
    const order = list(d.discretion.order, ['discretion', 'order']);
    if (order) {
      if (order.length !== ADJUSTMENTS.length || ADJUSTMENTS.some((a) => !order.includes(a))) add(['discretion', 'order'], t.badOrder(ADJUSTMENTS), order);
      else cfg.adjustmentOrder = order as Adjustment[];
    }
  }
  // the old switch made 首违不罚 automatic for every rule; say what replaced it rather than "unknown key"
  if (d.first_offense !== undefined) add(['first_offense'], t.firstOffenseReplaced, d.first_offense);
  const fol = list(d.first_offense_list, ['first_offense_list']);
  if (fol) {
    fol.forEach((id, i) => {
      const r = rules.get(id);
      if (!r) add(['first_offense_list', i], t.unknownRule(id), id);
      else if (!r.exemptions.firstOffense) add(['first_offense_list', i], t.firstOffenseExcluded(id), id);
    });
    cfg.firstOffenseList = fol;
  }
  const kinds = (v: unknown, path: (string | number)[]) => {
    const l = list(v, path);
    if (!l) return undefined;
    l.forEach((k, i) => {
      if (!MEASURE_KINDS.includes(k as MeasureKind)) add([...path, i], t.badMeasureKind(MEASURE_KINDS), k);
    });
    return l.filter((k) => MEASURE_KINDS.includes(k as MeasureKind)) as MeasureKind[];
  };
  if (keys(d.limitation, 'limitation', ['limitation'])) {
    const y = d.limitation.years;
    if (y !== undefined && (!Number.isInteger(y) || y < 1)) add(['limitation', 'years'], t.badNumber, y);
    else if (y !== undefined) cfg.limitationYears = y;
  }
  if (keys(d.hearing, 'hearing', ['hearing'])) {
    cfg.hearing.individual = yuan(d.hearing.individual_at_least, ['hearing', 'individual_at_least']) ?? cfg.hearing.individual;
    cfg.hearing.org = yuan(d.hearing.organisation_at_least, ['hearing', 'organisation_at_least']) ?? cfg.hearing.org;
    cfg.hearing.kinds = kinds(d.hearing.measure_kinds, ['hearing', 'measure_kinds']) ?? cfg.hearing.kinds;
    // 第六十三条 gives the hearing right for these kinds whatever an office's list says
    const lacking = HEARING_KINDS_BY_LAW.filter((k) => !cfg.hearing.kinds.includes(k));
    if (lacking.length) add(['hearing', 'measure_kinds'], t.hearingKindsByLaw(lacking), d.hearing.measure_kinds);
  }
  if (keys(d.legal_review, 'legal_review', ['legal_review'])) {
    const l = d.legal_review;
    cfg.legal.individual = yuan(l.individual_at_least, ['legal_review', 'individual_at_least']) ?? cfg.legal.individual;
    cfg.legal.org = yuan(l.organisation_at_least, ['legal_review', 'organisation_at_least']) ?? cfg.legal.org;
    cfg.legal.afterHearing = boolean(l.after_hearing, ['legal_review', 'after_hearing']) ?? cfg.legal.afterHearing;
    cfg.legal.kinds = kinds(l.measure_kinds, ['legal_review', 'measure_kinds']) ?? cfg.legal.kinds;
    cfg.legal.onReferral = boolean(l.if_referral, ['legal_review', 'if_referral']) ?? cfg.legal.onReferral;
    cfg.legal.onReferralUndetermined = boolean(l.if_referral_undetermined, ['legal_review', 'if_referral_undetermined']) ?? cfg.legal.onReferralUndetermined;
  }
  if (keys(d.dual_review, 'dual_review', ['dual_review'])) {
    cfg.dual.reduced = boolean(d.dual_review.reduced, ['dual_review', 'reduced']) ?? cfg.dual.reduced;
    cfg.dual.heavier = boolean(d.dual_review.heavier, ['dual_review', 'heavier']) ?? cfg.dual.heavier;
  }
  if (keys(d.late_fee, 'late_fee', ['late_fee'])) {
    const raw = d.late_fee.daily_rate;
    if (raw !== undefined) {
      const ppm = ratioToPpm(raw);
      if (ppm === undefined || ppm > 1_000_000n) add(['late_fee', 'daily_rate'], t.badShare, raw);
      else cfg.lateFeePpm = ppm;
    }
  }
  if (d.criminal_referral !== undefined) {
    if (!Array.isArray(d.criminal_referral)) add(['criminal_referral'], t.textList);
    else
      d.criminal_referral.forEach((c: unknown, i: number) => {
        const path = ['criminal_referral', i];
        if (!keys(c, 'criminal', path)) return;
        const cc = c as Record<string, unknown>;
        const rule = rules.get(String(cc.rule));
        if (!rule) return add([...path, 'rule'], t.unknownRule(String(cc.rule)), cc.rule);
        const facts = new Map<string, FactSpec>([...COMMON_FACTS, ...rule.facts].map((f) => [f.name, f]));
        const cp: LocatedProblem[] = [];
        const when = parseCondition(cc.when, facts, [...path, 'when'], t.cond, cp);
        for (const p of cp) add(p.path, p.message, p.value);
        const basis = cc.basis === undefined ? undefined : typeof cc.basis === 'string' && cc.basis.trim() ? cc.basis.trim() : void add([...path, 'basis'], t.notText, cc.basis);
        if (when) cfg.criminal.push({ rule: rule.id, when: when as Condition, basis, line: loc.lineOf(path) });
      });
  }
  return { config: cfg, problems };
}

/** "0.0005" or "0.05%" per day → parts per million, exactly, or undefined. */
export function ratioToPpm(raw: unknown): bigint | undefined {
  let s = typeof raw === 'number' ? raw.toFixed(8).replace(/\.?0+$/, '') : String(raw).trim();
  let scale = 6;
  if (s.endsWith('%')) {
    s = s.slice(0, -1).trim();
    scale = 4;
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  const [i, f = ''] = s.split('.') as [string, string?];
  if (f.length > scale) return undefined;
  return BigInt(i + f.padEnd(scale, '0'));
}
