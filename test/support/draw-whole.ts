/**
 * The draw as it was before the directory streamed (commit 05a8879, verbatim but for imports and the
 * weights handed to selectV2 as a function): every
 * employer an object in one array. Kept only here, as the reference the streaming path is compared
 * against (test/unit/directory-stream.test.ts).
 */
import type { Employer } from '../../src/core/records.js';
import { ticketHex, ticketPrefix, ticketUnit, stratumInput, startInput, type TicketScope } from '../../src/core/draw/ticket.js';
import { selectV2, type V2Stratum } from '../../src/core/draw/v2.js';
import {
  ALL_STRATUM,
  addDays,
  allocate,
  applicableItems,
  assignTeams,
  isFullCoverage,
  kthSmallest,
  matchesFilter,
  MISSING_VALUE,
  paretoKey,
  stratumOf,
  takeAll,
  targetSize,
  weightOf,
  weightSum,
  type Chosen,
} from '../../src/core/draw/draw.js';
import {
  ALGORITHM_V1,
  ALGORITHM_VERSION,
  UnstaffableError,
  type AlgorithmVersion,
  type Assignment,
  type DrawWarning,
  type DrawInput,
  type DrawResult,
  type PlanTask,
  type StratumCount,
} from '../../src/core/draw/types.js';

export function drawWhole(input: DrawInput): DrawResult {
  const { plan, period, seed, employers } = input;
  const version: AlgorithmVersion = input.algorithm ?? ALGORITHM_VERSION;
  const v1 = version === ALGORITHM_V1;
  const itemsById = new Map(plan.items.map((it) => [it.id, it]));
  const taskItems = (task: PlanTask) => task.items.map((id) => itemsById.get(id)!).filter(Boolean);
  const scopeOf = (task: PlanTask): TicketScope => ({ seed, planId: plan.id, period: period.label, taskId: task.id, version });
  const warnings: DrawWarning[] = [];
  const prior = new Map<string, number>();
  for (const d of input.priorDrawn ?? []) prior.set(`${d.task}|${d.stratum}`, (prior.get(`${d.task}|${d.stratum}`) ?? 0) + d.drawn);
  const chosen: Chosen[] = [];
  const counts: StratumCount[] = [];
  /** employers already in this draw: full coverage, or an earlier task */
  const taken = new Set<string>();

  // 1. Full coverage: every matching employer that at least one of its items applies to.
  const fc = plan.fullCoverage;
  if (fc) {
    const items = taskItems(fc.task);
    const prefix = ticketPrefix(scopeOf(fc.task));
    let n = 0;
    let outOfScope = 0;
    for (const e of employers) {
      if (!isFullCoverage(plan, e)) continue;
      if (applicableItems(items, e).length === 0) {
        outOfScope++;
        continue;
      }
      n++;
      taken.add(e.uscc);
      chosen.push({ task: fc.task, employer: e, stratum: ALL_STRATUM, method: 'full_coverage', ticket: ticketHex(prefix + e.uscc), pi: 1 });
    }
    counts.push({ task: fc.task.id, stratum: ALL_STRATUM, population: n, eligible: n, quota: 0, drawn: 0, fullCoverage: n, cutoff: null, takeAll: 0, restWeight: null, takeAllFrom: null });
    if (outOfScope) warnings.push({ code: 'draw.full_coverage.out_of_scope', count: outOfScope });
  }

  // 2. Each random task in plan order.
  const excludePrevious = !plan.allowRepeatWithinYear;
  const fcTaken = (e: Employer) => fc !== null && isFullCoverage(plan, e) && taken.has(e.uscc);
  // last inspected after this date = fewer than N days before as-of (ISO dates compare as strings)
  const recentAfter = plan.exclusions.inspectedWithinDays === null ? null : addDays(input.asOf, -plan.exclusions.inspectedWithinDays);
  for (const task of plan.tasks) {
    const items = taskItems(task);
    const scope = scopeOf(task);
    const prefix = ticketPrefix(scope);
    const strata = new Map<string, number>();
    const population: number[] = [];
    /** v2: per stratum, how many of its population have each weight (s_h is summed from it, see v2.ts) */
    const popWeights: Map<number, number>[] = [];
    let popTotal = 0;
    let typeMissing = 0;
    // eligible employers as parallel typed arrays (index into employers, stratum, u, weight): a million
    // rows cost 24 MB here and no per-row objects
    const rows = employers.length;
    const idx = new Int32Array(rows);
    const str = new Int32Array(rows);
    const us = new Float64Array(rows);
    const ws = new Float64Array(rows);
    let count = 0;
    const single = task.stratifyBy.length === 1 ? task.stratifyBy[0]! : null;
    for (let i = 0; i < employers.length; i++) {
      const e = employers[i]!;
      if (task.filter && !matchesFilter(task.filter, e)) continue;
      if (fcTaken(e)) continue;
      let inScope = false;
      for (const it of items)
        if (it.scope === null || (e.type !== null && it.scope.includes(e.type))) {
          inScope = true;
          break;
        }
      if (!inScope) {
        if (e.type === null) typeMissing++;
        continue;
      }
      const sName = single === 'region' ? (e.region ?? MISSING_VALUE) : single === 'industry' ? (e.industry ?? MISSING_VALUE) : stratumOf(task, e);
      let s = strata.get(sName);
      if (s === undefined) {
        s = strata.size;
        strata.set(sName, s);
        population.push(0);
        popWeights.push(new Map());
      }
      population[s]!++;
      if (!v1) {
        const wt = task.weights ? weightOf(task, e) : 1;
        popWeights[s]!.set(wt, (popWeights[s]!.get(wt) ?? 0) + 1);
      }
      popTotal++;
      if (recentAfter !== null && e.lastInspected !== null && e.lastInspected > recentAfter) continue;
      if (excludePrevious && input.alreadyDrawn.has(e.uscc)) continue;
      if (taken.has(e.uscc)) continue;
      idx[count] = i;
      str[count] = s;
      us[count] = ticketUnit(ticketHex(prefix + e.uscc));
      ws[count] = task.weights ? weightOf(task, e) : 1;
      count++;
    }
    if (typeMissing) warnings.push({ code: 'draw.task.type.missing', task: task.name, count: typeMissing });
    const names = [...strata.keys()];
    const eligible = names.map(() => 0);
    for (let j = 0; j < count; j++) eligible[str[j]!]!++;
    const eligibleTotal = count;
    const tie = names.map((s) => ticketHex(stratumInput(scope, s)));

    // members per stratum, by counting sort
    const start = new Int32Array(names.length + 1);
    for (let s = 0; s < names.length; s++) start[s + 1] = start[s]! + eligible[s]!;
    const fill = start.slice(0, names.length);
    const order = new Int32Array(count);
    for (let j = 0; j < count; j++) order[fill[str[j]!]!++] = j;

    if (!v1) {
      const strataV2: V2Stratum[] = names.map((sName, s) => ({
        name: sName,
        tieHex: tie[s]!,
        population: population[s]!,
        size: weightSum(popWeights[s]!),
        prior: prior.get(`${task.id}|${sName}`) ?? 0,
        members: order.subarray(start[s]!, start[s + 1]!),
      }));
      const units = { key: us, w: (j: number) => ws[j]!, hexesOf: (js: readonly number[]) => js.map((j) => ticketHex(prefix + employers[idx[j]!]!.uscc)) };
      const sel = selectV2(task.size, popTotal, period, strataV2, units, ticketUnit(ticketHex(startInput(scope))));
      if (sel.target > eligibleTotal) warnings.push({ code: 'draw.task.capped', task: task.name, target: sel.target, eligible: eligibleTotal });
      const taskCounts: StratumCount[] = [];
      sel.strata.forEach((r, s) => {
        const sName = names[s]!;
        taskCounts.push({
          task: task.id,
          stratum: sName,
          population: population[s]!,
          eligible: eligible[s]!,
          quota: r.picked.length,
          drawn: r.picked.length,
          fullCoverage: 0,
          cutoff: null,
          takeAll: r.takeAll,
          restWeight: task.weights ? r.restWeight : null,
          takeAllFrom: task.weights ? r.takeAllFrom : null,
          expected: r.expected,
          priorDrawn: strataV2[s]!.prior,
          yearTarget: r.yearTarget,
        });
        for (const { j, pi } of r.picked) {
          const e = employers[idx[j]!]!;
          taken.add(e.uscc);
          chosen.push({ task, employer: e, stratum: sName, method: 'random', ticket: ticketHex(prefix + e.uscc), pi });
        }
      });
      if (eligibleTotal === 0) warnings.push({ code: 'draw.task.none_eligible', task: task.name });
      taskCounts.sort((a, b) => cmp(a.stratum, b.stratum));
      counts.push(...taskCounts);
      continue;
    }

    const target = targetSize(task.size, popTotal, period.perYear);
    const n = Math.min(target, eligibleTotal);
    if (target > eligibleTotal) warnings.push({ code: 'draw.task.capped', task: task.name, target, eligible: eligibleTotal });
    const quotas = allocate(n, eligible, tie);

    const taskCounts: StratumCount[] = [];
    names.forEach((sName, s) => {
      const q = quotas[s]!;
      const mem = order.subarray(start[s]!, start[s + 1]!);
      const sc: StratumCount = { task: task.id, stratum: sName, population: population[s]!, eligible: eligible[s]!, quota: q, drawn: 0, fullCoverage: 0, cutoff: null, takeAll: 0, restWeight: null, takeAllFrom: null };
      taskCounts.push(sc);
      if (q === 0) return;
      // π and keys
      const weightCounts = new Map<number, number>();
      for (const j of mem) weightCounts.set(ws[j]!, (weightCounts.get(ws[j]!) ?? 0) + 1);
      const picked: number[] = [];
      let rest: ArrayLike<number> = mem;
      let keyOf: (j: number) => number = (j) => us[j]!;
      let piOf: (j: number) => number = () => q / mem.length;
      let nRest = q;
      if (task.weights) {
        const ta = takeAll(q, weightCounts);
        nRest = ta.rest;
        const restWeight = ta.restWeight;
        sc.restWeight = restWeight;
        sc.takeAllFrom = Number.isFinite(ta.threshold) ? ta.threshold : ta.threshold === -Infinity ? 0 : null;
        sc.takeAll = q - nRest;
        const pi = (j: number) => (ws[j]! >= ta.threshold ? 1 : (nRest * ws[j]!) / restWeight);
        piOf = pi;
        const notTaken: number[] = [];
        for (const j of mem) {
          if (ws[j]! >= ta.threshold) picked.push(j);
          else notTaken.push(j);
        }
        rest = notTaken;
        keyOf = (j) => paretoKey(us[j]!, pi(j));
      }
      if (nRest > 0) {
        const keys = new Float64Array(rest.length);
        for (let k = 0; k < rest.length; k++) keys[k] = keyOf(rest[k]!);
        const cut = kthSmallest(keys, nRest);
        const ties: number[] = [];
        for (let k = 0; k < rest.length; k++) {
          if (keys[k]! < cut) picked.push(rest[k]!);
          else if (keys[k] === cut) ties.push(rest[k]!);
        }
        // equal keys (practically never): ascending ticket hex
        const need = q - picked.length;
        ties
          .map((j) => ({ j, hex: ticketHex(prefix + employers[idx[j]!]!.uscc) }))
          .sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0))
          .slice(0, need)
          .forEach((t) => picked.push(t.j));
        sc.cutoff = cut;
      }
      sc.drawn = picked.length;
      for (const j of picked) {
        const e = employers[idx[j]!]!;
        taken.add(e.uscc);
        chosen.push({ task, employer: e, stratum: sName, method: 'random', ticket: ticketHex(prefix + e.uscc), pi: piOf(j) });
      }
    });
    if (eligibleTotal === 0) warnings.push({ code: 'draw.task.none_eligible', task: task.name });
    taskCounts.sort((a, b) => cmp(a.stratum, b.stratum));
    counts.push(...taskCounts);
  }

  // 3. Teams.
  const { teams, load, failures, eligibleInspectors } = assignTeams(input, chosen, itemsById, version);
  if (failures.length) throw new UnstaffableError(failures);

  const taskOrder = new Map<string, number>();
  if (fc) taskOrder.set(fc.task.id, -1);
  plan.tasks.forEach((t, i) => taskOrder.set(t.id, i));
  const assignments: Assignment[] = chosen.map((c, k) => ({
    task: c.task,
    items: applicableItems(taskItems(c.task), c.employer),
    employer: c.employer,
    stratum: c.stratum,
    method: c.method,
    ticket: c.ticket,
    inclusionProbability: c.pi,
    team: teams[k]!,
  }));
  assignments.sort(
    (a, b) => taskOrder.get(a.task.id)! - taskOrder.get(b.task.id)! || cmp(a.stratum, b.stratum) || cmp(a.ticket!, b.ticket!),
  );

  const byInspector: [string, number][] = eligibleInspectors.map((i) => [i.id, load.get(i.id) ?? 0]);
  let min = byInspector.length ? Infinity : 0;
  let max = 0;
  for (const [, n] of byInspector) {
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  const barred = input.inspectors.length - eligibleInspectors.length;
  if (barred) warnings.push({ code: 'draw.inspectors.barred', count: barred, total: input.inspectors.length });
  return {
    algorithm: version,
    assignments,
    counts,
    workload: { min, max, byInspector },
    warnings,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
