import type { Problem } from '../../errors.js';
import { bool, custom, int, joinParam, type Shape } from '../yaml-fields.js';
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
  hearing: { individual: 100000n, org: 2000000n, kinds: [...HEARING_KINDS_BY_LAW], confiscationIndividual: 100000n, confiscationOrg: 2000000n },
  legal: { individual: 500000n, org: 3000000n, afterHearing: true, kinds: [...HEARING_KINDS_BY_LAW], onReferral: true, onReferralUndetermined: true },
  dual: { reduced: true, heavier: true },
  criminal: [],
  lateFeePpm: 500n,
};

const KEYS: Record<string, readonly string[]> = {
  top: ['discretion', 'first_offense_list', 'limitation', 'hearing', 'legal_review', 'dual_review', 'criminal_referral', 'late_fee'],
  criminal: ['rule', 'when', 'basis'],
};
const ADJUSTMENTS: readonly Adjustment[] = ['reduced', 'lighter', 'heavier'];

/** 0.5 or 50%: at most the whole */
const SHARE = custom<bigint>((r, v, p) => {
  const x = parseRatio(v as string);
  return x !== undefined && x <= 10000n ? x : void r.report(p, 'review.share', undefined, v);
});
const YUAN = custom<bigint>((r, v, p) => parseYuan(v as string) ?? void r.report(p, 'review.amount', undefined, v));
const TEXTS = custom<string[]>((r, v, p) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : void r.report(p, 'review.list', undefined, v)));
const KINDS = custom<MeasureKind[]>((r, v, p) => {
  const l = TEXTS.read(r, v, p);
  l?.forEach((k, i) => {
    if (!MEASURE_KINDS.includes(k as MeasureKind)) r.report([...p, i], 'review.measure.kind', { allowed: joinParam(MEASURE_KINDS) }, k);
  });
  return l?.filter((k) => MEASURE_KINDS.includes(k as MeasureKind)) as MeasureKind[] | undefined;
});
const BOOL = bool();
/** per day, as 0.0005 or 0.05%: parts per million, at most the whole */
const DAILY_RATE = custom<bigint>((r, v, p) => {
  const ppm = ratioToPpm(v);
  return ppm !== undefined && ppm <= 1_000_000n ? ppm : void r.report(p, 'review.share', undefined, v);
});

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
  const d = data as Record<string, unknown>;
  r.unknownKeys(d, KEYS.top!, []);
  // each section is a list of fields; a section left out keeps the defaults above
  const section = <S extends Shape>(k: string, shape: S) => (d[k] === undefined ? undefined : r.object(d[k], [k], shape));
  const disc = section('discretion', { lighter_share: SHARE, heavier_share: SHARE, reduced_floor_share: SHARE, order: TEXTS });
  if (disc) {
    cfg.lighterShare = disc.lighter_share ?? cfg.lighterShare;
    cfg.heavierShare = disc.heavier_share ?? cfg.heavierShare;
    cfg.reducedFloorShare = disc.reduced_floor_share ?? cfg.reducedFloorShare;
    const order = disc.order;
    if (order) {
      if (order.length !== ADJUSTMENTS.length || ADJUSTMENTS.some((a) => !order.includes(a))) r.report(['discretion', 'order'], 'review.order', { allowed: joinParam(ADJUSTMENTS) }, order);
      else cfg.adjustmentOrder = order as Adjustment[];
    }
  }
  // the old switch made 首违不罚 automatic for every rule; say what replaced it rather than "unknown key"
  if (d.first_offense !== undefined) r.report(['first_offense'], 'review.first_offense', undefined, d.first_offense);
  const fol = r.field(d, 'first_offense_list', [], TEXTS);
  if (fol) {
    fol.forEach((id, i) => {
      const rule = rules.get(id);
      if (!rule) r.report(['first_offense_list', i], 'review.rule.unknown', { rule: id }, id);
      else if (!rule.exemptions.firstOffense) r.report(['first_offense_list', i], 'review.first_offense.excluded', { rule: id }, id);
    });
    cfg.firstOffenseList = fol;
  }
  const lim = section('limitation', { years: int({ min: 1, code: 'review.int' }) });
  cfg.limitationYears = lim?.years ?? cfg.limitationYears;
  const hearing = section('hearing', {
    individual_at_least: YUAN,
    organisation_at_least: YUAN,
    confiscation_individual_at_least: YUAN,
    confiscation_organisation_at_least: YUAN,
    measure_kinds: KINDS,
  });
  if (hearing) {
    cfg.hearing.individual = hearing.individual_at_least ?? cfg.hearing.individual;
    cfg.hearing.org = hearing.organisation_at_least ?? cfg.hearing.org;
    // 没收较大数额 follows the office's 较大数额罚款 unless it sets its own: this tool's default, not law
    cfg.hearing.confiscationIndividual = hearing.confiscation_individual_at_least ?? cfg.hearing.individual;
    cfg.hearing.confiscationOrg = hearing.confiscation_organisation_at_least ?? cfg.hearing.org;
    cfg.hearing.kinds = hearing.measure_kinds ?? cfg.hearing.kinds;
    // 第六十三条 gives the hearing right for these kinds whatever an office's list says
    const lacking = HEARING_KINDS_BY_LAW.filter((k) => !cfg.hearing.kinds.includes(k));
    if (lacking.length) r.report(['hearing', 'measure_kinds'], 'review.hearing.kinds', { kinds: joinParam(lacking) }, (d.hearing as Record<string, unknown>).measure_kinds);
  }
  const legal = section('legal_review', { individual_at_least: YUAN, organisation_at_least: YUAN, after_hearing: BOOL, measure_kinds: KINDS, if_referral: BOOL, if_referral_undetermined: BOOL });
  if (legal) {
    cfg.legal.individual = legal.individual_at_least ?? cfg.legal.individual;
    cfg.legal.org = legal.organisation_at_least ?? cfg.legal.org;
    cfg.legal.afterHearing = legal.after_hearing ?? cfg.legal.afterHearing;
    cfg.legal.kinds = legal.measure_kinds ?? cfg.legal.kinds;
    cfg.legal.onReferral = legal.if_referral ?? cfg.legal.onReferral;
    cfg.legal.onReferralUndetermined = legal.if_referral_undetermined ?? cfg.legal.onReferralUndetermined;
  }
  const dual = section('dual_review', { reduced: BOOL, heavier: BOOL });
  cfg.dual.reduced = dual?.reduced ?? cfg.dual.reduced;
  cfg.dual.heavier = dual?.heavier ?? cfg.dual.heavier;
  const lateFee = section('late_fee', { daily_rate: DAILY_RATE });
  cfg.lateFeePpm = lateFee?.daily_rate ?? cfg.lateFeePpm;
  if (d.criminal_referral !== undefined) {
    if (!Array.isArray(d.criminal_referral)) r.report(['criminal_referral'], 'review.list');
    else
      d.criminal_referral.forEach((c: unknown, i: number) => {
        const path = ['criminal_referral', i];
        const cc = r.mapping(c, path);
        if (!cc) return;
        r.unknownKeys(cc, KEYS.criminal!, path);
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
