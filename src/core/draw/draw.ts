/**
 * The draw: full coverage, then each task's stratified, optionally weighted order sample, then a
 * random qualified team per employer. Every random choice comes from a SHA-256 ticket (ticket.ts),
 * never from the order of the input rows, so shuffled CSVs give the same draw.
 * docs/algorithm.md is the specification of every step below.
 */
import type { Employer, Inspector } from '../records.js';
import { ticketDigest, ticketHex, ticketPrefix, ticketUnit, ticketUnitOf, teamInput, teamPrefix, startInput, stratumInput, type TicketScope } from './ticket.js';
import { selectV2, type V2Stratum } from './v2.js';
import { Winners, WINNER_BATCH, type FetchRows } from './winners.js';
import { DirectoryColumns, FC_CHOSEN, IN_TASK, IS_FC, NOT_IN_FILTER, OUT_OF_SCOPE, RECENT, ALREADY, TYPE_NULL } from './directory.js';
import { ALL_STRATUM, applicableItems } from './employer.js';
import { takeAll } from './inclusion.js';
import { appendAll, grown } from '../typed-arrays.js';
import { detached } from '../values.js';
// what explain, the tests and older callers import from here; they live in employer.ts and inclusion.ts
export { ALL_STRATUM, MISSING_VALUE, addDays, applicableItems, daysBetween, filterFailures, inspectedRecently, isFullCoverage, matchesFilter, stratumOf, weightOf, type FilterFailure } from './employer.js';
export { takeAll } from './inclusion.js';
import {
  ALGORITHM_V1,
  ALGORITHM_VERSION,
  UnstaffableError,
  type AlgorithmVersion,
  type Assignment,
  type DrawWarning,
  type StaffingFailure,
  type DrawInput,
  type DrawResult,
  type PlanItem,
  type PlanTask,
  type StratumCount,
  type TaskSize,
} from './types.js';

export const ON_DUTY = '在岗';

// ---------------------------------------------------------------- inspectors

export type InspectorBar = 'status' | 'certMissing' | 'certExpired';

/** Why an inspector may not take part in this draw at all (empty = may). */
export function inspectorBars(i: Inspector, asOf: string): InspectorBar[] {
  const out: InspectorBar[] = [];
  if (i.status !== ON_DUTY) out.push('status');
  if (i.certExpiry === null) out.push('certMissing');
  else if (i.certExpiry < asOf) out.push('certExpired');
  return out;
}

/** UTF-8 byte order: what `sort` in C locale and most languages' byte-string comparison give. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// ---------------------------------------------------------------- sizes

/** round half up of (decimal ratio × population ÷ divisor), exact: the ratio is taken as the decimal the plan wrote. */
export function roundedShare(ratioText: string, population: number, divisor: number): number {
  const [int, frac = ''] = ratioText.split('.');
  const num = BigInt((int ?? '0') + frac);
  const den = 10n ** BigInt(frac.length);
  const d = BigInt(divisor);
  return Number((2n * num * BigInt(population) + den * d) / (2n * den * d));
}

/** The task's target for this period before the cap by eligible employers. */
export function targetSize(size: TaskSize, population: number, perYear: number): number {
  switch (size.kind) {
    case 'ratio_per_period':
      return roundedShare(size.text, population, 1);
    case 'ratio_per_year':
      return roundedShare(size.text, population, perYear);
    case 'count':
      return size.count;
    case 'all':
      return population;
  }
}

/**
 * Hamilton (largest remainder) allocation of n over strata proportional to their eligible counts:
 * floor(n·E_h/E) each, then one more to the largest remainders; equal remainders are ordered by the
 * stratum tie-break hash (ascending hex). Exact integer arithmetic. Never exceeds E_h since n ≤ E.
 */
export function allocate(n: number, eligible: readonly number[], tieHex: readonly string[]): number[] {
  const total = eligible.reduce((a, b) => a + b, 0);
  if (total === 0 || n === 0) return eligible.map(() => 0);
  const quota = eligible.map((e) => Math.floor((n * e) / total));
  const rem = eligible.map((e) => (n * e) % total);
  let left = n - quota.reduce((a, b) => a + b, 0);
  const order = eligible.map((_, i) => i).sort((a, b) => rem[b]! - rem[a]! || (tieHex[a]! < tieHex[b]! ? -1 : tieHex[a]! > tieHex[b]! ? 1 : 0));
  for (const i of order) {
    if (left === 0) break;
    if (quota[i]! < eligible[i]!) {
      quota[i]!++;
      left--;
    }
  }
  return quota;
}

/** Σ count × weight over the distinct weights in ascending order: the same bits whatever the row order. */
export function weightSum(weightCounts: ReadonlyMap<number, number>): number {
  let W = 0;
  for (const w of [...weightCounts.keys()].sort((a, b) => a - b)) W += weightCounts.get(w)! * w;
  return W;
}

/** Pareto order-sampling key: (u/(1−u)) / (π/(1−π)); smaller keys are drawn. */
export function paretoKey(u: number, pi: number): number {
  return u / (1 - u) / (pi / (1 - pi));
}

/** The k-th smallest (1-based) value of arr, by quickselect on a copy: O(n), no full sort. */
export function kthSmallest(src: Float64Array, k: number): number {
  const a = Float64Array.from(src);
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot: the keys come from SHA-256, no one can craft a bad order
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

// ---------------------------------------------------------------- the draw

export interface Chosen {
  task: PlanTask;
  employer: Employer;
  stratum: string;
  method: 'random' | 'full_coverage';
  ticket: string;
  pi: number;
}

export type { FetchRows } from './winners.js';

/** What a caller may do at points of a draw; none of it changes the draw. */
export interface DrawHooks {
  /**
   * Called once the winners are picked and the directory's columns let go, before the winners' rows
   * are read: the I/O layer collects garbage there for a province's directory, whose columns V8 would
   * otherwise keep until it next marks (which may be after the draw's peak, or never).
   */
  afterSelection?: () => void;
  /**
   * Hashes the winners' tickets elsewhere (the I/O layer's second thread) while their rows are read:
   * called once with the winners' count and what their inputs start with; null (or no hook) hashes
   * them here. The bytes hashed are those of docs/algorithm.md §1 and §6 either way.
   */
  winnerTickets?: (request: WinnerTicketRequest) => WinnerTickets | null;
}

/** What the winners' ticket inputs are made of, per task (an index into the prefixes). */
export interface WinnerTicketRequest {
  count: number;
  /** ticketPrefix of each task: a winner's ticket input is prefix + USCC */
  prefixes: readonly string[];
  /** teamPrefix of each task: team ticket j of a winner is SHA-256 of teamPrefix + USCC + '|' + j */
  teamPrefixes: readonly string[];
  /** team tickets j = 0 … picks−1 are made for each winner (a team needs more only for uncovered specialties) */
  picks: number;
  /** where winner k's digest goes (32 bytes at k·32) and u of its team ticket j (at k·picks + j) */
  digest: Buffer;
  team: Float64Array;
}

/**
 * Winner tickets hashed elsewhere: `add` each winner once, then `collect` them all. What is done may
 * be put into the request's digest and team as winners are added (so that it is not held twice).
 */
export interface WinnerTickets {
  add(k: number, task: number, uscc: string): void;
  /** Waits for every winner added: each is in the request's digest and team after it. */
  collect(): void;
  /** Lets the helper go (also when the draw failed). */
  close(): void;
}

/** The draw over a directory held as an array (tests, small callers): the same path as a streamed one. */
export function draw(input: DrawInput): DrawResult {
  const dir = new DirectoryColumns(input, input.employers.length);
  for (const e of input.employers) dir.add(e);
  return drawColumns(input, dir, (rows) => rows.map((i) => input.employers[i]!));
}


/**
 * The draw over a directory's columns (directory.ts): selection works on row indices and typed
 * arrays, and only the rows it picks become Employer objects, through `fetch`. The columns must have
 * been built with this input's plan, period, seed, as-of, already-drawn set and algorithm; the draw
 * consumes them (DirectoryColumns.release once the selection is done).
 */
export function drawColumns(input: Omit<DrawInput, 'employers'>, dir: DirectoryColumns, fetch: FetchRows, hooks: DrawHooks = {}): DrawResult {
  const { plan, period, seed } = input;
  const version: AlgorithmVersion = input.algorithm ?? ALGORITHM_VERSION;
  if (version !== dir.version) throw new Error('drawColumns: the columns were built for another algorithm');
  const v1 = version === ALGORITHM_V1;
  const itemsById = new Map(plan.items.map((it) => [it.id, it]));
  const taskItems = (task: PlanTask) => task.items.map((id) => itemsById.get(id)!).filter(Boolean);
  const scopeOf = (task: PlanTask): TicketScope => ({ seed, planId: plan.id, period: period.label, taskId: task.id, version });
  const warnings: DrawWarning[] = [];
  const prior = new Map<string, number>();
  for (const d of input.priorDrawn ?? []) prior.set(`${d.task}|${d.stratum}`, (prior.get(`${d.task}|${d.stratum}`) ?? 0) + d.drawn);
  const winners = new Winners(fetch);
  const counts: StratumCount[] = [];
  const fc = plan.fullCoverage;
  // the selection runs in a function of its own: once it returns, nothing of its per-row arrays
  // (the task's members, the taken column, the columns it read) is held by this frame
  const select = (): void => {
    const rows = dir.rows;
    const flags = dir.flags;
    /** rows already in this draw: full coverage, or an earlier task */
    const taken = new Uint8Array(rows);

    // 1. Full coverage: every matching employer that at least one of its items applies to.
    if (fc) {
      let n = 0;
      let outOfScope = 0;
      for (let i = 0; i < rows; i++) {
        const f = flags[i]!;
        if (!(f & IS_FC)) continue;
        if (!(f & FC_CHOSEN)) {
          outOfScope++;
          continue;
        }
        n++;
        taken[i] = 1;
        winners.add(fc.task, 'full_coverage', i, ALL_STRATUM, 1);
      }
      counts.push({ task: fc.task.id, stratum: ALL_STRATUM, population: n, eligible: n, quota: 0, drawn: 0, fullCoverage: n, cutoff: null, takeAll: 0, restWeight: null, takeAllFrom: null });
      if (outOfScope) warnings.push({ code: 'draw.full_coverage.out_of_scope', count: outOfScope });
    }

    // 2. Each random task in plan order.
    for (const tc of dir.tasks) {
      const task = tc.task;
      const scope = scopeOf(task);
      const prefix = tc.prefix;
      const cells = tc.cell;
      /** a cell's raw (column) stratum index and weight class: cellStratum[cell - IN_TASK], cellWeight[cell - IN_TASK] */
      const cellStratum = Int32Array.from(tc.pairStratum);
      const cellWeight = Int32Array.from(tc.pairWeight);
      const classOf = (j: number) => cellWeight[cells[j]! - IN_TASK]!;
      const weights = tc.weights;
      const us = tc.u;
      /** the task's stratum index of each raw (column) stratum index, in order of first appearance in the population */
      const compact = new Int32Array(tc.names.length).fill(-1);
      const names: string[] = [];
      const population: number[] = [];
      /** v2: per stratum and weight class, how many of its population have that weight (s_h is summed from it, see v2.ts) */
      const classes = weights.length;
      let popClass = new Float64Array(classes * 16);
      let popTotal = 0;
      let typeMissing = 0;
      const eligible: number[] = [];
      const wOf = (j: number) => weights[classOf(j)]!;
      let count = 0;
      for (let i = 0; i < rows; i++) {
        const cell = cells[i]!;
        if (cell === NOT_IN_FILTER) continue;
        const f = flags[i]!;
        if (fc !== null && f & IS_FC && taken[i]) continue;
        if (cell === OUT_OF_SCOPE) {
          if (f & TYPE_NULL) typeMissing++;
          continue;
        }
        const raw = cellStratum[cell - IN_TASK]!;
        let s = compact[raw]!;
        if (s === -1) {
          s = compact[raw] = names.length;
          names.push(tc.names[raw]!);
          population.push(0);
          eligible.push(0);
          if ((s + 1) * classes > popClass.length) popClass = grown(popClass, popClass.length * 2);
        }
        population[s]!++;
        popClass[s * classes + cellWeight[cell - IN_TASK]!]!++;
        popTotal++;
        if (f & (RECENT | ALREADY) || taken[i]) continue;
        eligible[s]!++;
        count++;
      }
      if (typeMissing) warnings.push({ code: 'draw.task.type.missing', task: task.name, count: typeMissing });
      const popWeights = names.map((_, s) => {
        const m = new Map<number, number>();
        for (let c = 0; c < classes; c++) if (popClass[s * classes + c]) m.set(weights[c]!, popClass[s * classes + c]!);
        return m;
      });
      const eligibleTotal = count;
      const tie = names.map((s) => ticketHex(stratumInput(scope, s)));

      // member rows per stratum, by counting sort (file order within a stratum): a second pass asks what
      // the first did, rather than keeping each row's stratum in a column as long as the directory (40 MB at 10^7 rows)
      const start = new Int32Array(names.length + 1);
      for (let s = 0; s < names.length; s++) start[s + 1] = start[s]! + eligible[s]!;
      const fill = start.slice(0, names.length);
      const order = new Int32Array(count);
      for (let i = 0; i < rows; i++) {
        const cell = cells[i]!;
        if (cell < IN_TASK || flags[i]! & (RECENT | ALREADY) || taken[i]) continue;
        order[fill[compact[cellStratum[cell - IN_TASK]!]!]!++] = i;
      }

      if (!v1) {
        const strataV2: V2Stratum[] = names.map((sName, s) => ({
          name: sName,
          tieHex: tie[s]!,
          population: population[s]!,
          size: weightSum(popWeights[s]!),
          prior: prior.get(`${task.id}|${sName}`) ?? 0,
          members: order.subarray(start[s]!, start[s + 1]!),
        }));
        // the columns keep a v2 ticket's first 32 bits: units whose bits are equal are ordered by their full tickets, their rows read again
        const hexesOf = (js: readonly number[]) => fetch(js, { lines: false }).map((e) => ticketHex(prefix + e.uscc));
        const units = { key: tc.key, w: wOf, hexesOf, weightClass: classOf, classWeights: weights };
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
          for (let x = 0; x < r.picked.length; x++) {
            const j = r.picked.j(x);
            taken[j] = 1;
            winners.add(task, 'random', j, sName, r.picked.pi(x));
          }
        });
        if (eligibleTotal === 0) warnings.push({ code: 'draw.task.none_eligible', task: task.name });
        taskCounts.sort((a, b) => cmp(a.stratum, b.stratum));
        appendAll(counts, taskCounts);
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
        for (const j of mem) weightCounts.set(wOf(j), (weightCounts.get(wOf(j)) ?? 0) + 1);
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
          const pi = (j: number) => (wOf(j) >= ta.threshold ? 1 : (nRest * wOf(j)) / restWeight);
          piOf = pi;
          const notTaken: number[] = [];
          for (const j of mem) {
            if (wOf(j) >= ta.threshold) picked.push(j);
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
          const tied = ties.length ? fetch(ties) : [];
          ties
            .map((j, k) => ({ j, hex: ticketHex(prefix + tied[k]!.uscc) }))
            .sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0))
            .slice(0, need)
            .forEach((t) => picked.push(t.j));
          sc.cutoff = cut;
        }
        sc.drawn = picked.length;
        for (const j of picked) {
          taken[j] = 1;
          winners.add(task, 'random', j, sName, piOf(j));
        }
      });
      if (eligibleTotal === 0) warnings.push({ code: 'draw.task.none_eligible', task: task.name });
      taskCounts.sort((a, b) => cmp(a.stratum, b.stratum));
      appendAll(counts, taskCounts);
    }
  };
  select();
  // the selection is done: its per-row columns go before the winners' rows are read (the caller's
  // columns answer nothing after this; a draw consumes them)
  dir.release();
  hooks.afterSelection?.();
  // Only now are rows read again: the picked ones, in file order a batch at a time, each reduced to
  // what the teams and the outputs need (winners.ts); no Employer object outlives its batch.
  winners.seal();
  const n = winners.count;
  const prefixes = winners.tasks.map((t) => ticketPrefix(scopeOf(t)));
  /** per task, the item set of each unit type (null: 单位类型 empty) */
  const byType = winners.tasks.map(() => new Map<string | null, number>());
  const teamItems: PlanItem[][] = [];
  const digest = winners.digest;
  const picks = plan.team.size;
  let teamTickets: Float64Array | null = hooks.winnerTickets && n > 0 ? new Float64Array(n * picks) : null;
  const elsewhere = teamTickets && (hooks.winnerTickets?.({ count: n, prefixes, teamPrefixes: winners.tasks.map((t) => teamPrefix(scopeOf(t))), picks, digest, team: teamTickets }) ?? null);
  if (!elsewhere) teamTickets = null;
  function readWinners(): void {
    const byRow = inRowOrder(winners.row, n);
    for (let b = 0; b < n; b += WINNER_BATCH) {
      const ks = byRow.subarray(b, Math.min(n, b + WINNER_BATCH));
      // the winners keep no line (a failure to staff fetches its rows again, with lines)
      const employers = fetch(Array.from(ks, (k) => winners.row[k]!), { lines: false });
      for (let x = 0; x < ks.length; x++) {
        const k = ks[x]!;
        const e = employers[x]!;
        const t = winners.task[k]!;
        winners.uscc[k] = detachedCode(e.uscc);
        // the ticket's digest as bytes (a latin1 string is the cheapest form a digest comes back in)
        if (elsewhere) elsewhere.add(k, t, e.uscc);
        else digest.write(ticketDigest(prefixes[t]! + e.uscc), k * 32, 32, 'latin1');
        winners.setRow(k, e);
        // the items that apply depend on the task and the unit type only: one shared list per pair
        let set = byType[t]!.get(e.type);
        if (set === undefined) {
          set = winners.itemSets.length;
          const task = winners.tasks[t]!;
          winners.itemSets.push(applicableItems(taskItems(task), e));
          teamItems.push(applicableItems(task.items.map((id) => itemsById.get(id)!), e));
          byType[t]!.set(e.type, set);
        }
        winners.items[k] = set;
      }
    }
  }
  // with a helper thread, its hashing overlaps the reading of the rows
  try {
    readWinners();
    elsewhere?.collect();
  } finally {
    elsewhere?.close();
  }

  // 3. Teams.
  const units: TeamUnits = {
    count: n,
    compareTickets: (a, b) => winners.compareTickets(a, b),
    task: (k) => winners.tasks[winners.task[k]!]!,
    uscc: (k) => winners.uscc[k]!,
    region: (k) => winners.regionOf(k),
    items: (k) => teamItems[winners.items[k]!]!,
    employers: (ks) => fetch(ks.map((k) => winners.row[k]!)),
    teamTickets: teamTickets ? { picks, u: teamTickets } : undefined,
  };
  const staffed = assignTeamsCompact(input, units, version);
  // the result's closures share this scope: what only the teams needed must not live as long as the result
  teamTickets = null;
  units.teamTickets = undefined;
  if (staffed.failures.length) throw new UnstaffableError(staffed.failures);
  winners.teamStart = staffed.start;
  winners.teamMembers = staffed.members;
  winners.inspectors = staffed.eligibleInspectors;

  const taskOrder = new Map<string, number>();
  if (fc) taskOrder.set(fc.task.id, -1);
  plan.tasks.forEach((t, i) => taskOrder.set(t.id, i));
  const rankOf = winners.tasks.map((t) => taskOrder.get(t.id)!);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort(
    (a, b) =>
      rankOf[winners.task[a]!]! - rankOf[winners.task[b]!]! ||
      cmp(winners.strata[winners.stratum[a]!]!, winners.strata[winners.stratum[b]!]!) ||
      winners.compareTickets(a, b) ||
      a - b,
  );
  winners.order = order;

  const byInspector: [string, number][] = staffed.eligibleInspectors.map((i) => [i.id, staffed.load.get(i.id) ?? 0]);
  let min = byInspector.length ? Infinity : 0;
  let max = 0;
  for (const [, c] of byInspector) {
    min = Math.min(min, c);
    max = Math.max(max, c);
  }
  const barred = input.inspectors.length - staffed.eligibleInspectors.length;
  if (barred) warnings.push({ code: 'draw.inspectors.barred', count: barred, total: input.inspectors.length });
  let assignments: Assignment[] | null = null;
  const result: DrawResult = {
    algorithm: version,
    // whole assignments only for those who ask (--explain, .xlsx, tests): the outputs stream `winners`
    get assignments(): Assignment[] {
      return (assignments ??= winners.assignments(order));
    },
    counts,
    workload: { min, max, byInspector },
    warnings,
  };
  // not enumerable: a result compares, prints and serialises as the assignments it stands for
  Object.defineProperty(result, 'winners', { value: winners, enumerable: false });
  return result;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The winners k = 0 … n−1 in ascending order of their (distinct) rows: one numeric sort of row·2^b + k
 * where it fits in a double's 53 bits (always, below 2^26 rows and winners), else a comparator sort.
 */
function inRowOrder(row: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  const b = Math.max(1, Math.ceil(Math.log2(n + 1)));
  let most = 0;
  for (let k = 0; k < n; k++) most = Math.max(most, row[k]!);
  if (most * 2 ** b + n < 2 ** 53) {
    const key = new Float64Array(n);
    for (let k = 0; k < n; k++) key[k] = row[k]! * 2 ** b + k;
    key.sort();
    for (let x = 0; x < n; x++) out[x] = key[x]! % 2 ** b;
    return out;
  }
  for (let k = 0; k < n; k++) out[k] = k;
  return out.sort((a, c) => row[a]! - row[c]! || a - c);
}


/**
 * detached for an 18-character USCC, as a flat string of its own rather than a view into a copy:
 * the winners' codes are sorted for the ledger and compared and written for the lists, and a view
 * costs every one of those an indirection (a cold sort of 50,000 codes: 85 ms as views, 27 ms flat).
 */
const detachedCode = (s: string): string =>
  s.length !== 18
    ? detached(s)
    : String.fromCharCode(
        s.charCodeAt(0), s.charCodeAt(1), s.charCodeAt(2), s.charCodeAt(3), s.charCodeAt(4), s.charCodeAt(5),
        s.charCodeAt(6), s.charCodeAt(7), s.charCodeAt(8), s.charCodeAt(9), s.charCodeAt(10), s.charCodeAt(11),
        s.charCodeAt(12), s.charCodeAt(13), s.charCodeAt(14), s.charCodeAt(15), s.charCodeAt(16), s.charCodeAt(17),
      );

/** The specialties a team must cover: those of the items, distinct, in item order. */
export function requiredSpecialties(items: readonly PlanItem[]): string[] {
  return [...new Set(items.map((it) => it.specialty))];
}

/**
 * Team assignment. Employers are processed in ascending ticket order (so no row order matters).
 * For each: candidates = eligible inspectors (在岗, certificate valid on as-of), not recused, not from the
 * employer's region when avoid_home_region, under the cap; sorted by UTF-8 bytes of 工号. Pick j uses u_j
 * of team ticket j: index floor(u_j × pool size), where the pool is the candidates not yet in the team,
 * restricted to those holding a still-uncovered specialty while any is uncovered, and then to those of
 * them with the smallest workload so far (so work spreads evenly and scarce specialists are not used up
 * as ordinary members). Stop when the team has
 * `size` members and covers every specialty (so a team grows beyond `size` only when its items need it).
 *
 * Implementation (not part of the specification; the result is the same as a scan of the whole roster,
 * which test/unit/draw-teams-diff.test.ts checks against such a scan): inspectors are bits of
 * Uint32Array bitsets in 工号 order, so bit order is pool order. One bitset per workload level holds the
 * inspectors with that load, and a linked list runs through the non-empty levels in ascending order; one
 * bitset per specialty holds its holders, one per region its residents. Per specialty the draw also
 * counts its holders on each level and keeps the lowest level one of them is on, so a pick that needs a
 * specialty starts there (the levels below hold no candidate for it). The common pick (at most one
 * specialty still uncovered, and up to FEW_BLOCKED inspectors blocked: recusals, the team so far, a
 * small home region) sizes a level's pool as its count less its blocked members, and reads only that
 * level's words to find the pick; any other pick ANDs "holds an uncovered specialty and is not blocked"
 * with the levels from the lowest up. With 5,000 inspectors a level is ~160 words: the common pick reads
 * about half of one level instead of building and scanning several (1M bench draw: 1.03 → 0.25 s).
 * Any number of specialties works (one bitset each).
 */
export function assignTeams(input: Omit<DrawInput, 'employers'>, chosen: Chosen[], itemsById: Map<string, PlanItem>, version: AlgorithmVersion = ALGORITHM_V1) {
  const r = assignTeamsCompact(
    input,
    {
      count: chosen.length,
      compareTickets: (a, b) => cmp(chosen[a]!.ticket, chosen[b]!.ticket),
      task: (k) => chosen[k]!.task,
      uscc: (k) => chosen[k]!.employer.uscc,
      region: (k) => chosen[k]!.employer.region,
      items: (k) => applicableItems(chosen[k]!.task.items.map((id) => itemsById.get(id)!), chosen[k]!.employer),
      employers: (ks) => ks.map((k) => chosen[k]!.employer),
    },
    version,
  );
  const teams: Inspector[][] = chosen.map((_, k) => Array.from(r.members.subarray(r.start[k]!, r.start[k + 1]!), (x) => r.eligibleInspectors[x]!));
  return { teams, load: r.load, failures: r.failures, eligibleInspectors: r.eligibleInspectors };
}

/** What team assignment needs of each employer to staff, by index (Chosen objects, or winners.ts columns). */
export interface TeamUnits {
  count: number;
  /** the order of two employers' tickets (of their hex digits in code-point order) */
  compareTickets(a: number, b: number): number;
  task(k: number): PlanTask;
  uscc(k: number): string;
  region(k: number): string | null;
  /** the task's items that apply to the employer */
  items(k: number): PlanItem[];
  /** whole employers, for the few a failure names */
  employers(ks: number[]): Employer[];
  /** team tickets made beforehand: u of employer k's ticket j (j < picks) at k·picks + j; the others are hashed here */
  teamTickets?: { picks: number; u: Float64Array };
}

/**
 * assignTeams over TeamUnits: employer k's team is members[start[k] … start[k+1]) (indices into
 * eligibleInspectors), empty for an employer that could not be staffed (listed in failures).
 */
export function assignTeamsCompact(input: Omit<DrawInput, 'employers'>, units: TeamUnits, version: AlgorithmVersion = ALGORITHM_V1) {
  const { plan, period, seed } = input;
  const eligibleInspectors = input.inspectors.filter((i) => inspectorBars(i, input.asOf).length === 0).sort((a, b) => compareUtf8(a.id, b.id));
  const K = eligibleInspectors.length;
  const W = (K + 31) >>> 5;
  const cap = plan.team.maxPerInspectorPerPeriod ?? Infinity;
  const loads = new Int32Array(K);
  const setBit = (bits: Uint32Array, x: number) => (bits[x >>> 5]! |= 1 << (x & 31));
  // specialties by index: who holds each, and which each inspector holds
  const specialtyIndex = new Map<string, number>();
  const holders: Uint32Array[] = [];
  const specialtiesOf: number[][] = [];
  const residents = new Map<string, Uint32Array>();
  const residentList = new Map<string, number[]>();
  eligibleInspectors.forEach((i, x) => {
    const mine: number[] = [];
    for (const sp of i.specialties) {
      let s = specialtyIndex.get(sp);
      if (s === undefined) {
        s = holders.length;
        specialtyIndex.set(sp, s);
        holders.push(new Uint32Array(W));
      }
      if (!mine.includes(s)) mine.push(s);
      setBit(holders[s]!, x);
    }
    specialtiesOf.push(mine);
    if (i.region !== null) {
      let bits = residents.get(i.region);
      if (!bits) {
        residents.set(i.region, (bits = new Uint32Array(W)));
        residentList.set(i.region, []);
      }
      setBit(bits, x);
      residentList.get(i.region)!.push(x);
    }
  });
  // per specialty: how many of its holders are at each workload level, and the lowest level one is at
  // (levels below it hold no candidate for a pick that needs only specialties whose lowest is higher)
  const holdersAt: number[][] = holders.map(() => [0]);
  const lowestHolder = new Int32Array(holders.length);
  for (const mine of specialtiesOf) for (const s of mine) holdersAt[s]![0]!++;
  // workload levels: members[L] = inspectors with load L; next/prev link the non-empty levels upwards
  const members: Uint32Array[] = [];
  const count: number[] = [];
  const next: number[] = [];
  const prev: number[] = [];
  let lowest = -1;
  if (K > 0) {
    members[0] = new Uint32Array(W);
    for (let x = 0; x < K; x++) setBit(members[0], x);
    count[0] = K;
    next[0] = -1;
    prev[0] = -1;
    lowest = 0;
  }
  const raiseLoad = (x: number) => {
    const L = loads[x]!;
    const H = L + 1;
    if (!count[H]) {
      // H becomes non-empty: link it right after L, which is non-empty (x is in it)
      members[H] ??= new Uint32Array(W);
      count[H] = 0;
      next[H] = next[L]!;
      prev[H] = L;
      if (next[L]! !== -1) prev[next[L]!] = H;
      next[L] = H;
    }
    setBit(members[H]!, x);
    count[H]!++;
    members[L]![x >>> 5]! &= ~(1 << (x & 31));
    if (--count[L]! === 0) {
      if (prev[L]! !== -1) next[prev[L]!] = next[L]!;
      else lowest = next[L]!;
      if (next[L]! !== -1) prev[next[L]!] = prev[L]!;
    }
    loads[x] = H;
    for (const s of specialtiesOf[x]!) {
      const at = holdersAt[s]!;
      at[H] = (at[H] ?? 0) + 1;
      // x is at H now: when L empties of holders, H is their lowest level
      if (--at[L]! === 0 && lowestHolder[s] === L) lowestHolder[s] = H;
    }
  };
  const recusedBy = new Map<string, number[]>();
  eligibleInspectors.forEach((i, k) => {
    for (const u of i.recusals) {
      const list = recusedBy.get(u);
      if (list) list.push(k);
      else recusedBy.set(u, [k]);
    }
  });
  /** the specialties an employer's items need (names, and their indices; −1: no eligible inspector holds it), by item list */
  const needs = new WeakMap<PlanItem[], { names: string[]; index: Int32Array }>();
  const needOf = (items: PlanItem[]) => {
    let need = needs.get(items);
    if (need === undefined) {
      const names = requiredSpecialties(items);
      need = { names, index: Int32Array.from(names, (sp) => specialtyIndex.get(sp) ?? -1) };
      needs.set(items, need);
    }
    return need;
  };
  const scopes = new Map<PlanTask, TicketScope>();
  const failures: StaffingFailure[] = [];
  /** the employer each failure is about, filled in from whole rows once all are known */
  const failed: number[] = [];
  const n = units.count;
  // teams in the order they are made (by ticket), typed: 500,000 small arrays were ~40 MB of old-space garbage
  let made = new Int32Array(Math.max(16, n * plan.team.size));
  let madeLength = 0;
  const madeAt = new Int32Array(n).fill(-1);
  const madeSize = new Uint16Array(n);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => units.compareTickets(a, b) || a - b);
  const blocked = new Uint32Array(W); // recused, home region or already in the team
  const open = new Uint32Array(W); // holding an uncovered specialty while any is uncovered
  const avoidHome = plan.team.avoidHomeRegion;
  const teamSize = plan.team.size;
  const beforehand = units.teamTickets ?? null;
  let covered = new Uint8Array(8);
  let uncovered = new Int32Array(8);
  const team: number[] = [];
  /** the blocked inspectors as a list while there are few (else `wide`: only the bitset is complete) */
  const blockedList = new Int32Array(FEW_BLOCKED);
  let nBlocked = 0;
  let wide = false;
  const block = (x: number) => {
    if (blocked[x >>> 5]! & (1 << (x & 31))) return;
    setBit(blocked, x);
    if (wide) return;
    if (nBlocked < FEW_BLOCKED) blockedList[nBlocked++] = x;
    else wide = true;
  };
  for (const k of order) {
    const task = units.task(k);
    const uscc = units.uscc(k);
    const region = units.region(k);
    const items = units.items(k);
    const need = needOf(items);
    const needCount = need.names.length;
    if (covered.length < needCount) {
      covered = new Uint8Array(needCount);
      uncovered = new Int32Array(needCount);
    }
    covered.fill(0);
    // blocked: cleared from the last employer, then its home region and recusals
    if (wide) blocked.fill(0);
    else for (let q = 0; q < nBlocked; q++) blocked[blockedList[q]! >>> 5] = 0;
    nBlocked = 0;
    wide = false;
    if (avoidHome && region !== null) {
      const home = residents.get(region);
      if (home !== undefined) {
        const list = residentList.get(region)!;
        if (list.length > FEW_BLOCKED) {
          blocked.set(home);
          wide = true;
        } else for (const x of list) block(x);
      }
    }
    if (recusedBy.size) for (const r of recusedBy.get(uscc) ?? []) block(r);
    team.length = 0;
    let scope = scopes.get(task);
    if (scope === undefined) scopes.set(task, (scope = { seed, planId: plan.id, period: period.label, taskId: task.id, version }));
    let failure: StaffingFailure | null = null;
    for (let pick = 0; ; pick++) {
      let open0 = 0; // uncovered specialties, as positions in need
      for (let p = 0; p < needCount; p++) if (!covered[p]) uncovered[open0++] = p;
      if (team.length >= teamSize && open0 === 0) break;
      // the pool: the candidates of the lowest workload level that has any (levels at the cap are closed)
      let size = 0;
      let level: Uint32Array | null = null;
      let within: Uint32Array | null = null;
      if (!wide && open0 <= 1) {
        // at most one specialty to cover and a few blocked: a level's pool size is its count (of holders)
        // less its blocked members, and only the chosen level's words are read, to find the pick
        const s = open0 ? need.index[uncovered[0]!]! : -1;
        if (open0 === 0 || s >= 0) {
          const at = s >= 0 ? holdersAt[s]! : null;
          const held = s >= 0 ? holders[s]! : null;
          for (let L = s >= 0 ? lowestHolder[s]! : lowest; L !== -1 && L < cap; L = next[L]!) {
            size = at ? (at[L] ?? 0) : count[L]!;
            for (let q = 0; q < nBlocked; q++) {
              const b = blockedList[q]!;
              if (loads[b] === L && (held === null || held[b >>> 5]! & (1 << (b & 31)))) size--;
            }
            if (size > 0) {
              level = members[L]!;
              within = held;
              break;
            }
          }
        }
      } else {
        // the lowest level that can hold a candidate
        let from = lowest;
        if (open0) {
          from = -1;
          open.fill(0);
          for (let q = 0; q < open0; q++) {
            const s = need.index[uncovered[q]!]!;
            if (s < 0) continue;
            const bits = holders[s]!;
            for (let w = 0; w < W; w++) open[w]! |= bits[w]!;
            if (from === -1 || lowestHolder[s]! < from) from = lowestHolder[s]!;
          }
        } else open.fill(-1);
        for (let L = from; L !== -1 && L < cap; L = next[L]!) {
          const bits = members[L]!;
          size = 0;
          for (let w = 0; w < W; w++) size += popcount(bits[w]! & open[w]! & ~blocked[w]!);
          if (size) {
            level = bits;
            within = open;
            break;
          }
        }
      }
      if (level === null) {
        const names = Array.from(uncovered.subarray(0, open0), (p) => need.names[p]!);
        const lacking = items.filter((it) => names.includes(it.specialty));
        failure = {
          employer: { name: '', uscc, line: 0 },
          task: task.name,
          items: lacking.map((it) => it.name),
          specialties: names,
          size: teamSize,
          have: team.length,
          why: whyNone(input, eligibleInspectors, names.length ? names : null, { uscc, region }, loadMap(eligibleInspectors, loads), cap),
        };
        break;
      }
      // ticketUnit(ticketHex(…)) from the digest's bytes: the same 52 bits, no hex string
      const x = beforehand !== null && pick < beforehand.picks ? beforehand.u[k * beforehand.picks + pick]! : ticketUnitOf(teamInput(scope, uscc, pick));
      const one = nthBit(level, within, blocked, Math.floor(x * size), size);
      team.push(one);
      block(one);
      for (let p = 0; p < needCount; p++) {
        const s = need.index[p]!;
        if (s >= 0 && holders[s]![one >>> 5]! & (1 << (one & 31))) covered[p] = 1;
      }
    }
    if (failure !== null) {
      failures.push(failure);
      failed.push(k);
      continue;
    }
    for (const x of team) raiseLoad(x);
    if (madeLength + team.length > made.length) made = grown(made, Math.ceil((madeLength + team.length) * 1.5));
    madeAt[k] = madeLength;
    madeSize[k] = team.length;
    for (const x of team) made[madeLength++] = x;
  }
  if (failed.length) {
    const whole = units.employers(failed);
    failures.forEach((f, x) => (f.employer = { name: whole[x]!.name, uscc: whole[x]!.uscc, line: whole[x]!.line }));
  }
  const start = new Int32Array(n + 1);
  const flat = new Int32Array(madeLength);
  for (let k = 0, at = 0; k < n; k++) {
    start[k] = at;
    if (madeAt[k]! >= 0) for (let x = 0; x < madeSize[k]!; x++) flat[at++] = made[madeAt[k]! + x]!;
  }
  start[n] = madeLength;
  return { start, members: flat, load: loadMap(eligibleInspectors, loads), failures, eligibleInspectors };
}

/** Blocked inspectors kept as a list up to this many (recusals, the team, a small home region). */
const FEW_BLOCKED = 64;

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The index of the r-th (0-based) of the `size` bits set in a, in b (null: every bit) and not in
 * blocked, counting from bit 0 of word 0; from the last word down when r lies in the upper half.
 */
function nthBit(a: Uint32Array, b: Uint32Array | null, blocked: Uint32Array, r: number, size: number): number {
  if (r * 2 >= size) {
    // the r-th from the start is the (size − 1 − r)-th from the end
    let q = size - 1 - r;
    for (let w = a.length - 1; w >= 0; w--) {
      let v = (a[w]! & (b === null ? -1 : b[w]!) & ~blocked[w]!) >>> 0;
      const n = popcount(v);
      if (q >= n) {
        q -= n;
        continue;
      }
      for (; q > 0; q--) v &= ~(1 << (31 - Math.clz32(v)));
      return (w << 5) + 31 - Math.clz32(v);
    }
    throw new Error('nthBit: fewer bits than counted');
  }
  for (let w = 0; w < a.length; w++) {
    let v = (a[w]! & (b === null ? -1 : b[w]!) & ~blocked[w]!) >>> 0;
    const n = popcount(v);
    if (r >= n) {
      r -= n;
      continue;
    }
    for (; r > 0; r--) v &= v - 1;
    return (w << 5) + 31 - Math.clz32(v & -v);
  }
  throw new Error('nthBit: fewer bits than counted');
}

function loadMap(inspectors: Inspector[], loads: Int32Array): Map<string, number> {
  return new Map(inspectors.map((i, k) => [i.id, loads[k]!]));
}

/** Counts that say why no inspector was left: how many hold the specialty, and how many were ruled out by what. */
function whyNone(input: Omit<DrawInput, 'employers'>, eligible: Inspector[], specialties: string[] | null, e: Pick<Employer, 'uscc' | 'region'>, load: Map<string, number>, cap: number): StaffingFailure['why'] {
  const holds = (i: Inspector) => specialties === null || i.specialties.some((s) => specialties.includes(s));
  const holders = input.inspectors.filter(holds);
  const onDuty = eligible.filter(holds);
  const recused = onDuty.filter((i) => i.recusals.includes(e.uscc)).length;
  const home = input.plan.team.avoidHomeRegion ? onDuty.filter((i) => i.region !== null && i.region === e.region).length : 0;
  const full = onDuty.filter((i) => (load.get(i.id) ?? 0) >= cap).length;
  return { bySpecialty: specialties !== null, holders: holders.length, barred: holders.length - onDuty.length, recused, home, full, cap: cap === Infinity ? null : cap };
}
