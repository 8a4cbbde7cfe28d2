import { getLang, m } from '../i18n/index.js';
import { fenToYuanNumber } from '../core/penalty/money.js';
import type { ComputedBand, FactSpec, FactValue, FlagName, FlagWhy, Reason, Result, Rule } from '../core/penalty/types.js';
import { allFacts } from '../core/penalty/compute.js';

/** Result → the words legal staff read and the JSON scripts read. Pure: strings out. */

export function formatFactValue(spec: FactSpec | undefined, v: FactValue | undefined): string {
  const t = m().penalty;
  if (v === undefined) return t.out.notGiven;
  if (typeof v === 'bigint') return t.fmt.yuan(v);
  if (typeof v === 'boolean') return v ? t.out.yes : t.out.no;
  if (spec?.type === 'enum') return spec.values?.find((e) => e.key === v)?.label ?? String(v);
  return `${v}${spec?.unit && typeof v === 'number' ? t.fmt.unit(spec.unit, v) : ''}`;
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
      text = `${f.count}${t.fmt.unit(f.unit, f.count)} × ${unit} = ${range(f.unitMin * BigInt(f.count), f.unitMax * BigInt(f.count))}`;
      break;
    }
    case 'per_worker_month': {
      const unit = range(f.unitMin, f.unitMax);
      const k = BigInt(f.count * f.months);
      if (f.then) {
        // 禁止使用童工规定 第六条: both parts shown, the months before the order and the months since
        const extra = f.then.amount * BigInt(f.count * f.then.months);
        text = `${f.count}${t.fmt.unit(f.unit, f.count)} × ${f.months}${t.out.months} × ${unit} + ${f.count}${t.fmt.unit(f.unit, f.count)} × ${f.then.months}${t.out.months} × ${y(f.then.amount)} = ${range(f.unitMin * k + extra, f.unitMax * k + extra)}`;
      } else text = `${f.count}${t.fmt.unit(f.unit, f.count)} × ${f.months}${t.out.months} × ${unit} = ${range(f.unitMin * k, f.unitMax * k)}`;
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
      return t.exemptMay(r.listed, formatFactValue(specs.find((s) => s.name === 'harm'), r.harm));
    case 'exemptionNotApplicable':
      return t.exemptionNotApplicable;
    case 'exemptionUndetermined':
      return t.exemptionUndetermined(labels(r.missing, specs));
    case 'basisPending':
      return t.basisPending(r.note);
    case 'measureUndetermined':
      return t.measureUndetermined(r.measure, labels(r.missing, specs));
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
      return r.value === null ? t.criminalUndetermined(labels(r.missing, specs), r.basis) : t.criminal(r.basis);
    case 'fineOptional':
      return t.fineOptional;
    case 'proposedOutside':
      return t.proposedOutside(m().penalty.fmt.yuan(r.proposed));
  }
}

/** "标签（name）" for each missing fact: the words on the form and the key to type. */
export function labels(names: string[], specs: FactSpec[]): string[] {
  return names.map((n) => {
    const spec = specs.find((s) => s.name === n);
    return spec ? m().penalty.out.factRef(spec.label, n) : n;
  });
}

/**
 * Which of outcomeText's phrases a result gets, as a small number, for a caller that renders each
 * once (penalty --batch): results with the same key have the same text. null where the phrase lists
 * the measures. Kept beside outcomeText so that the two read the same fields.
 */
export function outcomeKey(r: Result): number | null {
  const may = r.exemption === 'may';
  if (!r.punishable) return r.barred ? 0 : r.exemption === 'shall' ? 1 : may ? 2 : 3;
  if (!r.band) return null;
  return 4 + (r.nature === 'order' ? 1 : 0) + (r.band.optional ? 2 : 0) + (may ? 4 : 0);
}

/** What the office does, in one phrase: never a bare "处罚：是" that hides a 无罚款 or a 加付赔偿金. */
export function outcomeText(r: Result): string {
  const t = m().penalty.out;
  if (!r.punishable) return r.barred ? t.barred : r.exemption === 'shall' ? t.exemptShall : r.exemption === 'may' ? t.exemptMayListed : t.orderFirst;
  const what = r.band ? (r.nature === 'order' ? t.outcomeCompensation : r.band.optional ? t.outcomeFineOptional : t.outcomeFine) : t.outcomeNoFine(r.measures.map((x) => x.text).join(t.listSep) || t.none);
  return r.exemption === 'may' ? `${t.exemptMayUnlisted}${t.clauseSep}${what}` : what;
}

const FLAG_NAMES: FlagName[] = ['dual', 'legal', 'hearing', 'criminal'];

function flagWhyText(name: FlagName, w: FlagWhy, rule: Rule, r: Result): string {
  const t = m().penalty.flag;
  const y = m().penalty.fmt.yuan;
  switch (w.by) {
    case 'amount':
      return t.amount(y(w.amount), y(w.threshold), w.met, w.proposed, w.party, name === 'hearing' ? 'hearing' : 'legal_review');
    case 'measure':
      return t.measure(w.measure, m().penalty.kind[w.kind] ?? w.kind, w.pending, name === 'hearing' ? 'hearing' : 'legal_review');
    case 'confiscation':
      return t.confiscation(w.measure, w.amount === null ? null : y(w.amount), y(w.threshold), w.met, w.party, w.fact, w.pending);
    case 'hearingHeld':
      return t.hearingHeld;
    case 'referral':
      return t.referral(w.value);
    case 'adjustment':
      return t.adjustment(w.adjustment);
    case 'criminalRule':
      return t.criminalRule(r.flags.criminal.value === true);
    case 'missing':
      return t.missing(labels(w.facts, allFacts(rule)));
    case 'noFine':
      return r.nature === 'order' ? t.compensationNotFine : t.noFine;
    case 'notPunishable':
      return t.notPunishable;
    case 'noRule':
      return name === 'dual' ? t.noAdjustment : name === 'criminal' ? t.noCriminalRule : t.noRule;
  }
}

/** "是（拟罚款 60,000元 ≥ 30,000元，review.yaml legal_review）"; "无法判断：未填写 …" for null. */
export function flagText(name: FlagName, r: Result, rule: Rule): string {
  const t = m().penalty.out;
  const f = r.flags[name];
  const whys = f.why.map((w) => flagWhyText(name, w, rule, r));
  if (f.value === null) return `${t.cannotJudge}${whys.join(t.clauseSep)}`;
  const word = f.value ? (name === 'criminal' ? t.criminalYes : t.yes) : t.no;
  return whys.length ? `${word}${t.paren(whys.join(t.clauseSep))}` : word;
}

export function resultLines(r: Result, rule: Rule): string[] {
  const t = m().penalty.out;
  const lines: string[] = [];
  const name = getLang() === 'en' && rule.nameEn ? rule.nameEn : rule.name;
  lines.push(`${t.violation}${name}${t.paren(rule.id)}  ${t.version}${r.version}`);
  if (r.basisPending) lines.push(`${t.basisPending}${r.basisPending}`);
  lines.push(`${t.outcome}${outcomeText(r)}`);
  if (r.level) lines.push(`${t.level}${m().penalty.fmt.level(r.level)}${r.adjustment !== 'none' ? t.paren(t.adj[r.adjustment] ?? '') : ''}`);
  if (r.punishable) {
    if (r.band) lines.push(`${r.nature === 'order' ? t.compensation : t.band}${formatBand(r.band)}`);
    else lines.push(`${t.band}${t.noFine}`);
    if (r.personsBand) lines.push(`${t.personsBand}${formatBand(r.personsBand)}`);
  }
  if (r.lateFee !== null) lines.push(`${t.lateFee}${m().penalty.fmt.yuan(r.lateFee)}`);
  lines.push(`${t.measures}${r.measures.length ? r.measures.map((x) => x.text).join(t.listSep) : t.none}`);
  for (const p of r.pendingMeasures) lines.push(`${t.pendingMeasure}${p.measure.text}${t.paren(`${t.cannotJudge}${m().penalty.flag.missing(labels(p.missing, allFacts(rule)))}`)}`);
  for (const b of r.basis) lines.push(`${t.basis}《${b.law}》${b.article}${b.text ? `${t.colon}${b.text}` : ''}`);
  lines.push(t.reasons);
  for (const x of r.reasons) lines.push(`  - ${formatReason(x, rule)}`);
  lines.push(t.review);
  for (const n of FLAG_NAMES.slice(0, 3)) lines.push(`  ${t.flagLabel[n]}${flagText(n, r, rule)}`);
  lines.push(`${t.criminal}${flagText('criminal', r, rule)}`);
  return lines;
}

function bandJson(b: ComputedBand | null) {
  return b ? { min: fenToYuanNumber(b.min), max: fenToYuanNumber(b.max), max_exclusive: b.maxExclusive, optional: b.optional, formula: formatBand(b) } : null;
}

function flagJson(name: FlagName, r: Result, rule: Rule) {
  const f = r.flags[name];
  const missing = f.why.flatMap((w) => (w.by === 'missing' ? w.facts : []));
  return { value: f.value, reason: flagText(name, r, rule), missing };
}

/** The shape of `penalty --json`; a script reads `format` first (docs/codes.md). */
export const PENALTY_JSON_FORMAT = 1;

export function resultJson(r: Result, rule: Rule, party: string) {
  return {
    format: PENALTY_JSON_FORMAT,
    rule: r.rule,
    name: r.name,
    version: r.version,
    party,
    punishable: r.punishable,
    outcome: outcomeText(r),
    barred: r.barred,
    exemption: r.exemption,
    level: r.level,
    adjustment: r.adjustment,
    nature: r.nature,
    band: r.punishable ? bandJson(r.band) : null,
    persons_band: r.punishable ? bandJson(r.personsBand) : null,
    statutory_band: bandJson(r.statutoryBand),
    late_fee: r.lateFee === null ? null : fenToYuanNumber(r.lateFee),
    measures: r.measures.map((x) => x.text),
    measure_kinds: r.measures.map((x) => x.kind),
    pending_measures: r.pendingMeasures.map((p) => ({ text: p.measure.text, kind: p.measure.kind, missing: p.missing })),
    basis: r.basis.map((b) => ({ law: b.law, article: b.article, text: b.text ?? null })),
    basis_pending: r.basisPending ?? null,
    reasons: r.reasons.map((x) => formatReason(x, rule)),
    review: { dual: r.flags.dual.value, legal: r.flags.legal.value, hearing: r.flags.hearing.value },
    criminal_referral: r.flags.criminal.value,
    flags: { dual: flagJson('dual', r, rule), legal: flagJson('legal', r, rule), hearing: flagJson('hearing', r, rule), criminal_referral: flagJson('criminal', r, rule) },
  };
}
