/**
 * Team assignment is specified as a scan of the whole eligible roster per pick (docs/algorithm.md);
 * src/core/draw/draw.ts computes it with workload-level bitsets. This differential test keeps the scan
 * (the code assignTeams had before the bitsets, verbatim apart from names) as the reference and checks
 * that both give the same teams, in the same order, the same workloads and the same problems, over random
 * small rosters and plans with recusals, workload caps, home-region avoidance, expired certificates,
 * inspectors off duty, item scopes, rosters crossing 32-bit word boundaries, and more blocked inspectors
 * (home region, recusals) than draw.ts keeps as a list.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Problem } from '../../src/errors.js';
import { m } from '../../src/i18n/index.js';
import type { Employer, Inspector, UnitType } from '../../src/core/records.js';
import { renderUnstaffable } from '../../src/commands/shared/draw-explain.js';
import { UnstaffableError, type StaffingFailure } from '../../src/core/draw/types.js';
import { applicableItems, assignTeams, compareUtf8, inspectorBars, requiredSpecialties, type Chosen } from '../../src/core/draw/draw.js';
import { ticketHex, ticketUnit, teamInput, type TicketScope } from '../../src/core/draw/ticket.js';
import type { DrawInput, Plan, PlanItem, PlanTask } from '../../src/core/draw/types.js';
import { employer, inspector } from './draw.support.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ------------------------------------------------------------ the reference: one roster scan per pick

function referenceAssignTeams(input: DrawInput, chosen: Chosen[], itemsById: Map<string, PlanItem>) {
  const { plan, period, seed } = input;
  const eligibleInspectors = input.inspectors.filter((i) => inspectorBars(i, input.asOf).length === 0).sort((a, b) => compareUtf8(a.id, b.id));
  const K = eligibleInspectors.length;
  const cap = plan.team.maxPerInspectorPerPeriod ?? Infinity;
  const loads = new Int32Array(K);
  const specs = eligibleInspectors.map((i) => new Set(i.specialties));
  const regions = eligibleInspectors.map((i) => i.region);
  const recusedBy = new Map<string, number[]>();
  eligibleInspectors.forEach((i, k) => {
    for (const u of i.recusals) {
      const list = recusedBy.get(u);
      if (list) list.push(k);
      else recusedBy.set(u, [k]);
    }
  });
  const problems: Problem[] = [];
  const teams: Inspector[][] = new Array(chosen.length);
  const order = chosen.map((_, k) => k).sort((a, b) => cmp(chosen[a]!.ticket, chosen[b]!.ticket));
  const u = m().draw.unstaffable;
  const blocked = new Uint8Array(K);
  const pool = new Int32Array(K);
  const avoidHome = plan.team.avoidHomeRegion;
  for (const k of order) {
    const c = chosen[k]!;
    const e = c.employer;
    const items = applicableItems(c.task.items.map((id) => itemsById.get(id)!), e);
    const need = requiredSpecialties(items);
    blocked.fill(0);
    for (const r of recusedBy.get(e.uscc) ?? []) blocked[r] = 1;
    if (avoidHome && e.region !== null) for (let x = 0; x < K; x++) if (regions[x] === e.region) blocked[x] = 1;
    const team: number[] = [];
    const covered = new Set<string>();
    const scope: TicketScope = { seed, planId: plan.id, period: period.label, taskId: c.task.id };
    let failure: string | null = null;
    for (let pick = 0; ; pick++) {
      const uncovered = need.filter((sp) => !covered.has(sp));
      if (team.length >= plan.team.size && uncovered.length === 0) break;
      let size = 0;
      let least = Infinity;
      for (let x = 0; x < K; x++) {
        if (blocked[x] || loads[x]! >= cap) continue;
        if (uncovered.length) {
          let has = false;
          for (const sp of uncovered) if (specs[x]!.has(sp)) has = true;
          if (!has) continue;
        }
        const l = loads[x]!;
        if (l < least) {
          least = l;
          size = 0;
        }
        if (l === least) pool[size++] = x;
      }
      if (size === 0) {
        if (uncovered.length) {
          const lacking = items.filter((it) => uncovered.includes(it.specialty));
          failure = u.noSpecialist(
            lacking.map((it) => it.name),
            uncovered,
            whyNone(input, eligibleInspectors, uncovered, e, loadMap(eligibleInspectors, loads), cap),
          );
        } else failure = u.tooFew(plan.team.size, team.length, whyNone(input, eligibleInspectors, null, e, loadMap(eligibleInspectors, loads), cap));
        break;
      }
      const x = ticketUnit(ticketHex(teamInput(scope, e.uscc, pick)));
      const one = pool[Math.floor(x * size)]!;
      team.push(one);
      blocked[one] = 1;
      for (const sp of eligibleInspectors[one]!.specialties) covered.add(sp);
    }
    if (failure !== null) {
      problems.push({ line: e.line, value: e.uscc, message: u.employer(e.name, e.uscc, c.task.name, failure) });
      teams[k] = [];
      continue;
    }
    for (const x of team) loads[x]!++;
    teams[k] = team.map((x) => eligibleInspectors[x]!);
  }
  return { teams, load: loadMap(eligibleInspectors, loads), problems, eligibleInspectors };
}

function loadMap(inspectors: Inspector[], loads: Int32Array): Map<string, number> {
  return new Map(inspectors.map((i, k) => [i.id, loads[k]!]));
}

function whyNone(input: DrawInput, eligible: Inspector[], specialties: string[] | null, e: Employer, load: Map<string, number>, cap: number): string {
  const holds = (i: Inspector) => specialties === null || i.specialties.some((s) => specialties.includes(s));
  const holders = input.inspectors.filter(holds);
  const onDuty = eligible.filter(holds);
  const recused = onDuty.filter((i) => i.recusals.includes(e.uscc)).length;
  const home = input.plan.team.avoidHomeRegion ? onDuty.filter((i) => i.region !== null && i.region === e.region).length : 0;
  const full = onDuty.filter((i) => (load.get(i.id) ?? 0) >= cap).length;
  return m().draw.unstaffable.why(specialties !== null, holders.length, holders.length - onDuty.length, recused, home, full, cap === Infinity ? null : cap);
}

// ------------------------------------------------------------ random cases

const REGIONS = ['城关镇', '东城街道', '西城街道'];
const ASOF = '2026-03-01';

interface Case {
  input: DrawInput;
  chosen: Chosen[];
  itemsById: Map<string, PlanItem>;
}

const hex64 = fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 }).map((a) => a.join(''));

function caseArb(maxSpecialties: number, maxInspectors: number, regions: readonly string[] = REGIONS, maxChosen = 40, minInspectors = 0, minChosen = 0): fc.Arbitrary<Case> {
  return fc
    .record({
      nSpec: fc.integer({ min: 1, max: maxSpecialties }),
      nEmployers: fc.integer({ min: 1, max: 12 }),
      seed: fc.string({ maxLength: 6 }),
      size: fc.integer({ min: 1, max: 3 }),
      cap: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 2 }),
      avoidHome: fc.boolean(),
    })
    .chain((g) =>
      fc.record({
        g: fc.constant(g),
        items: fc.array(
          fc.record({ spec: fc.integer({ min: 0, max: g.nSpec - 1 }), scoped: fc.boolean() }),
          { minLength: 1, maxLength: 5 },
        ),
        employers: fc.array(
          fc.record({ region: fc.option(fc.constantFrom(...regions), { freq: 5 }), type: fc.constantFrom<UnitType>('企业', '个体工商户') }),
          { minLength: g.nEmployers, maxLength: g.nEmployers },
        ),
        inspectors: fc.array(
          fc.record({
            id: fc.oneof(fc.integer({ min: 0, max: 999 }).map((n) => `QH${n}`), fc.constantFrom('甲1', '乙2', 'qh7', 'QH', 'Ａ3')),
            specs: fc.uniqueArray(fc.integer({ min: 0, max: g.nSpec + 1 }), { maxLength: 4 }),
            region: fc.option(fc.constantFrom(...regions), { freq: 3 }),
            status: fc.constantFrom('在岗', '在岗', '在岗', '在岗', '休假'),
            certExpiry: fc.constantFrom<string | null>('2029-12-31', '2029-12-31', '2029-12-31', '2026-03-01', '2026-02-28', null),
            recusals: fc.uniqueArray(fc.integer({ min: 0, max: g.nEmployers - 1 }), { maxLength: 2 }),
          }),
          { minLength: minInspectors, maxLength: maxInspectors },
        ),
        chosen: fc.array(fc.record({ emp: fc.integer({ min: 0, max: g.nEmployers - 1 }), task: fc.integer({ min: 0, max: 1 }), ticket: hex64 }), {
          minLength: minChosen,
          maxLength: maxChosen,
        }),
        taskItems: fc.array(fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 2 }),
      }),
    )
    .map(({ g, items, employers, inspectors, chosen, taskItems }) => {
      const spec = (s: number) => `专业${s}`;
      const planItems: PlanItem[] = items.map((it, i) => ({
        id: `item${i}`,
        name: `事项${i}`,
        basis: '依据',
        specialty: spec(it.spec),
        scope: it.scoped ? ['企业'] : null,
      }));
      const tasks: PlanTask[] = taskItems.map((ix, t) => ({
        id: `task${t}`,
        name: `任务${t}`,
        mode: 'untargeted',
        filter: null,
        items: [...new Set(ix.map((i) => planItems[i % planItems.length]!.id))],
        size: { kind: 'count', count: 1 },
        stratifyBy: [],
        weights: null,
      }));
      const dir = employers.map((e, i) => employer(i, { region: e.region, type: e.type }));
      const seen = new Set<string>();
      const roster = inspectors
        // a repeated 工号 becomes a new one (dropping repeats kept large rosters small)
        .map((i, n) => ({ ...i, id: seen.has(i.id) ? `${i.id}-${n}` : (seen.add(i.id), i.id) }))
        .map((i, n) =>
          inspector(n + 1, {
            id: i.id,
            specialties: i.specs.map(spec),
            region: i.region,
            status: i.status,
            certExpiry: i.certExpiry,
            recusals: i.recusals.map((r) => dir[r]!.uscc),
          }),
        );
      const plan: Plan = {
        id: 'diff-plan',
        office: '测试县人力资源和社会保障局',
        year: 2026,
        frequency: 2,
        items: planItems,
        tasks,
        fullCoverage: null,
        exclusions: { inspectedWithinDays: null },
        team: { size: g.size, maxPerInspectorPerPeriod: g.cap, avoidHomeRegion: g.avoidHome },
        allowRepeatWithinYear: false,
      };
      const input: DrawInput = {
        plan,
        period: { label: '2026H1', year: 2026, index: 1, perYear: 2, start: '2026-01-01', end: '2026-06-30' },
        seed: g.seed,
        asOf: ASOF,
        employers: dir,
        inspectors: roster,
        alreadyDrawn: new Set(),
      };
      const picks: Chosen[] = chosen.map((c) => ({
        task: tasks[c.task]!,
        employer: dir[c.emp]!,
        stratum: '全部',
        method: 'random',
        ticket: c.ticket,
        pi: 0.5,
      }));
      return { input, chosen: picks, itemsById: new Map(planItems.map((it) => [it.id, it])) };
    });
}

function outcome(r: { teams: Inspector[][]; load: Map<string, number>; eligibleInspectors: Inspector[] } & ({ problems: Problem[] } | { failures: StaffingFailure[] })) {
  return {
    teams: r.teams.map((t) => t.map((i) => i.id)),
    load: [...r.load],
    // the core gives facts; the CLI layer's words for them are what the reference built inline
    problems: 'problems' in r ? r.problems : renderUnstaffable(new UnstaffableError(r.failures)).problems,
    eligible: r.eligibleInspectors.map((i) => i.id),
  };
}

function agrees(c: Case) {
  const got = outcome(assignTeams(c.input, c.chosen, c.itemsById));
  const want = outcome(referenceAssignTeams(c.input, c.chosen, c.itemsById));
  expect(got).toEqual(want);
}

describe('team assignment: bitsets agree with the roster scan of the specification', () => {
  it('small rosters and plans (recusals, caps, home region, expired certificates, off duty)', () => {
    fc.assert(fc.property(caseArb(5, 12), agrees), { numRuns: 400 });
  });

  it('rosters across 32-bit word boundaries and more than 32 specialties', () => {
    fc.assert(fc.property(caseArb(40, 90), agrees), { numRuns: 120 });
  });

  it('large home regions and many recusals (more blocked inspectors than the blocked list holds), long runs of levels', () => {
    // one region: ~3/4 of a roster of 250-320 live in it; each employer is recused by ~1/6 of the roster
    fc.assert(fc.property(caseArb(3, 320, ['城关镇'], 120, 250, 60), agrees), { numRuns: 25 });
  });

  it('the workload levels move: three interchangeable inspectors share six employers two each', () => {
    // an absolute check beside the differential ones: a level list that failed to advance loads
    // (or advanced them for failed teams) would give uneven counts
    const c = fc.sample(caseArb(1, 3), { numRuns: 1, seed: 7 })[0]!;
    const roster = [1, 2, 3].map((n) => inspector(n, { specialties: ['专业0'] }));
    const input = { ...c.input, inspectors: roster, plan: { ...c.input.plan, team: { size: 1, maxPerInspectorPerPeriod: null, avoidHomeRegion: false } } };
    const items: PlanItem[] = [{ id: 'i', name: '事项', basis: '', specialty: '专业0', scope: null }];
    const task: PlanTask = { ...c.input.plan.tasks[0]!, items: ['i'] };
    const chosen: Chosen[] = Array.from({ length: 6 }, (_, k) => ({
      task,
      employer: employer(k),
      stratum: '全部',
      method: 'random',
      ticket: String(k).padStart(64, '0'),
      pi: 1,
    }));
    const r = assignTeams(input, chosen, new Map(items.map((it) => [it.id, it])));
    // each of the three inspectors gets exactly two of the six employers
    expect([...r.load.values()]).toEqual([2, 2, 2]);
  });
});
