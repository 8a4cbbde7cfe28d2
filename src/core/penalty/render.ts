import { getLang, m } from '../../i18n/index.js';
import { fenToYuanNumber } from './money.js';
import type { ComputedBand, FactSpec, FactValue, Reason, Result, Rule } from './types.js';
import { allFacts } from './compute.js';

/** Result → the words legal staff read and the JSON scripts read. Pure: strings out. */

export function formatFactValue(spec: FactSpec | undefined, v: FactValue | undefined): string {
  const t = m().penalty;
  if (v === undefined) return t.out.notGiven;
  if (typeof v === 'bigint') return t.fmt.yuan(v);
  if (typeof v === 'boolean') return v ? t.out.yes : t.out.no;
  if (spec?.type === 'enum') return spec.values?.find((e) => e.key === v)?.label ?? String(v);
  return `${v}${spec?.unit && typeof v === 'number' ? spec.unit : ''}`;
}

export function formatBand(b: ComputedBand): string {
  const t = m().penalty;
  const y = t.fmt.yuan;
  const range = (lo: bigint, hi: bigint) => (lo === hi ? y(lo) : `${t.fmt.num(lo)}–${y(hi)}`);
  const f = b.formula;
  let text: string;
  switch (f.kind) {
    case 'fixed':
      text = range(f.unitMin, f.unitMax);
      break;
    case 'max_only':
      text = f.unitMin === 0n ? t.out.upTo(y(f.unitMax)) : range(f.unitMin, f.unitMax);
      break;
    case 'per_worker': {
      const unit = range(f.unitMin, f.unitMax);
      text = `${f.count}${f.unit} × ${unit} = ${range(f.unitMin * BigInt(f.count), f.unitMax * BigInt(f.count))}`;
      break;
    }
    case 'per_worker_month': {
      const unit = range(f.unitMin, f.unitMax);
      const k = BigInt(f.count * f.months);
      text = `${f.count}${f.unit} × ${f.months}${t.out.months} × ${unit} = ${range(f.unitMin * k, f.unitMax * k)}`;
      break;
    }
    case 'multiple': {
      const ratio = f.ratioMin === f.ratioMax ? t.fmt.ratio(f.ratioMin) : `${t.fmt.ratioNum(f.ratioMin)}–${t.fmt.ratio(f.ratioMax)}`;
      const lvl = b.adjustedFrom ?? b;
      text = `${y(f.base)} × ${ratio} = ${range(lvl.min, lvl.max)}`;
      break;
    }
  }
  if (b.adjustedFrom) text += t.out.adjustedTo(b.maxExclusive ? t.out.below(y(b.max), b.min === 0n ? undefined : y(b.min)) : range(b.min, b.max));
  if (b.optional) text += t.out.optional;
  return text;
}

export function formatReason(r: Reason, rule: Rule): string {
  const t = m().penalty.reason;
  const specs = allFacts(rule);
  switch (r.kind) {
    case 'condition': {
      const spec = specs.find((s) => s.name === r.leaf.fact);
      const vals = Array.isArray(r.leaf.value) ? r.leaf.value : [r.leaf.value];
      const want = `${t.op[r.leaf.op]} ${vals.map((v) => formatFactValue(spec, v)).join(m().penalty.out.listSep)}`;
      // an equality that held says nothing more than the value itself
      return t.condition(spec?.label ?? r.leaf.fact, formatFactValue(spec, r.actual), want, r.held, r.held && r.leaf.op === 'eq');
    }
    case 'limitation':
      return t.limitation(r.from, r.discovered, r.years, r.barred, r.continuing);
    case 'limitationUnchecked':
      return t.limitationUnchecked;
    case 'exemptShall':
      return t.exemptShall;
    case 'exemptMay':
      return t.exemptMay(r.applied);
    case 'exemptionNotApplicable':
      return t.exemptionNotApplicable;
    case 'orderFirst':
      return t.orderFirst(r.ignored);
    case 'adjustment':
      return t.adjustment(r.adjustment, Number(r.share ?? 0n) / 100);
    case 'adjustmentOverridden':
      return t.overridden(r.adjustment, r.by);
    case 'reducedNoFloor':
      return t.reducedNoFloor;
    case 'version':
      return t.version(r.chosen, r.other, r.why);
    case 'lateFee':
      return t.lateFee(r.from, r.to, r.days);
    case 'criminal':
      return t.criminal;
    case 'reviewDual':
      return t.reviewDual(r.adjustment);
    case 'reviewLegal':
      return t.reviewLegal(r.why, r.amount === undefined ? '' : m().penalty.fmt.yuan(r.amount), r.measure ?? '');
    case 'reviewHearing':
      return t.reviewHearing(r.why, r.amount === undefined ? '' : m().penalty.fmt.yuan(r.amount), r.measure ?? '');
    case 'fineOptional':
      return t.fineOptional;
    case 'proposedOutside':
      return t.proposedOutside(m().penalty.fmt.yuan(r.proposed));
  }
}

export function resultLines(r: Result, rule: Rule): string[] {
  const t = m().penalty.out;
  const lines: string[] = [];
  const name = getLang() === 'en' && rule.nameEn ? rule.nameEn : rule.name;
  lines.push(`${t.violation}${name}${t.paren(rule.id)}  ${t.version}${r.version}`);
  if (!r.punishable) lines.push(`${t.outcome}${r.barred ? t.barred : r.exemption === 'shall' ? t.exemptShall : r.exemption === 'may' ? t.exemptMay : t.orderFirst}`);
  if (r.level) lines.push(`${t.level}${r.level}${r.adjustment !== 'none' ? t.paren(t.adj[r.adjustment] ?? '') : ''}`);
  if (r.punishable) {
    if (r.band) lines.push(`${r.nature === 'order' ? t.compensation : t.band}${formatBand(r.band)}`);
    else lines.push(`${t.band}${t.noFine}`);
    if (r.personsBand) lines.push(`${t.personsBand}${formatBand(r.personsBand)}`);
  }
  if (r.lateFee !== null) lines.push(`${t.lateFee}${m().penalty.fmt.yuan(r.lateFee)}`);
  lines.push(`${t.measures}${r.measures.length ? r.measures.join(t.listSep) : t.none}`);
  for (const b of r.basis) lines.push(`${t.basis}《${b.law}》${b.article}${b.text ? `${t.colon}${b.text}` : ''}`);
  lines.push(t.reasons);
  for (const x of r.reasons) lines.push(`  - ${formatReason(x, rule)}`);
  lines.push(`${t.review}${[`${t.dual}${r.review.dual ? t.yes : t.no}`, `${t.legal}${r.review.legal ? t.yes : t.no}`, `${t.hearing}${r.review.hearing ? t.yes : t.no}`].join(t.clauseSep)}`);
  lines.push(`${t.criminal}${r.criminalReferral ? t.criminalYes : t.no}`);
  return lines;
}

function bandJson(b: ComputedBand | null) {
  return b ? { min: fenToYuanNumber(b.min), max: fenToYuanNumber(b.max), max_exclusive: b.maxExclusive, optional: b.optional, formula: formatBand(b) } : null;
}

export function resultJson(r: Result, rule: Rule, party: string) {
  return {
    rule: r.rule,
    name: r.name,
    version: r.version,
    party,
    punishable: r.punishable,
    barred: r.barred,
    exemption: r.exemption,
    level: r.level,
    adjustment: r.adjustment,
    nature: r.nature,
    band: r.punishable ? bandJson(r.band) : null,
    persons_band: r.punishable ? bandJson(r.personsBand) : null,
    statutory_band: bandJson(r.statutoryBand),
    late_fee: r.lateFee === null ? null : fenToYuanNumber(r.lateFee),
    measures: r.measures,
    basis: r.basis.map((b) => ({ law: b.law, article: b.article, text: b.text ?? null })),
    reasons: r.reasons.map((x) => formatReason(x, rule)),
    review: r.review,
    criminal_referral: r.criminalReferral,
  };
}
