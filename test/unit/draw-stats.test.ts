/**
 * Properties 5 and 6: over many seeds, every eligible employer is equally likely where the task is
 * unweighted, and inclusion frequencies match the documented π where it is weighted.
 */
import { describe, expect, it } from 'vitest';
import { draw } from '../../src/core/draw/index.js';
import { directory, input, plan, roster } from './draw.support.js';

const SEEDS = 2000;
const items = [{ id: 'wage', name: 'w', basis: 'b', specialty: '工资支付' }];
const staff = roster(4);

function frequencies(p: ReturnType<typeof plan>, emps: ReturnType<typeof directory>) {
  const hits = new Map(emps.map((e) => [e.uscc, 0]));
  const pis = new Map<string, number>();
  for (let s = 0; s < SEEDS; s++) {
    for (const a of draw(input(p, emps, staff, { seed: `stat-${s}` })).assignments) {
      hits.set(a.employer.uscc, hits.get(a.employer.uscc)! + 1);
      pis.set(a.employer.uscc, a.inclusionProbability!);
    }
  }
  return { hits: emps.map((e) => hits.get(e.uscc)!), pis: emps.map((e) => pis.get(e.uscc)) };
}

describe('property 5: uniform where unweighted', () => {
  it('passes a chi-square test over 2,000 seeds (10 employers, 3 drawn)', () => {
    const p = plan({ items, tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { count: 3 } }] });
    const emps = directory(10);
    const { hits, pis } = frequencies(p, emps);
    expect(hits.reduce((a, b) => a + b, 0)).toBe(3 * SEEDS);
    const expected = (3 * SEEDS) / 10;
    const chi2 = hits.reduce((a, h) => a + (h - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(χ² > 27.88) = 0.001
    expect(chi2).toBeLessThan(27.88);
    for (const pi of pis) expect(pi).toBeCloseTo(0.3, 12);
  });
});

describe('property 6: weighted as documented', () => {
  it('draws each employer with frequency ≈ its π = n·w/Σw, take-all at π = 1', () => {
    const p = plan({
      items,
      tasks: [
        {
          id: 'all',
          name: 'x',
          mode: 'untargeted',
          items: ['wage'],
          size: { count: 3 },
          weights: { complaints: { min: 5, factor: 3 }, abnormal: 2, serious_violation: 20 },
        },
      ],
    });
    // weights: #0 → 20 (take-all), #1, #2 → 3, #3 → 6 (3×2), #4, #5 → 2, the other six → 1
    const emps = directory(12, (i) => ({
      seriousViolation: i === 0,
      complaints: i >= 1 && i <= 3 ? 5 : 0,
      abnormal: i === 3 || i === 4 || i === 5,
    }));
    const { hits, pis } = frequencies(p, emps);
    // Round 1: W = 20+3+3+6+2+2+6 = 42, 3·20/42 ≥ 1 → #0 take-all. Round 2: n' = 2, W' = 22, 2·6/22 < 1.
    const want = [1, 6 / 22, 6 / 22, 12 / 22, 4 / 22, 4 / 22, ...Array(6).fill(2 / 22)];
    hits.forEach((h, i) => {
      const freq = h / SEEDS;
      const sd = Math.sqrt((want[i]! * (1 - want[i]!)) / SEEDS) || 0.001;
      // Pareto πps sampling reproduces π up to a small bias; 4 sd of the binomial plus 0.015 of bias
      expect(Math.abs(freq - want[i]!), `employer ${i}: ${freq} vs π ${want[i]}`).toBeLessThan(4 * sd + 0.015);
      if (pis[i] !== undefined) expect(pis[i]).toBeCloseTo(want[i]!, 12);
    });
    // frequency grows with weight
    expect(hits[3]! > hits[1]! && hits[1]! > hits[4]! && hits[4]! > hits[6]!).toBe(true);
  });
});
