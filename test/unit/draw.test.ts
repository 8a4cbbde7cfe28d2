import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { draw, explain as explainFacts, UnstaffableError, ALGORITHM_V1, type DrawInput, type DrawResult } from '../../src/core/draw/index.js';
import { renderExplanation, renderUnstaffable } from '../../src/commands/shared/draw-explain.js';
import { allocate, roundedShare, kthSmallest, takeAll } from '../../src/core/draw/draw.js';
import { ticketHex, ticketInput, ticketUnit } from '../../src/core/draw/ticket.js';
import { UsageError } from '../../src/errors.js';
import { directory, employer, input, inspector, plan, roster, shuffle } from './draw.support.js';

/** The parts of a result that must not depend on row order: everything, with employers/inspectors by id. */
/** --explain as the CLI prints it (the core gives facts, the CLI layer words) */
const explain = (inp: DrawInput, r: DrawResult, id: string) => renderExplanation(explainFacts(inp, r, id));
/** the CLI layer's words for an unstaffable draw */
const words = (e: unknown) => renderUnstaffable(e as UnstaffableError);

const summary = (r: DrawResult) => ({
  assignments: r.assignments.map((a) => [a.task.id, a.employer.uscc, a.stratum, a.method, a.ticket, a.inclusionProbability, a.items.map((i) => i.id), a.team.map((i) => i.id)]),
  counts: r.counts,
  workload: r.workload,
  warnings: r.warnings,
});

const stratified = () =>
  plan({
    tasks: [
      {
        id: 'all',
        name: '不定向',
        mode: 'untargeted',
        items: ['wage', 'contract'],
        size: { ratio_per_period: 0.1 },
        stratify_by: ['region'],
        weights: { complaints: { min: 2, factor: 2 }, abnormal: 1.5 },
      },
      { id: 'build', name: '建筑业定向', mode: 'targeted', filter: { industry: ['建筑业'] }, items: ['wage'], size: { count: 5 } },
    ],
    full_coverage: { items: ['wage'] },
    exclusions: { inspected_within_days: 180 },
    team: { size: 2, max_per_inspector_per_period: 30 },
  });

const dir = directory(300, (i) => ({
  complaints: i % 7 === 0 ? 3 : 0,
  abnormal: i % 11 === 0,
  key: i % 29 === 0,
  lastInspected: i % 13 === 0 ? '2026-01-10' : null,
}));
const staff = roster(12, (i) => ({ specialties: i % 2 ? ['工资支付'] : ['劳动合同', '工资支付'], recusals: i === 3 ? [dir[5]!.uscc, dir[6]!.uscc] : [] }));

describe('property 1: reproducible', () => {
  it('gives deep-equal results for the same inputs and seed, and another draw for another seed', () => {
    const p = stratified();
    const a = draw(input(p, dir, staff));
    const b = draw(input(stratified(), directory(300, (i) => ({ complaints: i % 7 === 0 ? 3 : 0, abnormal: i % 11 === 0, key: i % 29 === 0, lastInspected: i % 13 === 0 ? '2026-01-10' : null })), staff.map((x) => ({ ...x }))));
    expect(summary(b)).toEqual(summary(a));
    const c = draw(input(p, dir, staff, { seed: 'another' }));
    expect(summary(c).assignments).not.toEqual(summary(a).assignments);
  });
});

describe('property 2: order-independent', () => {
  it('gives the same draw for any order of the directory and the roster rows', () => {
    const p = stratified();
    const base = summary(draw(input(p, dir, staff)));
    fc.assert(
      fc.property(fc.integer(), (s) => {
        let x = s;
        const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
        expect(summary(draw(input(p, shuffle(dir, rand), shuffle(staff, rand))))).toEqual(base);
      }),
      { numRuns: 25 },
    );
  });
});

describe('property 3: periods and tasks draw independently', () => {
  const p = plan({ tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage'], size: { count: 100 } }], items: [{ id: 'wage', name: 'w', basis: 'b', specialty: '工资支付' }], allow_repeat_within_year: true });
  const big = directory(1000);
  const many = roster(60);
  const drawn = (label: string, seed: string) => new Set(draw(input(p, big, many, { label, seed })).assignments.map((a) => a.employer.uscc));

  it('H1 and H2 of one seed overlap as two independent samples would (about 10 of 100 from 1,000)', () => {
    let overlap = 0;
    const seeds = 30;
    for (let s = 0; s < seeds; s++) {
      const h1 = drawn('2026H1', `seed-${s}`);
      const h2 = drawn('2026H2', `seed-${s}`);
      expect(h1).not.toEqual(h2);
      overlap += [...h1].filter((u) => h2.has(u)).length;
    }
    // expectation 10 per pair; the mean of 30 has sd ≈ 0.5
    expect(overlap / seeds).toBeGreaterThan(8);
    expect(overlap / seeds).toBeLessThan(12);
  });

  it('gives each task its own tickets, uncorrelated', () => {
    const scope = { seed: 's', planId: 'p', period: '2026H1' };
    const ua = big.map((e) => ticketUnit(ticketHex(ticketInput({ ...scope, taskId: 'a' }, e.uscc))));
    const ub = big.map((e) => ticketUnit(ticketHex(ticketInput({ ...scope, taskId: 'b' }, e.uscc))));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const ma = mean(ua);
    const mb = mean(ub);
    const cov = mean(ua.map((x, i) => (x - ma) * (ub[i]! - mb)));
    const r = cov / Math.sqrt(mean(ua.map((x) => (x - ma) ** 2)) * mean(ub.map((x) => (x - mb) ** 2)));
    expect(Math.abs(r)).toBeLessThan(0.1);
    expect(ua[0]).not.toBe(ub[0]);
  });
});

describe('property 4: exact sizes', () => {
  it('rounds half up exactly on the decimal the plan wrote', () => {
    expect(roundedShare('0.05', 30, 1)).toBe(2); // 1.5 → 2
    expect(roundedShare('0.05', 29, 1)).toBe(1); // 1.45 → 1
    expect(roundedShare('0.1', 25, 2)).toBe(1); // 1.25 → 1
    expect(roundedShare('0.1', 30, 2)).toBe(2); // 1.5 → 2
    expect(roundedShare('0.1', 3000, 2)).toBe(150);
    expect(roundedShare('0.35', 10, 1)).toBe(4); // 3.5 → 4, where 0.35*10 in floating point is 3.4999…
  });

  it('allocates by largest remainder, capped by each stratum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), fc.nat(), (eligible, k) => {
        const total = eligible.reduce((a, b) => a + b, 0);
        const n = total === 0 ? 0 : k % (total + 1);
        const q = allocate(n, eligible, eligible.map((_, i) => String(i)));
        expect(q.reduce((a, b) => a + b, 0)).toBe(n);
        q.forEach((x, i) => {
          expect(x).toBeLessThanOrEqual(eligible[i]!);
          if (total) expect(Math.abs(x - (n * eligible[i]!) / total)).toBeLessThan(1);
        });
      }),
    );
    // equal remainders: the tie-break hash decides, not the order of the strata
    expect(allocate(1, [5, 5], ['b', 'a'])).toEqual([0, 1]);
  });

  it('v1: draws exactly the quota of every stratum, and the task total is the documented target capped by eligible', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 100 }), fc.boolean(), (n, pct, weighted) => {
        const p = plan({
          tasks: [
            {
              id: 'all',
              name: 'x',
              mode: 'untargeted',
              items: ['wage', 'contract'],
              size: { ratio_per_year: pct / 100 },
              stratify_by: ['region', 'industry'],
              ...(weighted ? { weights: { complaints: { min: 1, factor: 5 } } } : {}),
            },
          ],
          exclusions: { inspected_within_days: 30 },
        });
        const emps = directory(n, (i) => ({ complaints: i % 5, lastInspected: i % 4 === 0 ? '2026-02-20' : null }));
        const r = draw(input(p, emps, roster(400), { algorithm: ALGORITHM_V1 }));
        const population = r.counts.reduce((a, c) => a + c.population, 0);
        const eligible = r.counts.reduce((a, c) => a + c.eligible, 0);
        expect(population).toBe(n);
        expect(eligible).toBe(emps.filter((_, i) => i % 4 !== 0).length);
        const target = Math.floor((pct * population) / 200 + 0.5);
        expect(r.assignments.length).toBe(Math.min(target, eligible));
        for (const c of r.counts) {
          expect(c.drawn).toBe(c.quota);
          expect(c.quota).toBeLessThanOrEqual(c.eligible);
          expect(r.assignments.filter((a) => a.stratum === c.stratum).length).toBe(c.drawn);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('puts full coverage outside the quota and excludes recent inspections and earlier draws of the year', () => {
    const p = stratified();
    const already = new Set([dir[1]!.uscc, dir[2]!.uscc]);
    const r = draw(input(p, dir, staff, { alreadyDrawn: already }));
    const full = r.assignments.filter((a) => a.method === 'full_coverage');
    expect(full.map((a) => a.employer.uscc).sort()).toEqual(dir.filter((e) => e.key).map((e) => e.uscc).sort());
    expect(full.every((a) => a.inclusionProbability === 1)).toBe(true);
    const random = r.assignments.filter((a) => a.method === 'random');
    for (const a of random) {
      expect(a.employer.key).toBe(false);
      expect(a.employer.lastInspected).toBeNull();
      expect(already.has(a.employer.uscc)).toBe(false);
    }
    // nobody twice in one draw
    expect(new Set(r.assignments.map((a) => a.employer.uscc)).size).toBe(r.assignments.length);
    // allow_repeat_within_year lets them back in
    const again = draw(input(plan({ ...stratifiedData(), allow_repeat_within_year: true }), dir, staff, { alreadyDrawn: new Set(dir.map((e) => e.uscc)) }));
    expect(again.assignments.some((a) => a.method === 'random')).toBe(true);
  });
});

function stratifiedData() {
  const p = stratified();
  return {
    tasks: p.tasks.map((t) => ({ id: t.id, name: t.name, mode: t.mode, items: t.items, size: { count: 5 }, ...(t.filter ? { filter: { industry: ['建筑业'] } } : {}) })),
  };
}

describe('order sampling helpers', () => {
  it('finds the k-th smallest without sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, min: 0, max: 1 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 }), fc.nat(), (xs, k) => {
        const kk = (k % xs.length) + 1;
        expect(kthSmallest(Float64Array.from(xs), kk)).toBe([...xs].sort((a, b) => a - b)[kk - 1]);
      }),
    );
  });
  it('makes units take-all when n·w/W reaches 1, repeatedly', () => {
    // weights 10 (×1), 4 (×1), 1 (×8): n = 3. Round 1: W = 22, 3·10/22 ≥ 1 → take-all. Round 2: n' = 2, W = 12, 2·4/12 < 1.
    const r = takeAll(3, new Map([[10, 1], [4, 1], [1, 8]]));
    expect(r).toEqual({ rest: 2, restWeight: 12, threshold: 10 });
    expect(takeAll(2, new Map([[1, 2]]))).toEqual({ rest: 0, restWeight: 0, threshold: -Infinity });
  });
});

describe('teams', () => {
  it('covers every item specialty, respects recusals, certificates, status and the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ specs: fc.subarray(['工资支付', '劳动合同', '社会保险'], { minLength: 1 }), expired: fc.boolean(), away: fc.boolean(), recuse: fc.array(fc.nat(39), { maxLength: 5 }) }), { minLength: 2, maxLength: 14 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        (rows, size, cap) => {
          const emps = directory(40);
          const staffRows = rows.map((r, i) =>
            inspector(i + 1, {
              specialties: r.specs,
              certExpiry: r.expired ? '2026-03-01' : '2027-01-01',
              status: r.away ? '休假' : '在岗',
              recusals: r.recuse.map((j) => emps[j]!.uscc),
            }),
          );
          const p = plan({
            items: [
              { id: 'wage', name: 'w', basis: 'b', specialty: '工资支付' },
              { id: 'contract', name: 'c', basis: 'b', specialty: '劳动合同' },
              { id: 'social', name: 's', basis: 'b', specialty: '社会保险', scope: ['企业'] },
            ],
            tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage', 'contract', 'social'], size: { count: 8 } }],
            team: { size, max_per_inspector_per_period: cap },
          });
          let r: DrawResult;
          try {
            r = draw(input(p, emps, staffRows));
          } catch (e) {
            expect(e).toBeInstanceOf(UnstaffableError);
            expect((e as UnstaffableError).problems.length).toBeGreaterThan(0);
            return;
          }
          const load = new Map<string, number>();
          for (const a of r.assignments) {
            expect(a.team.length).toBeGreaterThanOrEqual(size);
            expect(new Set(a.team.map((i) => i.id)).size).toBe(a.team.length);
            for (const it of a.items) expect(a.team.some((i) => i.specialties.includes(it.specialty))).toBe(true);
            for (const i of a.team) {
              expect(i.recusals).not.toContain(a.employer.uscc);
              expect(i.status).toBe('在岗');
              expect(i.certExpiry! >= '2026-03-02').toBe(true);
              load.set(i.id, (load.get(i.id) ?? 0) + 1);
            }
          }
          for (const n of load.values()) expect(n).toBeLessThanOrEqual(cap);
          expect(r.workload.max).toBeLessThanOrEqual(cap);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('avoids the home region when the plan says so', () => {
    const p = plan({ team: { size: 2, avoid_home_region: true } });
    const emps = directory(20, () => ({ region: '城关镇' }));
    const staffRows = roster(6, (i) => ({ region: i <= 3 ? '城关镇' : '南塘镇' }));
    const r = draw(input(p, emps, staffRows));
    for (const a of r.assignments) for (const i of a.team) expect(i.region).toBe('南塘镇');
  });

  it('refuses an unstaffable draw, naming each employer, the item and why', () => {
    const p = plan({ team: { size: 2, max_per_inspector_per_period: 1 } });
    const staffRows = [inspector(1, { specialties: ['工资支付'] }), inspector(2, { specialties: ['劳动合同'] }), inspector(3, { specialties: ['社会保险'], certExpiry: '2025-12-31' })];
    let err: UnstaffableError | undefined;
    try {
      draw(input(p, directory(30), staffRows));
    } catch (e) {
      err = e as UnstaffableError;
    }
    expect(err).toBeInstanceOf(UnstaffableError);
    // count 3: the first employer (in ticket order) gets both inspectors, the next two cannot be staffed
    expect(words(err).problems).toHaveLength(2);
    for (const pr of words(err).problems) {
      expect(pr.value).toMatch(/^91329901/);
      expect(pr.message).toContain(pr.value!);
      expect(pr.message).toMatch(/工资支付|劳动合同/);
      expect(pr.message).toContain('上限 1 家');
    }
    const lacking = plan({ items: [{ id: 'wage', name: '工资支付情况', basis: 'b', specialty: '无人具备' }, { id: 'contract', name: 'c', basis: 'b', specialty: '劳动合同' }] });
    try {
      draw(input(lacking, directory(5), roster(4)));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnstaffableError);
      expect(words(e).problems[0]!.message).toMatch(/工资支付情况.*无人具备.*共 0 人/);
    }
  });
});

describe('property 7: explain (v1: Pareto keys and cut-offs)', () => {
  const p = stratified();
  const inp = input(p, dir, staff, { algorithm: ALGORITHM_V1 });
  const r = draw(inp);
  it('says for a drawn employer its task, stratum, ticket, π, cut-off and team', () => {
    const a = r.assignments.find((x) => x.method === 'random' && x.task.id === 'all')!;
    const text = explain(inp, r, a.employer.uscc).join('\n');
    expect(text).toContain(a.ticket!);
    expect(text).toContain(`分层“${a.stratum}”`);
    expect(text).toContain('截止值');
    expect(text).toContain('→ 抽中');
    expect(text).toContain(a.team[0]!.name);
    expect(text).toContain(`π = ${a.inclusionProbability}`);
  });
  it('says why an eligible employer was not drawn, and why others were not eligible', () => {
    const drawnSet = new Set(r.assignments.map((a) => a.employer.uscc));
    const notDrawn = dir.find((e, i) => !drawnSet.has(e.uscc) && !e.key && e.lastInspected === null && i % 3 !== 1)!;
    const text = explain(inp, r, notDrawn.uscc).join('\n');
    expect(text).toContain('→ 未抽中');
    expect(text).toContain('> 截止值');
    expect(text).toContain('本期未列入抽查名单');
    const recent = dir.find((e) => e.lastInspected !== null && !e.key)!;
    expect(explain(inp, r, recent.uscc).join('\n')).toContain('上次检查日期 2026-01-10');
    const key = dir.find((e) => e.key)!;
    expect(explain(inp, r, key.uscc).join('\n')).toContain('重点监管对象，本期必查');
    const notBuilding = dir.find((e) => e.industry !== '建筑业' && !e.key)!;
    expect(explain(inp, r, notBuilding.uscc).join('\n')).toContain('行业应为 建筑业');
  });
  it('says why an inspector was or was not eligible', () => {
    const roster2 = [
      ...staff,
      inspector(90, { certExpiry: '2026-01-31' }),
      inspector(91, { status: '借调' }),
      inspector(92, { specialties: ['农民工工资'] }),
    ];
    const inp2 = input(p, dir, roster2, { algorithm: ALGORITHM_V1 });
    const r2 = draw(inp2);
    expect(explain(inp2, r2, 'QH090').join('\n')).toContain('已过期');
    expect(explain(inp2, r2, 'QH091').join('\n')).toContain('“借调”');
    expect(explain(inp2, r2, 'QH092').join('\n')).toContain('不具备本计划任何事项所需的专业领域');
    const recused = explain(inp2, r2, 'QH003').join('\n');
    expect(recused).toContain('须回避 2 家单位');
    expect(recused).toContain('上限 30 家');
    expect(() => explain(inp2, r2, 'nobody')).toThrow(UsageError);
    // a small cap: someone reaches it and the explanation says so
    const tight = plan({ team: { size: 2, max_per_inspector_per_period: 2 }, tasks: [{ id: 'all', name: 'x', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 5 } }] });
    const inp3 = input(tight, directory(20), roster(6));
    const r3 = draw(inp3);
    const full = r3.workload.byInspector.find(([, n]) => n === 2)![0];
    expect(explain(inp3, r3, full).join('\n')).toContain('已达每人检查上限 2 家');
  });
});

it('an employer with full coverage is never also drawn at random', () => {
  const p = stratified();
  const r = draw(input(p, [employer(0, { key: true, industry: '建筑业' }), ...directory(50).slice(1)], staff));
  expect(r.assignments.filter((a) => a.employer.uscc === employer(0).uscc).map((a) => a.method)).toEqual(['full_coverage']);
});
