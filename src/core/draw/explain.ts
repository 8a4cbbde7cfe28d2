/**
 * `--explain`: why an employer was or was not drawn, and why an inspector was or was not on a team,
 * recomputed from the same rules as the draw (draw.ts) and the counts it recorded. The result is
 * facts (codes and numbers); the CLI layer says them in zh or en, a plain sentence first.
 */
import type { Employer, Inspector } from '../records.js';
import { normaliseUscc } from '../uscc.js';
import {
  applicableItems,
  daysBetween,
  filterFailures,
  inspectedRecently,
  inspectorBars,
  isFullCoverage,
  paretoKey,
  requiredSpecialties,
  stratumOf,
  weightOf,
  type FilterFailure,
  type InspectorBar,
} from './draw.js';
import { ticketHex, ticketInput, ticketUnit } from './ticket.js';
import { ALGORITHM_V1, type DrawInput, type DrawResult, type PlanFilter, type PlanTask } from './types.js';

/** One factor of a unit's weight that applies to it (the product of the factors is the weight). */
export type WeightFactor =
  | { rule: 'complaints'; factor: number; complaints: number; min: number }
  | { rule: 'abnormal'; factor: number }
  | { rule: 'seriousViolation'; factor: number };

export type TaskReason =
  | { code: 'coveredByFull' }
  | { code: 'filterFails'; fails: (FilterFailure & { expected: PlanFilter[keyof PlanFilter] })[] }
  | { code: 'outOfScope'; type: string | null }
  | { code: 'inspectedRecently'; date: string; days: number; limit: number }
  | { code: 'alreadyDrawn' }
  | { code: 'takenEarlier'; task: string }
  | {
      code: 'eligible';
      algorithm: string;
      stratum: string;
      /** the stratum has only one name: the task is not stratified */
      stratified: boolean;
      eligible: number;
      /** how many the stratum drew this period */
      quota: number;
      /** v2: the expected number, x_h (may be fractional) */
      expected: number | null;
      /** v2 ratio_per_year: the year's target for the stratum and what earlier periods drew */
      yearTarget: number | null;
      priorDrawn: number | null;
      weighted: boolean;
      weight: number;
      factors: WeightFactor[];
      /** π of this unit; and of a weight-1 unit of the same stratum (the "ordinary" unit) */
      pi: number;
      basePi: number;
      certain: boolean;
      ticket: { input: string; hex: string; u: number };
      /** v1: the Pareto key and the stratum's cut-off */
      key: number | null;
      cutoff: number | null;
      /** v2: W′ and the certain count, for the formula */
      restWeight: number | null;
      takeAll: number;
      drawn: boolean;
    };

export interface EmployerExplanation {
  kind: 'employer';
  employer: { name: string; uscc: string; type: string | null; industry: string | null; region: string | null };
  fullCoverage: null | { task: string; status: 'not' | 'outOfScope' | 'in'; key: boolean; type: string | null };
  tasks: { task: string; reason: TaskReason }[];
  drawn: null | { task: string; items: string[]; team: { name: string; id: string }[]; specialties: string[] };
}

export interface InspectorExplanation {
  kind: 'inspector';
  inspector: { name: string; id: string; unit: string | null; specialties: string[]; certNo: string; certExpiry: string | null; status: string | null };
  asOf: string;
  bars: InspectorBar[];
  needed: string[];
  useful: string[];
  recusals: number;
  homeRegion: string | null;
  cap: number | null;
  assignments: { task: string; employer: string; uscc: string; leader: boolean }[];
}

/** The query matched nothing, or several employers by name: the CLI says so as a usage error. */
export type ExplainMiss = { kind: 'unknown'; query: string } | { kind: 'ambiguous'; query: string; matches: { name: string; uscc: string }[] };

export type Explanation = EmployerExplanation | InspectorExplanation | ExplainMiss;

/**
 * Who is meant: a 统一社会信用代码, an inspector's 工号, or an employer's name, exact or a part of it
 * that only one employer's name contains.
 */
export function explain(input: DrawInput, result: DrawResult, query: string): Explanation {
  const key = query.trim();
  const employer = input.employers.find((e) => e.uscc === normaliseUscc(key));
  if (employer) return explainEmployer(input, result, employer);
  const inspector = input.inspectors.find((i) => i.id === key);
  if (inspector) return explainInspector(input, result, inspector);
  if (key !== '') {
    const exact = input.employers.filter((e) => e.name === key);
    const found = exact.length ? exact : input.employers.filter((e) => e.name.includes(key));
    if (found.length === 1) return explainEmployer(input, result, found[0]!);
    if (found.length > 1) return { kind: 'ambiguous', query, matches: found.slice(0, 10).map((e) => ({ name: e.name, uscc: e.uscc })) };
  }
  return { kind: 'unknown', query };
}

export function weightFactors(task: PlanTask, e: Employer): WeightFactor[] {
  const w = task.weights;
  if (!w) return [];
  const out: WeightFactor[] = [];
  if (w.complaints && e.complaints >= w.complaints.min) out.push({ rule: 'complaints', factor: w.complaints.factor, complaints: e.complaints, min: w.complaints.min });
  if (w.abnormal !== null && e.abnormal) out.push({ rule: 'abnormal', factor: w.abnormal });
  if (w.seriousViolation !== null && e.seriousViolation) out.push({ rule: 'seriousViolation', factor: w.seriousViolation });
  return out;
}

function explainEmployer(input: DrawInput, result: DrawResult, e: Employer): EmployerExplanation {
  const { plan } = input;
  const version = result.algorithm;
  const itemsById = new Map(plan.items.map((it) => [it.id, it]));
  const itemsOf = (task: PlanTask) => task.items.map((i) => itemsById.get(i)!).filter(Boolean);
  const drawn = result.assignments.find((a) => a.employer.uscc === e.uscc);
  const scope = (task: PlanTask) => ({ seed: input.seed, planId: plan.id, period: input.period.label, taskId: task.id, version });
  const out: EmployerExplanation = {
    kind: 'employer',
    employer: { name: e.name, uscc: e.uscc, type: e.type, industry: e.industry, region: e.region },
    fullCoverage: null,
    tasks: [],
    drawn: null,
  };
  const fc = plan.fullCoverage;
  if (fc) {
    const status = !isFullCoverage(plan, e) ? 'not' : applicableItems(itemsOf(fc.task), e).length === 0 ? 'outOfScope' : 'in';
    out.fullCoverage = { task: fc.task.name, status, key: e.key, type: e.type };
  }
  for (const task of plan.tasks) {
    const push = (reason: TaskReason) => out.tasks.push({ task: task.name, reason });
    if (drawn && drawn.method === 'full_coverage') {
      push({ code: 'coveredByFull' });
      continue;
    }
    if (task.filter) {
      const fails = filterFailures(task.filter, e);
      if (fails.length) {
        push({ code: 'filterFails', fails: fails.map((f) => ({ ...f, expected: task.filter![f.key] })) });
        continue;
      }
    }
    if (applicableItems(itemsOf(task), e).length === 0) {
      push({ code: 'outOfScope', type: e.type });
      continue;
    }
    if (inspectedRecently(input, e)) {
      push({ code: 'inspectedRecently', date: e.lastInspected!, days: daysBetween(e.lastInspected!, input.asOf), limit: plan.exclusions.inspectedWithinDays! });
      continue;
    }
    if (!plan.allowRepeatWithinYear && input.alreadyDrawn.has(e.uscc)) {
      push({ code: 'alreadyDrawn' });
      continue;
    }
    const earlier = result.assignments.find((a) => a.employer.uscc === e.uscc && a.task.id !== task.id);
    const earlierIndex = earlier ? plan.tasks.findIndex((x) => x.id === earlier.task.id) : -1;
    if (earlier && earlierIndex < plan.tasks.indexOf(task)) {
      push({ code: 'takenEarlier', task: earlier.task.name });
      continue;
    }
    const stratum = stratumOf(task, e);
    const count = result.counts.find((c) => c.task === task.id && c.stratum === stratum);
    const tInput = ticketInput(scope(task), e.uscc);
    const hex = ticketHex(tInput);
    const u = ticketUnit(hex);
    const w = task.weights ? weightOf(task, e) : 1;
    const isDrawn = drawn?.task.id === task.id;
    let pi = 0;
    let basePi = 0;
    let certain = false;
    let key: number | null = null;
    if (version === ALGORITHM_V1) {
      if (task.weights && count) {
        certain = count.takeAllFrom !== null && w >= count.takeAllFrom;
        const rest = count.quota - count.takeAll;
        pi = certain ? 1 : count.restWeight ? (rest * w) / count.restWeight : 0;
        basePi = count.takeAllFrom !== null && 1 >= count.takeAllFrom ? 1 : count.restWeight ? rest / count.restWeight : 0;
        if (!certain) key = paretoKey(u, pi);
      } else if (count && count.eligible > 0) {
        pi = basePi = count.quota / count.eligible;
        key = u;
      }
    } else if (count) {
      const x = count.expected ?? 0;
      const rest = x - count.takeAll;
      const W = count.restWeight ?? count.eligible - count.takeAll;
      const from = count.takeAllFrom;
      certain = (from !== null && w >= from) || (count.eligible > 0 && x >= count.eligible);
      pi = certain ? 1 : W > 0 ? (rest * w) / W : 0;
      basePi = (from !== null && 1 >= from) || (count.eligible > 0 && x >= count.eligible) ? 1 : W > 0 ? rest / W : 0;
    }
    push({
      code: 'eligible',
      algorithm: version,
      stratum,
      stratified: task.stratifyBy.length > 0,
      eligible: count?.eligible ?? 0,
      quota: count?.quota ?? 0,
      expected: count?.expected ?? null,
      yearTarget: count?.yearTarget ?? null,
      priorDrawn: task.size.kind === 'ratio_per_year' && version !== ALGORITHM_V1 ? (count?.priorDrawn ?? 0) : null,
      weighted: task.weights !== null,
      weight: w,
      factors: weightFactors(task, e),
      pi: isDrawn && drawn!.inclusionProbability !== null ? drawn!.inclusionProbability : pi,
      basePi,
      certain,
      ticket: { input: tInput, hex, u },
      key,
      cutoff: version === ALGORITHM_V1 ? (count?.cutoff ?? null) : null,
      restWeight: count?.restWeight ?? null,
      takeAll: count?.takeAll ?? 0,
      drawn: isDrawn,
    });
  }
  if (drawn) {
    out.drawn = {
      task: drawn.task.name,
      items: drawn.items.map((it) => it.name),
      team: drawn.team.map((i) => ({ name: i.name, id: i.id })),
      specialties: requiredSpecialties(drawn.items),
    };
  }
  return out;
}

function explainInspector(input: DrawInput, result: DrawResult, i: Inspector): InspectorExplanation {
  const { plan } = input;
  const needed = [...new Set(plan.items.map((it) => it.specialty))];
  return {
    kind: 'inspector',
    inspector: { name: i.name, id: i.id, unit: i.unit, specialties: i.specialties, certNo: i.certNo, certExpiry: i.certExpiry, status: i.status },
    asOf: input.asOf,
    bars: inspectorBars(i, input.asOf),
    needed,
    useful: i.specialties.filter((s) => needed.includes(s)),
    recusals: i.recusals.length,
    homeRegion: plan.team.avoidHomeRegion ? i.region : null,
    cap: plan.team.maxPerInspectorPerPeriod,
    assignments: result.assignments
      .filter((a) => a.team.some((x) => x.id === i.id))
      .map((a) => ({ task: a.task.name, employer: a.employer.name, uscc: a.employer.uscc, leader: a.team[0]!.id === i.id })),
  };
}

