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
import { ticketPrefix, ticketUnitOf } from './ticket.js';
import { ALGORITHM_VERSION, type AlgorithmVersion, type DrawInput, type PlanItem, type PlanTask } from './types.js';
import { grown } from '../typed-arrays.js';

/**
 * Where the tickets of streamed rows are computed: without one, in line as each row is added. With
 * one (the I/O layer's worker thread for a large directory), `add` hands over the task's index, the
 * row and the USCC, and the one who took them fills `tasks[task].u[row]` with ticketUnitOf(prefix +
 * uscc) before the draw reads the columns. The ticket is the same; only the thread differs.
 */
export type DeferTicket = (task: number, row: number, uscc: string) => void;
/** DeferTicket for a USCC given as its 18 ASCII bytes code[at … at+18) (read only during the call) */
export type DeferTicketBytes = (task: number, row: number, code: Uint8Array, at: number) => void;

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

/** One task's columns: row → filter/scope bits, stratum (index into names), weight (index into weights), u. */
export class TaskColumns {
  flags: Uint8Array;
  stratum: Uint16Array | Uint32Array;
  weight: Uint8Array | Uint16Array;
  /** the ticket's unit u, for rows that can be eligible (others hold 0) */
  u: Float64Array;
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
  ) {
    this.items = items;
    this.prefix = prefix;
    this.single = task.stratifyBy.length === 1 ? task.stratifyBy[0]! : null;
    this.flags = new Uint8Array(cap);
    this.stratum = new Uint16Array(cap);
    this.weight = new Uint8Array(cap);
    this.u = new Float64Array(cap);
  }
  grow(cap: number): void {
    this.flags = grown(this.flags, cap);
    this.stratum = grown(this.stratum, cap);
    this.weight = grown(this.weight, cap);
    this.u = grown(this.u, cap);
  }
  /** See DirectoryColumns.release. */
  release(): void {
    this.flags = new Uint8Array(0);
    this.stratum = new Uint16Array(0);
    this.weight = new Uint8Array(0);
    this.u = new Float64Array(0);
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
  deferTicketBytes: DeferTicketBytes | null = null;
  /**
   * What add computes from a row's fields but its USCC and last inspection, by profile (see profile):
   * row flags, and per task its flags, stratum and weight class. Profile 0 is add's own scratch.
   */
  private profiles = 1;
  private pFlags = new Uint8Array(64);
  private readonly pTasks: { flags: Uint8Array; stratum: Int32Array; weight: Int32Array }[];
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
      (task) => new TaskColumns(task, itemsOf(task), ticketPrefix({ seed, planId: plan.id, period: period.label, taskId: task.id, version: this.version }), this.cap),
    );
    this.pTasks = this.tasks.map(() => ({ flags: new Uint8Array(64), stratum: new Int32Array(64), weight: new Int32Array(64) }));
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
    this.judge(0, e);
    return this.place(0, e.lastInspected, e.uscc, null, 0);
  }

  /**
   * Judges a row for every row that agrees with it in judgedFields(plan) (employer.ts): returns the
   * profile that addProfiled takes for each of them. Called on a profile's first row, in its place
   * in file order (strata and weight classes are numbered in the order rows first show them).
   */
  profile(e: Employer): number {
    const p = this.profiles++;
    if (p === this.pFlags.length) {
      this.pFlags = grown(this.pFlags, p * 2);
      for (const pt of this.pTasks) {
        pt.flags = grown(pt.flags, p * 2);
        pt.stratum = grown(pt.stratum, p * 2);
        pt.weight = grown(pt.weight, p * 2);
      }
    }
    this.judge(p, e);
    return p;
  }

  /** add() for a row of a profile: its last inspection and its USCC, the 18 bytes code[at … at+18) */
  addProfiled(p: number, lastInspected: string | null, code: Uint8Array, at: number): number {
    return this.place(p, lastInspected, null, code, at);
  }

  /** What add computes from the fields judgedFields names, into profile p (0: add's own). */
  private judge(p: number, e: Employer): void {
    const plan = this.scope.plan;
    let f = 0;
    if (plan.fullCoverage && isFullCoverage(plan, e)) {
      f |= IS_FC;
      if (applicableItems(this.fcItems, e).length > 0) f |= FC_CHOSEN;
    }
    if (e.type === null) f |= TYPE_NULL;
    this.pFlags[p] = f;
    for (let ti = 0; ti < this.tasks.length; ti++) {
      const t = this.tasks[ti]!;
      const pt = this.pTasks[ti]!;
      const task = t.task;
      let tf = 0;
      if (!task.filter || matchesFilter(task.filter, e)) tf |= IN_FILTER;
      for (const it of t.items)
        if (it.scope === null || (e.type !== null && it.scope.includes(e.type))) {
          tf |= IN_SCOPE;
          break;
        }
      pt.flags[p] = tf;
      if (tf !== (IN_FILTER | IN_SCOPE)) continue;
      const sName = t.single === 'region' ? (e.region ?? MISSING) : t.single === 'industry' ? (e.industry ?? MISSING) : stratumOf(task, e);
      pt.stratum[p] = t.stratumIndex(sName);
      pt.weight[p] = t.weightClass(task.weights ? weightOf(task, e) : 1);
    }
  }

  /** Row i of profile p: the part of add that reads the last inspection and the USCC (a string, or else its bytes). */
  private place(p: number, lastInspected: string | null, uscc: string | null, code: Uint8Array | null, at: number): number {
    const i = this.rows;
    if (i === this.cap) {
      this.cap = Math.ceil(this.cap * 1.5);
      this.flags = grown(this.flags, this.cap);
      for (const t of this.tasks) t.grow(this.cap);
    }
    let f = this.pFlags[p]!;
    if (this.recentAfter !== null && lastInspected !== null && lastInspected > this.recentAfter) f |= RECENT;
    // (hashing a fresh USCC string for an empty set was ~30 ms a million rows)
    if (this.excludePrevious && this.scope.alreadyDrawn.size > 0 && this.scope.alreadyDrawn.has(uscc ?? codeText(code!, at))) f |= ALREADY;
    this.flags[i] = f;
    for (let ti = 0; ti < this.tasks.length; ti++) {
      const t = this.tasks[ti]!;
      const pt = this.pTasks[ti]!;
      const tf = pt.flags[p]!;
      t.flags[i] = tf;
      if (tf !== (IN_FILTER | IN_SCOPE)) continue;
      t.stratum[i] = pt.stratum[p]!;
      t.weight[i] = pt.weight[p]!;
      // only a row that can be eligible needs its ticket: the others are never ordered
      if (!(f & (FC_CHOSEN | RECENT | ALREADY))) {
        if (code !== null && this.deferTicketBytes) this.deferTicketBytes(ti, i, code, at);
        else {
          const u = uscc ?? codeText(code!, at);
          if (this.deferTicket) this.deferTicket(ti, i, u);
          else t.u[i] = ticketUnitOf(t.prefix + u);
        }
      }
    }
    this.rows = i + 1;
    return i;
  }
}

/** A USCC from its 18 ASCII bytes. */
function codeText(b: Uint8Array, at: number): string {
  let s = '';
  for (let k = 0; k < 18; k++) s += String.fromCharCode(b[at + k]!);
  return s;
}
