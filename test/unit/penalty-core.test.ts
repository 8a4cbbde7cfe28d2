import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseYuan, parseRatio, formatYuan, applyRatio, fenToYuanNumber } from '../../src/core/penalty/money.js';
import { evaluate, evaluate3, explain, missingFacts, parseCondition } from '../../src/core/penalty/condition.js';
import { ruleReader } from '../../src/core/penalty/schema.js';
import { problemText } from '../../src/ui/problem-text.js';
import { computePenalty, validateFacts, validateFactCells, factColumns, closest, versionAt, Refusal } from '../../src/core/penalty/compute.js';
import { addYears, daysBetween } from '../../src/core/penalty/dates.js';
import { COMMON_FACTS } from '../../src/core/penalty/facts.js';
import { DEFAULT_REVIEW } from '../../src/core/penalty/review.js';
import { formatBand, formatReason } from '../../src/ui/penalty-render.js';
import type { FactSpec, Rule, Party, ReviewConfig } from '../../src/core/penalty/types.js';
import { loadRuleSet } from '../../src/io/rules.js';

// loadRuleSet's own result: a RuleSet plus the problems found while loading it
let set: Awaited<ReturnType<typeof loadRuleSet>>;
beforeAll(async () => {
  set = await loadRuleSet();
  expect(set.problems).toEqual([]);
});

function run(id: string, raw: Record<string, unknown>, party: Party = 'org', cfg: ReviewConfig = set.config) {
  const rule = set.byId.get(id)!;
  const { facts, problems } = validateFacts(rule, raw, '2026-01-05');
  expect(problems).toEqual([]);
  return computePenalty(rule, facts, party, cfg);
}

describe('money is integer fen', () => {
  it('parses the forms offices type', () => {
    expect(parseYuan('12,000')).toBe(1_200_000n);
    expect(parseYuan('12000.5')).toBe(1_200_050n);
    expect(parseYuan('1.2万')).toBe(1_200_000n);
    expect(parseYuan('￥3,000元')).toBe(300_000n);
    expect(parseYuan('1.234')).toBeUndefined();
    expect(parseYuan('-5')).toBeUndefined();
    expect(parseYuan('1,2345')).toBeUndefined();
  });
  it('parses multiples exactly', () => {
    expect(parseRatio(0.5)).toBe(5000n);
    expect(parseRatio('50%')).toBe(5000n);
    expect(parseRatio('1.5')).toBe(15000n);
    expect(parseRatio('0.00001')).toBeUndefined();
  });
  it('formats with thousands separators and drops zero fen', () => {
    expect(formatYuan(123_456_789n)).toBe('1,234,567.89');
    expect(formatYuan(120_000n)).toBe('1,200');
    expect(formatYuan(5n)).toBe('0.05');
  });
  it('rounds a lower bound up and an upper bound down', () => {
    expect(applyRatio(5_000_001n, 7000n, 'up')).toBe(3_500_001n);
    expect(applyRatio(5_000_001n, 9000n, 'down')).toBe(4_500_000n);
  });
});

describe('condition grammar', () => {
  const facts = new Map<string, FactSpec>(
    [...COMMON_FACTS, { name: 'n', type: 'integer', label: 'n', required: true } as FactSpec, { name: 'amt', type: 'money', label: 'amt', required: true } as FactSpec].map((f) => [f.name, f]),
  );
  const parse = (raw: unknown) => {
    const r = ruleReader({});
    const c = parseCondition(raw, facts, ['when'], r);
    return { c, problems: r.problems.map((p) => ({ ...p, message: problemText(p) })) };
  };
  it('evaluates all/any/not over typed facts', () => {
    const { c } = parse({ all: [{ fact: 'n', ge: 10 }, { not: { fact: 'harm', eq: 'serious' } }, { any: [{ fact: 'amt', gt: '1万' }, { fact: 'first_offense', eq: true }] }] });
    expect(evaluate(c!, { n: 10, amt: 1_000_001n })).toBe(true);
    expect(evaluate(c!, { n: 10, amt: 1_000_000n })).toBe(false);
    expect(evaluate(c!, { n: 10, amt: 0n, first_offense: true })).toBe(true);
    expect(evaluate(c!, { n: 10, amt: 1_000_001n, harm: 'serious' })).toBe(false);
  });
  it('three-valued conditions: unknown only when a missing fact could still decide', () => {
    const { c } = parse({ any: [{ all: [{ fact: 'n', ge: 10 }, { fact: 'amt', ge: '3万' }] }, { fact: 'first_offense', eq: true }] });
    expect(evaluate3(c!, { n: 12, amt: 3_000_000n })).toBe(true);
    expect(evaluate3(c!, { n: 9, first_offense: false })).toBe(false);
    expect(evaluate3(c!, { n: 12, first_offense: false })).toBeNull();
    expect(missingFacts(c!, { n: 12, first_offense: false })).toEqual(['amt']);
    expect(evaluate3({ not: c! }, { n: 12 })).toBeNull();
  });
  it('a comparison on a fact not given is false', () => {
    const { c } = parse({ fact: 'harm', ne: 'none' });
    expect(evaluate(c!, {})).toBe(false);
    expect(evaluate({ not: c! }, {})).toBe(true);
  });
  it('explains which comparisons held', () => {
    const { c } = parse({ any: [{ fact: 'n', lt: 3 }, { all: [{ fact: 'n', ge: 3 }, { fact: 'n', le: 9 }] }] });
    expect(explain(c!, { n: 5 }).map((x) => `${x.leaf.op}${String(x.leaf.value)}`)).toEqual(['ge3', 'le9']);
  });
  it('reports unknown facts, bad operators, ordered comparisons on booleans and wrong value types', () => {
    expect(parse({ fact: 'nn', eq: 1 }).problems[0]!.message).toContain('nn');
    expect(parse({ fact: 'n', like: 1 }).problems[0]!.key).toBe('when.like');
    expect(parse({ fact: 'first_offense', gt: true }).problems).toHaveLength(1);
    expect(parse({ fact: 'n', eq: 'many' }).problems).toHaveLength(1);
    expect(parse({ fact: 'n', eq: 1, ne: 2 }).problems).toHaveLength(1);
    expect(parse('n > 3').problems).toHaveLength(1);
  });
});

describe('dates', () => {
  it('adds years and clamps 29 February', () => {
    expect(addYears('2022-01-01', 2)).toBe('2024-01-01');
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(daysBetween('2025-01-15', '2025-03-16')).toBe(60);
  });
});

describe('computing a case', () => {
  it('shows the formula with the worker count', () => {
    const r = run('overtime', { affected_workers: 12, decision_date: '2026-01-05' });
    expect(formatBand(r.band!)).toBe('12人 × 200–350元 = 2,400–4,200元（可以并处）');
  });
  it('limitation counts from the end of a continuing act', () => {
    const r = run('overtime', { affected_workers: 1, act_date: '2020-01-01', act_end_date: '2023-01-01', discovered_date: '2025-01-01', decision_date: '2025-02-01' });
    expect(r.barred).toBe(false);
    const r2 = run('overtime', { affected_workers: 1, act_date: '2020-01-01', discovered_date: '2025-01-01', decision_date: '2025-02-01' });
    expect(r2.barred).toBe(true);
    expect(r2.punishable).toBe(false);
  });
  it('首违不罚 is a "may": only rules on the office list (review.yaml first_offense_list) are not punished by default', () => {
    const facts = { affected_workers: 3, first_offense: true, harm: 'minor', corrected_in_time: true };
    const unlisted = run('overtime', facts);
    expect(unlisted).toMatchObject({ punishable: true, exemption: 'may' });
    expect(unlisted.band).not.toBeNull();
    expect(unlisted.reasons).toContainEqual({ kind: 'exemptMay', listed: false, harm: 'minor' });
    const listed = run('overtime', facts, 'org', { ...set.config, firstOffenseList: ['overtime'] });
    expect(listed).toMatchObject({ punishable: false, exemption: 'may', band: null });
  });
  it('不予处罚 needs 轻微, no harm and timely correction; a missing fact is named, never assumed', () => {
    const noMinor = run('obstruction', { item: '1', first_offense: false, harm: 'none', corrected_in_time: true });
    expect(noMinor).toMatchObject({ punishable: true, exemption: null });
    expect(noMinor.reasons).toContainEqual({ kind: 'exemptionUndetermined', missing: ['minor'] });
    expect(run('obstruction', { item: '1', minor: true, harm: 'none', corrected_in_time: true })).toMatchObject({ punishable: false, exemption: 'shall' });
    expect(run('obstruction', { item: '1', minor: false, first_offense: false, harm: 'none', corrected_in_time: true }).reasons.some((x) => x.kind === 'exemptShall' || x.kind === 'exemptionUndetermined')).toBe(false);
  });
  it('adjustment order is configuration, not law', () => {
    const both = { affected_workers: 12, mitigation: 'lighter', aggravating: true };
    const r = run('overtime', both);
    expect(r.adjustment).toBe('lighter');
    // the words say whose order it is: not 第三十二条's
    const overridden = r.reasons.find((x) => x.kind === 'adjustmentOverridden')!;
    expect(formatReason(overridden, set.byId.get('overtime')!)).toContain('本工具默认顺序（review.yaml discretion.order，可由本单位修改；行政处罚法第三十二条未规定先后）');
    expect(run('overtime', both, 'org', { ...set.config, adjustmentOrder: ['heavier', 'reduced', 'lighter'] }).adjustment).toBe('heavier');
  });
  it('从轻/从重 shares are configuration', () => {
    const cfg = { ...set.config, lighterShare: 2500n, heavierShare: 2000n };
    expect(run('overtime', { affected_workers: 12, mitigation: 'lighter' }, 'org', cfg).band).toMatchObject({ min: 240_000n, max: 285_000n });
    expect(run('overtime', { affected_workers: 12, aggravating: true }, 'org', cfg).band).toMatchObject({ min: 384_000n, max: 420_000n });
  });
  it('从旧兼从轻 picks the lighter version and says why', () => {
    const r = run('dispatch-violation', { dispatched_workers: 10, order_ignored: true, harm: 'serious', act_date: '2013-05-01', discovered_date: '2013-12-01', decision_date: '2014-03-01' });
    expect(r.version).toBe('实施条例2008');
    expect(r.reasons[0]).toMatchObject({ kind: 'version', why: 'oldNotLighter', other: '劳动合同法2013' });
    const rule = set.byId.get('dispatch-violation')!;
    expect(versionAt(rule, '2013-06-30')!.version).toBe('实施条例2008');
    expect(versionAt(rule, '2013-07-01')!.version).toBe('劳动合同法2013');
  });
  it('late fee is 0.05% a day, rounded half up to the fen', () => {
    expect(run('si-contribution', { arrears: '12345.67', due_date: '2025-12-01', order_ignored: true }).lateFee).toBe(21_605n);
    expect(DEFAULT_REVIEW.lateFeePpm).toBe(500n);
  });
  it('criminal referral follows the configured thresholds; missing facts make it null with the facts named', () => {
    const cfg = { ...set.config, criminal: [] };
    expect(run('wage-arrears', { amount_owed: 40000, workers: 12, order_ignored: true }).flags.criminal.value).toBe(true);
    expect(run('wage-arrears', { amount_owed: 40000, workers: 12, order_ignored: true }, 'org', cfg).flags.criminal.value).toBe(false);
    const unknown = run('wage-arrears', { amount_owed: 8000, workers: 2, order_ignored: true });
    expect(unknown.flags.criminal).toEqual({ value: null, why: [{ by: 'missing', facts: ['max_owed_3m_to_one'] }] });
    // a referral that cannot be judged goes to legal review (review.yaml legal_review.if_referral_undetermined)
    expect(unknown.flags.legal.value).toBe(true);
    expect(unknown.flags.legal.why[0]).toEqual({ by: 'referral', value: null });
    expect(run('wage-arrears', { amount_owed: 8000, workers: 2, order_ignored: true }, 'org', { ...set.config, legal: { ...set.config.legal, onReferralUndetermined: false } }).flags.legal.value).toBe(false);
  });
  it('rejects unknown facts with a suggestion, wrong types, missing facts and future dates', () => {
    const rule = set.byId.get('overtime')!;
    const { problems } = validateFacts(rule, { workers: '3', act_date: '2026-02-01', aggravating: 'maybe' }, '2026-01-05');
    expect(problems.map((p) => p.fact).sort()).toEqual(['act_date', 'affected_workers', 'aggravating', 'workers']);
    expect(problems.find((p) => p.fact === 'workers')!.code).toBe('fact.unknown');
    expect(problemText(problems.find((p) => p.fact === 'workers')!)).toContain('affected_workers');
    expect(problemText(problems.find((p) => p.fact === 'aggravating')!)).toBe('“从重情节”应为是/否（是、否、Y、N、true、false、1、0）');
  });
  it('suggests the closest rule ids', () => {
    expect(closest('overtim', [...set.byId.keys()])[0]).toBe('overtime');
    expect(closest('wage', [...set.byId.keys()])).toContain('wage-arrears');
  });
});

/** Facts a rule's fact specs allow, as raw strings the way a user types them. */
function factsArb(rule: Rule): fc.Arbitrary<Record<string, string>> {
  const parts: Record<string, fc.Arbitrary<string>> = {};
  for (const f of rule.facts) {
    switch (f.type) {
      case 'integer':
        parts[f.name] = fc.integer({ min: f.min ?? 0, max: 400 }).map(String);
        break;
      case 'money':
        parts[f.name] = fc.bigInt({ min: 0n, max: 2_000_000_000n }).map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
        break;
      case 'boolean':
        parts[f.name] = fc.boolean().map(String);
        break;
      case 'enum':
        parts[f.name] = fc.constantFrom(...f.values!.map((v) => v.key));
        break;
      case 'date':
        parts[f.name] = fc.date({ min: new Date('2020-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        break;
    }
  }
  parts.mitigation = fc.constantFrom('none', 'lighter', 'reduced');
  parts.aggravating = fc.boolean().map(String);
  parts.harm = fc.constantFrom('minor', 'serious');
  return fc.record(parts);
}

describe('property: computed bands stay inside the statutory range, in whole fen', () => {
  it('for every built-in rule and random facts', () => {
    const rules = [...set.byId.values()];
    fc.assert(
      fc.property(fc.constantFrom(...rules).chain((r) => fc.tuple(fc.constant(r), factsArb(r), fc.constantFrom<Party>('org', 'individual'))), ([rule, raw, party]) => {
        const { facts, problems } = validateFacts(rule, { ...raw, decision_date: '2026-01-05' }, '2026-01-05');
        if (problems.length) return; // e.g. a paid date the generator put after nothing: not this property's concern
        let r;
        try {
          r = computePenalty(rule, facts, party, set.config);
        } catch (e) {
          if (e instanceof Refusal) return; // a level the rule declines to compute (child labour in a toxic workplace)
          throw e;
        }
        if (!r.punishable || !r.band) return;
        const stat = r.statutoryBand!;
        for (const v of [r.band.min, r.band.max, stat.min, stat.max]) expect(typeof v).toBe('bigint');
        expect(r.band.min <= r.band.max).toBe(true);
        if (r.adjustment === 'reduced') {
          expect(r.band.max <= stat.min).toBe(true);
          expect(r.band.min >= 0n).toBe(true);
        } else {
          // 禁止使用童工规定 第六条第二款 adds a second monthly term on top of the statutory band
          const then = r.band.formula.kind === 'per_worker_month' && r.band.formula.then ? r.band.formula.then.amount * BigInt(r.band.formula.count * r.band.formula.then.months) : 0n;
          expect(r.band.min >= stat.min).toBe(true);
          expect(r.band.max <= stat.max + then).toBe(true);
        }
        // yuan in JSON round-trips to the same fen, with at most two decimals
        for (const f of [r.band.min, r.band.max]) {
          const yuan = fenToYuanNumber(f);
          expect(BigInt(Math.round(yuan * 100))).toBe(f);
          expect(String(yuan)).toMatch(/^\d+(\.\d{1,2})?$/);
        }
        // a multiple is rounded outward-safe: the smallest fen at or above base × ratio, the largest at or below
        const fm = r.band.formula;
        if (fm.kind === 'multiple' && !r.band.adjustedFrom) {
          expect(r.band.min * 10000n >= fm.base * fm.ratioMin && (r.band.min - 1n) * 10000n < fm.base * fm.ratioMin).toBe(true);
          expect(r.band.max * 10000n <= fm.base * fm.ratioMax && (r.band.max + 1n) * 10000n > fm.base * fm.ratioMax).toBe(true);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});

describe('penalty --batch reads a row of cells as validateFacts reads the record', () => {
  // headers as a case table has them: names, labels, a column no rule knows, and the record of one row
  const header = ['affected_workers', '受侵害的劳动者人数', '应付未付工资数额', 'amount_owed', 'act_date', '处罚决定日期', 'decision_date', 'aggravating', '危害后果', 'proposed_fine', 'nosuch'];
  const cols = header.map((_, i) => i);
  const cell = fc.constantFrom('', ' ', '3', ' 12 ', '0', '1,200', '1.2万', 'x', '2025-02-01', '2026-01-01', '2027-01-01', '是', '否', 'minor', '轻微', '=1+1');
  const record = (cells: string[]) => {
    const raw: Record<string, unknown> = {};
    for (const i of cols) if (cells[i]!.trim() !== '') raw[header[i]!] = cells[i];
    return raw;
  };

  it('the same facts and problems in the same order, or null when a filled column is unknown to the rule', () => {
    for (const id of ['overtime', 'wage-arrears', 'si-contribution']) {
      const rule = set.byId.get(id)!;
      const columns = factColumns(rule, header, cols)!;
      let read = 0;
      fc.assert(
        // most rows leave the other rules' columns empty
        fc.property(fc.array(cell, { minLength: header.length, maxLength: header.length }), fc.boolean(), (cells, own) => {
          if (own) cells = cells.map((c, j) => (columns.specs[j] === null ? '' : c));
          const fast = validateFactCells(rule, columns, cells, '2026-01-05');
          const slow = validateFacts(rule, record(cells), '2026-01-05');
          if (fast === null) expect(slow.problems.some((p) => p.code === 'fact.unknown')).toBe(true);
          else {
            read++;
            expect(fast).toEqual(slow);
            expect(Object.keys(fast.facts)).toEqual(Object.keys(slow.facts));
          }
        }),
        { numRuns: 400 },
      );
      expect(read).toBeGreaterThan(100);
    }
  });

  it('refuses headers a record would not keep in column order: twice the same, an index, __proto__', () => {
    const rule = set.byId.get('overtime')!;
    expect(factColumns(rule, ['act_date', 'act_date'], [0, 1])).toBeNull();
    expect(factColumns(rule, ['act_date', '7'], [0, 1])).toBeNull();
    expect(factColumns(rule, ['__proto__', 'act_date'], [0, 1])).toBeNull();
    expect(factColumns(rule, ['act_date', 'affected_workers'], [0, 1])).not.toBeNull();
  });
});

describe('parseYuan reads whole yuan in plain digits by a double', () => {
  it('as exactly as BigInt of the digits, up to 13 digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 13 }), (d) => {
        expect(parseYuan(d)).toBe(BigInt(d) * 100n);
      }),
      { numRuns: 2000 },
    );
    expect(parseYuan('9999999999999')).toBe(999999999999900n);
  });
});
