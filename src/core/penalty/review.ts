import type { Problem } from '../../errors.js';
import { joinParam } from '../yaml-fields.js';
import { parseCondition } from './condition.js';
import { COMMON_FACTS } from './facts.js';
import { parseRatio, parseYuan } from './money.js';
import { HEARING_KINDS_BY_LAW, MEASURE_KINDS, type Adjustment, type Condition, type FactSpec, type MeasureKind, type ReviewConfig, type Rule } from './types.js';
import { ruleReader, type Locator } from './schema.js';

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

/** review.yaml → settings (review.* codes); criminal-referral conditions are checked against the facts of the rule they name. */
export function parseReview(data: unknown, loc: Locator, rules: Map<string, Rule>): { config: ReviewConfig; problems: Problem[] } {
  const r = ruleReader(loc, 'review');
  const cfg: ReviewConfig = structuredClone({ ...DEFAULT_REVIEW, criminal: [] }) as ReviewConfig;
  cfg.file = loc.file;
  if (data === null || data === undefined) return { config: cfg, problems: r.problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    r.report([], 'review.root.mapping');
    return { config: cfg, problems: r.problems };
  }
  const d = data as Record<string, any>;
  const keys = (o: unknown, k: string, path: (string | number)[]) => {
    if (o === undefined) return false;
    if (!r.mapping(o, path)) return false;
    r.unknownKeys(o as Record<string, unknown>, KEYS[k]!, path);
    return true;
  };
  keys(d, 'top', []);
  const share = (v: unknown, path: (string | number)[]) => {
    const x = v === undefined ? undefined : parseRatio(v as string);
    if (v !== undefined && (x === undefined || x > 10000n)) r.report(path, 'review.share', undefined, v);
    return x !== undefined && x <= 10000n ? x : undefined;
  };
  const yuan = (v: unknown, path: (string | number)[]) => {
    const x = v === undefined ? undefined : parseYuan(v as string);
    if (v !== undefined && x === undefined) r.report(path, 'review.amount', undefined, v);
    return x;
  };
  const list = (v: unknown, path: (string | number)[]) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      r.report(path, 'review.list', undefined, v);
      return undefined;
    }
    return v as string[];
  };
  const boolean = (v: unknown, path: (string | number)[]) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      r.report(path, 'review.bool', undefined, v);
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
      if (order.length !== ADJUSTMENTS.length || ADJUSTMENTS.some((a) => !order.includes(a))) r.report(['discretion', 'order'], 'review.order', { allowed: joinParam(ADJUSTMENTS) }, order);
      else cfg.adjustmentOrder = order as Adjustment[];
    }
  }
  // the old switch made 首违不罚 automatic for every rule; say what replaced it rather than "unknown key"
  if (d.first_offense !== undefined) r.report(['first_offense'], 'review.first_offense', undefined, d.first_offense);
  const fol = list(d.first_offense_list, ['first_offense_list']);
  if (fol) {
    fol.forEach((id, i) => {
      const rule = rules.get(id);
      if (!rule) r.report(['first_offense_list', i], 'review.rule.unknown', { rule: id }, id);
      else if (!rule.exemptions.firstOffense) r.report(['first_offense_list', i], 'review.first_offense.excluded', { rule: id }, id);
    });
    cfg.firstOffenseList = fol;
  }
  const kinds = (v: unknown, path: (string | number)[]) => {
    const l = list(v, path);
    if (!l) return undefined;
    l.forEach((k, i) => {
      if (!MEASURE_KINDS.includes(k as MeasureKind)) r.report([...path, i], 'review.measure.kind', { allowed: joinParam(MEASURE_KINDS) }, k);
    });
    return l.filter((k) => MEASURE_KINDS.includes(k as MeasureKind)) as MeasureKind[];
  };
  if (keys(d.limitation, 'limitation', ['limitation'])) {
    const y = d.limitation.years;
    if (y !== undefined && (!Number.isInteger(y) || y < 1)) r.report(['limitation', 'years'], 'review.int', undefined, y);
    else if (y !== undefined) cfg.limitationYears = y;
  }
  if (keys(d.hearing, 'hearing', ['hearing'])) {
    cfg.hearing.individual = yuan(d.hearing.individual_at_least, ['hearing', 'individual_at_least']) ?? cfg.hearing.individual;
    cfg.hearing.org = yuan(d.hearing.organisation_at_least, ['hearing', 'organisation_at_least']) ?? cfg.hearing.org;
    cfg.hearing.kinds = kinds(d.hearing.measure_kinds, ['hearing', 'measure_kinds']) ?? cfg.hearing.kinds;
    // 第六十三条 gives the hearing right for these kinds whatever an office's list says
    const lacking = HEARING_KINDS_BY_LAW.filter((k) => !cfg.hearing.kinds.includes(k));
    if (lacking.length) r.report(['hearing', 'measure_kinds'], 'review.hearing.kinds', { kinds: joinParam(lacking) }, d.hearing.measure_kinds);
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
      if (ppm === undefined || ppm > 1_000_000n) r.report(['late_fee', 'daily_rate'], 'review.share', undefined, raw);
      else cfg.lateFeePpm = ppm;
    }
  }
  if (d.criminal_referral !== undefined) {
    if (!Array.isArray(d.criminal_referral)) r.report(['criminal_referral'], 'review.list');
    else
      d.criminal_referral.forEach((c: unknown, i: number) => {
        const path = ['criminal_referral', i];
        if (!keys(c, 'criminal', path)) return;
        const cc = c as Record<string, unknown>;
        const rule = rules.get(String(cc.rule));
        if (!rule) return r.report([...path, 'rule'], 'review.rule.unknown', { rule: String(cc.rule) }, cc.rule);
        const facts = new Map<string, FactSpec>([...COMMON_FACTS, ...rule.facts].map((f) => [f.name, f]));
        const when = parseCondition(cc.when, facts, [...path, 'when'], r);
        const basis = cc.basis === undefined ? undefined : typeof cc.basis === 'string' && cc.basis.trim() ? cc.basis.trim() : void r.report([...path, 'basis'], 'review.text', undefined, cc.basis);
        if (when) cfg.criminal.push({ rule: rule.id, when: when as Condition, basis, line: loc.lineOf?.(path) });
      });
  }
  return { config: cfg, problems: r.problems };
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
