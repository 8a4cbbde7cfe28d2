import type { Problem } from '../../errors.js';
import type { ProblemParams } from '../../errors.js';
import { computePenalty, validateFacts, Refusal, RuleDefect, type FactProblem } from './compute.js';
import { fenToYuanNumber, parseYuan } from './money.js';
import { ruleReader, type Locator } from './schema.js';
import { isMapping } from '../yaml-fields.js';
import type { ComputedBand, Party, Result, ReviewConfig, Rule } from './types.js';

/**
 * Golden cases in the style of OpenFisca's YAML tests: facts in, expected outputs out.
 * Only the keys a case lists are compared, so a case states exactly what it is about.
 */
export interface GoldenCase {
  name: string;
  rule: string;
  party: Party;
  facts: Record<string, unknown>;
  expect: Record<string, unknown>;
  file: string;
  line?: number;
}

const CASE_KEYS = ['name', 'rule', 'party', 'facts', 'expect'];
export const EXPECT_KEYS = ['punishable', 'level', 'band', 'persons_band', 'exemption', 'barred', 'adjustment', 'version', 'review', 'criminal_referral', 'late_fee', 'measures', 'pending_measures', 'basis_pending', 'basis', 'error'];

/** A tests/*.yaml file → its cases, with every problem (golden.* codes); a case is kept even when it has one. */
export function parseGolden(data: unknown, loc: Locator): { cases: GoldenCase[]; problems: Problem[] } {
  const r = ruleReader(loc, 'golden');
  const cases: GoldenCase[] = [];
  if (!Array.isArray(data)) {
    r.report([], 'golden.list');
    return { cases, problems: r.problems };
  }
  data.forEach((c, i) => {
    if (!isMapping(c)) return r.report([i], 'golden.mapping');
    const o = c;
    r.unknownKeys(o, CASE_KEYS, [i]);
    if (typeof o.rule !== 'string') r.report([i, 'rule'], 'golden.required');
    if (o.party !== undefined && o.party !== 'org' && o.party !== 'individual') r.report([i, 'party'], 'golden.party', undefined, o.party);
    const facts = o.facts ?? {};
    if (!isMapping(facts)) r.report([i, 'facts'], 'golden.mapping');
    const expect = o.expect;
    if (!isMapping(expect)) r.report([i, 'expect'], 'golden.mapping');
    else r.unknownKeys(expect, EXPECT_KEYS, [i, 'expect']);
    cases.push({
      name: String(o.name ?? `#${i + 1}`),
      rule: String(o.rule),
      party: (o.party as Party) ?? 'org',
      facts: facts as Record<string, unknown>,
      expect: (expect ?? {}) as Record<string, unknown>,
      file: loc.file,
      line: loc.keyLineOf ? loc.keyLineOf([i]) : loc.lineOf?.([i]),
    });
  });
  return { cases, problems: r.problems };
}

export interface Mismatch {
  key: string;
  expected: string;
  /** what the tool gave; empty when `code` says it instead (golden.rule.unknown, a rule defect) or `facts` does */
  actual: string;
  code?: string;
  params?: ProblemParams;
  /** the case's facts did not validate: each problem, worded by the edge as "fact: words" */
  facts?: FactProblem[];
}

export interface GoldenOutcome {
  c: GoldenCase;
  mismatches: Mismatch[];
}

function bandJson(b: ComputedBand | null): string {
  return b ? `${fenToYuanNumber(b.min)}–${fenToYuanNumber(b.max)}` : 'null';
}

function expectedBand(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object' || v === null) return String(v);
  const o = v as { min?: unknown; max?: unknown };
  const min = parseYuan(String(o.min));
  const max = parseYuan(String(o.max));
  return `${min === undefined ? String(o.min) : fenToYuanNumber(min)}–${max === undefined ? String(o.max) : fenToYuanNumber(max)}`;
}

export function runGoldenCase(c: GoldenCase, rules: Map<string, Rule>, cfg: ReviewConfig, today: string): GoldenOutcome {
  const mm: Mismatch[] = [];
  const rule = rules.get(c.rule);
  const e = c.expect;
  if (!rule) return { c, mismatches: [{ key: 'rule', expected: c.rule, actual: '', code: 'golden.rule.unknown' }] };
  const { facts, problems } = validateFacts(rule, c.facts, today);
  if (problems.length) {
    if (e.error === true) return { c, mismatches: [] };
    return { c, mismatches: [{ key: 'facts', expected: 'ok', actual: '', facts: problems }] };
  }
  let r: Result;
  try {
    r = computePenalty(rule, facts, c.party, cfg);
  } catch (err) {
    if (err instanceof RuleDefect) return { c, mismatches: [{ key: 'level', expected: String(e.level ?? ''), actual: '', code: err.code, params: err.params }] };
    // a refused case is an expected error: the rule declines to compute it
    if (err instanceof Refusal) return { c, mismatches: e.error === true ? [] : [{ key: 'error', expected: 'false', actual: err.message }] };
    throw err;
  }
  if (e.error === true) return { c, mismatches: [{ key: 'error', expected: 'true', actual: 'false' }] };
  const cmp = (key: string, expected: unknown, actual: unknown) => {
    if (expected === undefined) return;
    const ex = JSON.stringify(expected);
    const ac = JSON.stringify(actual);
    if (ex !== ac) mm.push({ key, expected: ex, actual: ac });
  };
  cmp('punishable', e.punishable, r.punishable);
  cmp('level', e.level, r.level);
  cmp('exemption', e.exemption, r.exemption);
  cmp('barred', e.barred, r.barred);
  cmp('adjustment', e.adjustment, r.adjustment);
  if (e.version !== undefined) cmp('version', String(e.version), r.version);
  cmp('criminal_referral', e.criminal_referral, r.flags.criminal.value);
  if (e.band !== undefined && expectedBand(e.band) !== bandJson(r.band)) mm.push({ key: 'band', expected: expectedBand(e.band), actual: bandJson(r.band) });
  if (e.persons_band !== undefined && expectedBand(e.persons_band) !== bandJson(r.personsBand)) mm.push({ key: 'persons_band', expected: expectedBand(e.persons_band), actual: bandJson(r.personsBand) });
  if (e.late_fee !== undefined) {
    const ex = e.late_fee === null ? null : parseYuan(String(e.late_fee));
    if (ex !== r.lateFee) mm.push({ key: 'late_fee', expected: String(e.late_fee), actual: r.lateFee === null ? 'null' : String(fenToYuanNumber(r.lateFee)) });
  }
  if (e.review !== undefined && typeof e.review === 'object' && e.review !== null) {
    for (const [k, v] of Object.entries(e.review)) cmp(`review.${k}`, v, (r.flags as Record<string, { value: unknown } | undefined>)[k]?.value);
  }
  if (Array.isArray(e.measures)) {
    const texts = r.measures.map((x) => x.text);
    const missing = e.measures.filter((x) => !texts.includes(String(x)));
    if (missing.length || e.measures.length !== r.measures.length) mm.push({ key: 'measures', expected: JSON.stringify(e.measures), actual: JSON.stringify(texts) });
  }
  if (Array.isArray(e.pending_measures)) cmp('pending_measures', e.pending_measures.map(String), r.pendingMeasures.map((p) => p.measure.text));
  if (Array.isArray(e.basis)) cmp('basis', e.basis.map(String), r.basis.map((b) => `《${b.law}》${b.article}`));
  if (e.basis_pending !== undefined) cmp('basis_pending', e.basis_pending, r.basisPending !== undefined);
  return { c, mismatches: mm };
}
