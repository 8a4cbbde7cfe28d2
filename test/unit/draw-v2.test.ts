/**
 * shuangsui-draw/2 (docs/algorithm.md, v2 sections): every eligible employer can be drawn, its observed
 * frequency is its documented π, the year's ratio holds per stratum within ±1, and work spreads.
 * The core is called directly on tiny directories so that 10,000 seeds take seconds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALGORITHM_V1, ALGORITHM_V2, draw, explain as explainFacts, type DrawResult, type PriorDrawn } from '../../src/core/draw/index.js';
import { renderExplanation } from '../../src/commands/shared/draw-explain.js';
import { UsageError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';
import { priorDrawnFor } from '../../src/core/draw/prior.js';
import type { LedgerEntry } from '../../src/core/ledger.js';
import { createHash } from 'node:crypto';
import { ticketOrder } from '../../src/core/draw/v2.js';
import { ticketUnit } from '../../src/core/draw/ticket.js';
import { directory, employer, input, plan, roster } from './draw.support.js';

const yieldToWorker = () => new Promise<void>((resolve) => setImmediate(resolve));

const wage = { id: 'wage', name: '工资支付情况', basis: 'b', specialty: '工资支付' };
const items = [wage];
const twoItems = [wage, { id: 'contract', name: '劳动合同情况', basis: 'b', specialty: '劳动合同' }];

describe('v2 inclusion probabilities: observed frequency = documented π over 10,000 seeds', () => {
  // tiny strata, a blank-region stratum, complaint weights and a take-all unit (serious violation ×20)
  const spec: [string | null, Partial<Parameters<typeof employer>[1]>][] = [
    ['城关镇', { complaints: 1 }],
    ['城关镇', {}],
    ['城关镇', {}],
    ['城关镇', {}],
    ['城关镇', {}],
    ['东城街道', {}],
    ['东城街道', {}],
    [null, {}],
    ['南塘镇', { seriousViolation: true }],
    ['南塘镇', {}],
    ['南塘镇', {}],
  ];
  const emps = spec.map(([region, over], i) => employer(i, { region, industry: '制造业', ...over }));
  const p = plan({
    items,
    tasks: [
      {
        id: 'all',
        name: '不定向',
        mode: 'untargeted',
        items: ['wage'],
        size: { count: 3 },
        stratify_by: ['region'],
        weights: { complaints: { min: 1, factor: 2 }, serious_violation: 20 },
      },
    ],
  });
  // By hand from docs/algorithm.md (v2 §4–5): s = 城关镇 2+4 = 6, 东城街道 2, blank 1, 南塘镇 20+1+1 = 22; S = 31.
  // x_h = 3·s_h/31. 南塘镇: x = 66/31, and x·20/22 ≥ 1, so the ×20 unit is certain; the other two share
  // x − 1 = 35/31 over W′ = 2. Everyone else: π = x_h·w/s_h = 3w/31.
  const want = [6 / 31, 3 / 31, 3 / 31, 3 / 31, 3 / 31, 3 / 31, 3 / 31, 3 / 31, 1, 35 / 62, 35 / 62];
  const expectedQuota: Record<string, number> = { 城关镇: 18 / 31, 东城街道: 6 / 31, '（未填写）': 3 / 31, 南塘镇: 66 / 31 };

  it('every unit within 4σ of its π (none has π = 0), the total is exactly 3 and each stratum gets ⌊x⌋ or ⌈x⌉', async () => {
    const SEEDS = 10_000;
    const staff = roster(4);
    const hits = emps.map(() => 0);
    const index = new Map(emps.map((e, i) => [e.uscc, i]));
    for (let s = 0; s < SEEDS; s++) {
      // let the worker answer vitest between batches: a long synchronous loop times its RPC out on a busy machine
      if (s % 250 === 0) await yieldToWorker();
      const r = draw(input(p, emps, staff, { seed: `v2-stat-${s}` }));
      expect(r.algorithm).toBe(ALGORITHM_V2);
      if (r.assignments.length !== 3) expect.fail(`seed ${s}: ${r.assignments.length} drawn`);
      for (const c of r.counts) {
        const x = expectedQuota[c.stratum]!;
        if (c.quota !== Math.floor(x) && c.quota !== Math.ceil(x)) expect.fail(`seed ${s}: ${c.stratum} quota ${c.quota} for x = ${x}`);
      }
      for (const a of r.assignments) {
        const i = index.get(a.employer.uscc)!;
        hits[i]!++;
        if (Math.abs(a.inclusionProbability! - want[i]!) > 1e-12) expect.fail(`seed ${s}: π of #${i} is ${a.inclusionProbability}, documented ${want[i]}`);
      }
    }
    for (const [i, h] of hits.entries()) {
      const pi = want[i]!;
      expect(pi).toBeGreaterThan(0);
      const sd = Math.sqrt((pi * (1 - pi)) / SEEDS);
      const freq = h / SEEDS;
      if (pi === 1) expect(freq).toBe(1);
      else expect(Math.abs(freq - pi), `#${i}: frequency ${freq}, π ${pi}, 4σ = ${4 * sd}`).toBeLessThanOrEqual(4 * sd);
    }
  }, 60_000);

  it('v1 for contrast: Hamilton gives the blank-region stratum quota 0 for every seed', () => {
    const staff = roster(4);
    for (let s = 0; s < 50; s++) {
      const r = draw(input(p, emps, staff, { seed: `v1-${s}`, algorithm: ALGORITHM_V1 }));
      expect(r.counts.find((c) => c.stratum === '（未填写）')!.quota).toBe(0);
    }
  });

  it('a weight of 1000 in a stratum that Hamilton would give 0 seats makes π = 1 (the weight promise)', () => {
    const big = plan({
      items,
      tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { count: 2 }, stratify_by: ['region'], weights: { serious_violation: 1000 } }],
    });
    const dir = [...Array.from({ length: 40 }, (_, i) => employer(i, { region: '城关镇' })), employer(40, { region: '北山镇', seriousViolation: true }), employer(41, { region: '北山镇' })];
    for (let s = 0; s < 20; s++) {
      const r = draw(input(big, dir, roster(4), { seed: `w-${s}` }));
      const hit = r.assignments.find((a) => a.employer.uscc === dir[40]!.uscc);
      expect(hit?.inclusionProbability).toBe(1);
    }
  });
});

/** A ledger entry holding only what priorDrawnFor reads: the draw's per-stratum counts. */
function entry(period: string, r: DrawResult): LedgerEntry {
  return {
    seq: 1,
    prev: '0'.repeat(64),
    kind: 'draw',
    plan_id: 'test-plan',
    plan_year: 2026,
    period,
    seed: 's',
    algorithm: r.algorithm,
    manifest_sha256: '0'.repeat(64),
    out_dir: '',
    created_at: '',
    redraw: false,
    reason: null,
    counts: r.counts.map((c) => ({ task: c.task, stratum: c.stratum, eligible: c.eligible, quota: c.quota, drawn: c.drawn, full_coverage: c.fullCoverage })),
    drawn: r.assignments.filter((a) => a.method === 'random').map((a) => a.employer.uscc),
    full_coverage: [],
  };
}

/** Draws every period of the year in order, carrying the earlier periods through ledger entries as draw does. */
function year(frequency: 4 | 12, sizes: Record<string, number>, ratio: number, seed: string) {
  const labels = frequency === 12 ? Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`) : ['2026Q1', '2026Q2', '2026Q3', '2026Q4'];
  const p = plan({ frequency, items, tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { ratio_per_year: ratio }, stratify_by: ['region'] }] });
  let k = 0;
  const dir = Object.entries(sizes).flatMap(([region, n]) => Array.from({ length: n }, () => employer(k++, { region: region === '-' ? null : region })));
  const entries: LedgerEntry[] = [];
  const drawn = new Set<string>();
  const cumulative: Record<string, number>[] = [];
  for (const label of labels) {
    const prior: PriorDrawn[] = priorDrawnFor(entries, p.id, 2026, label);
    const r = draw(input(p, dir, roster(6), { label, seed, alreadyDrawn: new Set(drawn), priorDrawn: prior }));
    entries.push(entry(label, r));
    for (const a of r.assignments) drawn.add(a.employer.uscc);
    const sum: Record<string, number> = {};
    for (const e of [...entries]) for (const c of e.counts) sum[c.stratum] = (sum[c.stratum] ?? 0) + c.drawn;
    cumulative.push(sum);
  }
  return { cumulative, labels };
}

describe('v2 whole-year targets (ratio_per_year): each stratum within ±1 of R·P_h', () => {
  it('12 periods, R = 0.10, strata of 38, 7, 3 and 1 (blank region): within ±1 at every month and over the year', async () => {
    const sizes = { 城关镇: 38, 东城街道: 7, 南塘镇: 3, '-': 1 };
    const totals: Record<string, number> = {};
    const SEEDS = 40;
    for (let s = 0; s < SEEDS; s++) {
      await yieldToWorker();
      const { cumulative } = year(12, sizes, 0.1, `year-${s}`);
      cumulative.forEach((sum, m) => {
        for (const [region, n] of Object.entries(sizes)) {
          const name = region === '-' ? '（未填写）' : region;
          const target = (0.1 * n * (m + 1)) / 12;
          const got = sum[name] ?? 0;
          if (Math.abs(got - target) >= 1) expect.fail(`seed ${s}, month ${m + 1}, ${name}: ${got} drawn, year-to-date target ${target}`);
        }
      });
      for (const [k, v] of Object.entries(cumulative[11]!)) totals[k] = (totals[k] ?? 0) + v;
    }
    // unbiased: the mean yearly count over the seeds is near R·P_h (3.8 for 38 units: exactly 3 or 4)
    expect(totals['城关镇']! / SEEDS).toBeGreaterThan(3.8 - 0.3);
    expect(totals['城关镇']! / SEEDS).toBeLessThan(3.8 + 0.3);
  });

  it('unbiased for a one-unit stratum: drawn in 10% of years (R = 0.10, 12 periods), not more', async () => {
    const YEARS = 400;
    let hits = 0;
    let big = 0;
    for (let s = 0; s < YEARS; s++) {
      if (s % 20 === 0) await yieldToWorker();
      const { cumulative } = year(12, { '-': 1, 城关镇: 9 }, 0.1, `tiny-${s}`);
      hits += cumulative[11]!['（未填写）'] ?? 0;
      big += cumulative[11]!['城关镇'] ?? 0;
    }
    const sd = Math.sqrt((0.1 * 0.9) / YEARS);
    expect(Math.abs(hits / YEARS - 0.1)).toBeLessThanOrEqual(4 * sd);
    expect(Math.abs(big / YEARS - 0.9)).toBeLessThanOrEqual(4 * sd);
  }, 60_000);

  it('4 periods, P = 20, R = 0.10: the year draws exactly 2, never 4', () => {
    for (let s = 0; s < 40; s++) {
      const { cumulative } = year(4, { 城关镇: 20 }, 0.1, `q-${s}`);
      expect(cumulative[3]!['城关镇']).toBe(2);
    }
  });
});

describe('v2 workload: the least-loaded qualified inspector is picked', () => {
  it('max − min ≤ 1 among inspectors with identical qualifications (no recusals, no home region)', () => {
    const p = plan({ items: twoItems, tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 37 } }], team: { size: 2 } });
    const staff = roster(11, (i) => ({ specialties: i <= 3 ? ['工资支付'] : i <= 6 ? ['劳动合同'] : ['工资支付', '劳动合同'] }));
    const dir = Array.from({ length: 120 }, (_, i) => employer(i));
    for (let s = 0; s < 30; s++) {
      const r = draw(input(p, dir, staff, { seed: `load-${s}` }));
      const load = new Map(r.workload.byInspector);
      for (const cls of [staff.slice(0, 3), staff.slice(3, 6), staff.slice(6)]) {
        const n = cls.map((i) => load.get(i.id)!);
        expect(Math.max(...n) - Math.min(...n), `seed ${s}: ${n.join(',')}`).toBeLessThanOrEqual(1);
      }
      expect(r.workload.max * staff.length - r.assignments.reduce((a, x) => a + x.team.length, 0)).toBeGreaterThanOrEqual(0);
    }
  });

  it('the cap stays a hard limit', () => {
    const p = plan({ items, tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { count: 10 } }], team: { size: 2, max_per_inspector_per_period: 4 } });
    const r = draw(input(p, Array.from({ length: 50 }, (_, i) => employer(i)), roster(5, () => ({ specialties: ['工资支付'] }))));
    expect(r.workload.max).toBeLessThanOrEqual(4);
    expect(r.workload.max - r.workload.min).toBeLessThanOrEqual(1);
  });
});

describe('v2 --explain: a sentence a clerk can say, then the detail, in zh and en', () => {
  const p = plan({
    items,
    tasks: [{ id: 'all', name: '不定向', mode: 'untargeted', items: ['wage'], size: { count: 4 }, stratify_by: ['region'], weights: { complaints: { min: 2, factor: 2 } } }],
  });
  const dir = Array.from({ length: 60 }, (_, i) => employer(i, { name: `清河${['宏达', '永盛', '金桥'][i % 3]}机械厂${i}号`, complaints: i % 5 === 0 ? 2 : 0 }));
  const inp = input(p, dir, roster(4), { seed: 'clerk' });
  const r = draw(inp);
  const say = (id: string) => renderExplanation(explainFacts(inp, r, id));
  const weighted = dir.find((e) => e.complaints === 2)!;

  it('zh: pool, reason for the weight, chance in per cent and the result, in one sentence first', () => {
    const lines = say(weighted.uscc);
    expect(lines[0]).toMatch(new RegExp(`^本期从${weighted.region} \\d+ 家符合条件的单位中随机抽取 \\d+ 家；贵单位因投诉举报 2 次，入选机会为一般单位的 2 倍，约 \\d+%；本次(未)?被抽中。$`));
    expect(lines[1]).toBe('详细说明：');
    const text = lines.join('\n');
    expect(text).toContain('shuangsui-draw/2|employer|clerk|');
    expect(text).toContain('系统抽样');
  });

  it('en: the same sentence in English (only directory values stay Chinese)', () => {
    setLang('en');
    try {
      const lines = say(weighted.uscc);
      expect(lines[0]).toMatch(new RegExp(`^This period \\d+ of the \\d+ eligible employers in ${weighted.region} are drawn at random; because of 2 complaints, your chance is 2 times that of an ordinary employer, about \\d+%; you were (not )?drawn\\.$`));
      const cjk = /[\u4e00-\u9fff]/;
      const data = new Set([weighted.name, weighted.region!, weighted.industry!, '不定向', weighted.type!]);
      for (const line of lines) {
        let rest = line;
        for (const d of data) rest = rest.split(d).join('');
        expect(cjk.test(rest), line).toBe(false);
      }
    } finally {
      setLang('zh');
    }
  });

  it('accepts a company name, exact or a unique part, and refuses an ambiguous part', () => {
    const target = dir[7]!;
    expect(say(target.name).join('\n')).toContain(target.uscc);
    expect(say('永盛机械厂7号').join('\n')).toContain(dir[7]!.uscc);
    expect(() => say('机械厂')).toThrow(UsageError);
    expect(() => say('没有这家')).toThrow(UsageError);
  });

  it('an excluded employer hears why in plain words', () => {
    const inp2 = input(p, dir, roster(4), { seed: 'clerk', alreadyDrawn: new Set([dir[3]!.uscc]) });
    const r2 = draw(inp2);
    expect(renderExplanation(explainFacts(inp2, r2, dir[3]!.uscc))[0]).toBe('贵单位今年已被本计划抽中过，本期不再参加抽取。');
  });
});

describe('v2 sizes (property)', () => {
  it('count tasks draw exactly min(c, eligible); every stratum gets ⌊x⌋ or ⌈x⌉ of its expected x; Σx is the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.constantFrom<string[]>(['region'], ['industry'], ['region', 'industry']),
        fc.string({ maxLength: 6 }),
        (n, c, weighted, by, seed) => {
          const p = plan({
            items,
            tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { count: c }, stratify_by: by, ...(weighted ? { weights: { complaints: { min: 2, factor: 3 }, serious_violation: 50 } } : {}) }],
            exclusions: { inspected_within_days: 30 },
          });
          // every ninth region blank, every sixth inspected recently (excluded)
          const emps = directory(n, (i) => ({ complaints: i % 4, seriousViolation: i % 17 === 5, lastInspected: i % 6 === 0 ? '2026-02-20' : null })).map((e, i) => (i % 9 === 0 ? { ...e, region: null } : e));
          const r = draw(input(p, emps, roster(30), { seed }));
          const eligible = r.counts.reduce((a, x) => a + x.eligible, 0);
          expect(r.assignments.length).toBe(Math.min(c, eligible));
          let sum = 0;
          for (const x of r.counts) {
            const e = x.expected!;
            sum += e;
            expect(x.quota === Math.floor(e + 1e-9) || x.quota === Math.ceil(e - 1e-9), `${x.stratum}: ${x.quota} for ${e}`).toBe(true);
            expect(x.quota).toBeLessThanOrEqual(x.eligible);
            // no stratum with eligible units is shut out while the task has seats to give
            if (x.eligible > 0) expect(e).toBeGreaterThan(0);
          }
          if (r.counts.length) expect(sum).toBeCloseTo(Math.min(c, eligible), 9);
          for (const a of r.assignments) expect(a.inclusionProbability).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('v2 line order of a large stratum (ticketOrder)', () => {
  const hexOf = (j: number) => createHash('sha256').update(`t${j}`).digest('hex');
  const hexesOf = (js: readonly number[]) => js.map(hexOf);
  const both = (js: Int32Array, u: Float64Array) => expect(Array.from(ticketOrder(js, u, hexesOf, 0))).toEqual(Array.from(ticketOrder(js, u, hexesOf, Infinity)));

  it('tickets as the draw makes them (uniform u from SHA-256): the bucket sort is the comparator sort', () => {
    const n = 20_000;
    const u = Float64Array.from({ length: n }, (_, j) => ticketUnit(hexOf(j)));
    // members are a subset of the rows, in file order
    both(Int32Array.from({ length: n / 2 }, (_, k) => 2 * k + (k % 3 === 0 ? 1 : 0)), u);
  });

  it('clustered and equal u (crowded buckets, ties broken by the ticket hex)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0.4, max: 0.4001, noNaN: true }), fc.constantFrom(0.25, 0.5, 1 - 2 ** -53, 2 ** -53), fc.double({ min: 2 ** -53, max: 1 - 2 ** -53, noNaN: true })), { minLength: 40, maxLength: 3000 }), (us) => {
        both(Int32Array.from(us, (_, j) => j), Float64Array.from(us));
      }),
      { numRuns: 40 },
    );
  });
});
