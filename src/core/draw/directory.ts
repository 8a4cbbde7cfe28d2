/**
 * What the selection needs of each employer, a few bytes per row: a province's directory (10^7 rows)
 * must not become 10^7 objects. `add` is called once per valid row in file order (by the streaming
 * loader, or by `draw` over an array); the row is then forgotten except for these columns, and the
 * draw asks for the Employer objects of the rows it picks (draw.ts `drawColumns`, through `fetch`).
 * Every predicate below is the one of draw.ts (matchesFilter, isFullCoverage, stratumOf, weightOf),
 * evaluated once per row instead of once per row and task pass, so the selection is the same.
 */
import type { Employer } from '../records.js';
import { matchesFilter, isFullCoverage, applicableItems, stratumOf, weightOf, addDays, MISSING_VALUE as MISSING } from './employer.js';
import { ticketKeyOf, ticketPrefix, ticketUnitOf } from './ticket.js';
import { ALGORITHM_V1, ALGORITHM_VERSION, type AlgorithmVersion, type DrawInput, type PlanItem, type PlanTask } from './types.js';
import { grown } from '../typed-arrays.js';

/**
 * Where the tickets of streamed rows are computed: without one, in line as each row is added. With
 * one (the I/O layer's worker thread for a large directory), `add` hands over the task's index, the
 * row and the USCC, and the one who took them fills `tasks[task].u[row]` with ticketUnitOf(prefix +
 * uscc) (v1), or `tasks[task].key[row]` with ticketKeyOf(prefix + uscc) (v2), before the draw reads the
 * columns. The ticket is the same; only the thread differs.
 */
export type DeferTicket = (task: number, row: number, uscc: string) => void;

/** The parts of a draw's input that rows are judged against while they stream past. */
export type DirectoryScope = Pick<DrawInput, 'plan' | 'period' | 'seed' | 'asOf' | 'alreadyDrawn' | 'algorithm'>;

// row flags (all tasks)
export const IS_FC = 1; // matches full coverage (isFullCoverage)
export const FC_CHOSEN = 2; // full coverage, with at least one applicable item: drawn by full coverage
export const RECENT = 4; // inspected within the exclusion window
export const ALREADY = 8; // drawn earlier this year and repeats are not allowed
export const TYPE_NULL = 16; // 单位类型 empty
// task flags
export const IN_FILTER = 1;
export const IN_SCOPE = 2;

/**
 * One task's columns: row → filter/scope bits, stratum (index into names), weight (index into weights),
 * and the ticket: u (v1, whose Pareto keys use its value) or the digest's first 4 bytes (v2, which only
 * orders by it: ticket.ts ticketKeyOf). The other of the two is empty.
 */
export class TaskColumns {
  flags: Uint8Array;
  stratum: Uint16Array | Uint32Array;
  weight: Uint8Array | Uint16Array;
  /** v1: the ticket's unit u, for rows that can be eligible (others hold 0) */
  u: Float64Array;
  /** v2: the first 32 bits of the ticket's digest, for rows that can be eligible (others hold 0) */
  key: Uint32Array;
  readonly names: string[] = [];
  readonly nameIndex = new Map<string, number>();
  readonly weights: number[] = [];
  readonly weightIndex = new Map<number, number>();
  readonly items: PlanItem[];
  readonly prefix: string;
  readonly single: 'region' | 'industry' | null;
  constructor(
    readonly task: PlanTask,
    items: PlanItem[],
    prefix: string,
    cap: number,
    readonly v1: boolean,
  ) {
    this.items = items;
    this.prefix = prefix;
    this.single = task.stratifyBy.length === 1 ? task.stratifyBy[0]! : null;
    this.flags = new Uint8Array(cap);
    this.stratum = new Uint16Array(cap);
    this.weight = new Uint8Array(cap);
    this.u = new Float64Array(v1 ? cap : 0);
    this.key = new Uint32Array(v1 ? 0 : cap);
  }
  grow(cap: number): void {
    this.flags = grown(this.flags, cap);
    this.stratum = grown(this.stratum, cap);
    this.weight = grown(this.weight, cap);
    if (this.v1) this.u = grown(this.u, cap);
    else this.key = grown(this.key, cap);
  }
  /** See DirectoryColumns.release. */
  release(): void {
    this.flags = new Uint8Array(0);
    this.stratum = new Uint16Array(0);
    this.weight = new Uint8Array(0);
    this.u = new Float64Array(0);
    this.key = new Uint32Array(0);
  }
  stratumIndex(name: string): number {
    let s = this.nameIndex.get(name);
    if (s === undefined) {
      s = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, s);
      if (s === 0x10000 && this.stratum instanceof Uint16Array) this.stratum = Uint32Array.from(this.stratum);
    }
    return s;
  }
  weightClass(w: number): number {
    let k = this.weightIndex.get(w);
    if (k === undefined) {
      k = this.weights.length;
      this.weights.push(w);
      this.weightIndex.set(w, k);
      if (k === 0x100 && this.weight instanceof Uint8Array) this.weight = Uint16Array.from(this.weight);
    }
    return k;
  }
}


export class DirectoryColumns {
  rows = 0;
  cap: number;
  flags: Uint8Array;
  readonly tasks: TaskColumns[];
  readonly fcItems: PlanItem[];
  readonly version: AlgorithmVersion;
  private readonly recentAfter: string | null;
  private readonly excludePrevious: boolean;
  /** set by the I/O layer before the first row, to compute tickets elsewhere */
  deferTicket: DeferTicket | null = null;
  constructor(
    readonly scope: DirectoryScope,
    capacityHint = 1024,
  ) {
    const { plan, period, seed } = scope;
    this.version = scope.algorithm ?? ALGORITHM_VERSION;
    this.cap = Math.max(16, capacityHint);
    this.flags = new Uint8Array(this.cap);
    const itemsById = new Map(plan.items.map((it) => [it.id, it]));
    const itemsOf = (task: PlanTask) => task.items.map((id) => itemsById.get(id)!).filter(Boolean);
    this.fcItems = plan.fullCoverage ? itemsOf(plan.fullCoverage.task) : [];
    this.tasks = plan.tasks.map(
      (task) => new TaskColumns(task, itemsOf(task), ticketPrefix({ seed, planId: plan.id, period: period.label, taskId: task.id, version: this.version }), this.cap, this.version === ALGORITHM_V1),
    );
    this.recentAfter = plan.exclusions.inspectedWithinDays === null ? null : addDays(scope.asOf, -plan.exclusions.inspectedWithinDays);
    this.excludePrevious = !plan.allowRepeatWithinYear;
  }

  /**
   * Lets the per-row columns go (~14 bytes a row and task): the draw calls it once its selection is
   * done, so that they are not held while the winners' rows are read and their teams made (at 10^7 rows
   * they were ~130 MB of a province's draw's peak). The columns answer nothing after.
   */
  release(): void {
    this.flags = new Uint8Array(0);
    for (const t of this.tasks) t.release();
  }

  /** Records one valid row; returns its row index (0, 1, 2 … in file order). */
  add(e: Employer): number {
    const i = this.rows;
    if (i === this.cap) {
      this.cap = Math.ceil(this.cap * 1.5);
      this.flags = grown(this.flags, this.cap);
      for (const t of this.tasks) t.grow(this.cap);
    }
    const plan = this.scope.plan;
    let f = 0;
    if (plan.fullCoverage && isFullCoverage(plan, e)) {
      f |= IS_FC;
      if (applicableItems(this.fcItems, e).length > 0) f |= FC_CHOSEN;
    }
    if (this.recentAfter !== null && e.lastInspected !== null && e.lastInspected > this.recentAfter) f |= RECENT;
    // (hashing a fresh USCC string for an empty set was ~30 ms a million rows)
    if (this.excludePrevious && this.scope.alreadyDrawn.size > 0 && this.scope.alreadyDrawn.has(e.uscc)) f |= ALREADY;
    if (e.type === null) f |= TYPE_NULL;
    this.flags[i] = f;
    for (let ti = 0; ti < this.tasks.length; ti++) {
      const t = this.tasks[ti]!;
      const task = t.task;
      let tf = 0;
      if (!task.filter || matchesFilter(task.filter, e)) tf |= IN_FILTER;
      for (const it of t.items)
        if (it.scope === null || (e.type !== null && it.scope.includes(e.type))) {
          tf |= IN_SCOPE;
          break;
        }
      t.flags[i] = tf;
      if (tf !== (IN_FILTER | IN_SCOPE)) continue;
      const sName = t.single === 'region' ? (e.region ?? MISSING) : t.single === 'industry' ? (e.industry ?? MISSING) : stratumOf(task, e);
      t.stratum[i] = t.stratumIndex(sName);
      t.weight[i] = t.weightClass(task.weights ? weightOf(task, e) : 1);
      // only a row that can be eligible needs its ticket: the others are never ordered
      if (!(f & (FC_CHOSEN | RECENT | ALREADY))) {
        if (this.deferTicket) this.deferTicket(ti, i, e.uscc);
        else if (t.v1) t.u[i] = ticketUnitOf(t.prefix + e.uscc);
        else t.key[i] = ticketKeyOf(t.prefix + e.uscc);
      }
    }
    this.rows = i + 1;
    return i;
  }
}
