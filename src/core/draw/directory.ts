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
// task flags (of a row being added)
export const IN_FILTER = 1;
export const IN_SCOPE = 2;
// a task's cell of a row (TaskColumns.cell)
export const NOT_IN_FILTER = 0; // not in the task's filter
export const OUT_OF_SCOPE = 1; // in the filter, but none of the task's items applies to its 单位类型
export const IN_TASK = 2; // and up: in the task's population, IN_TASK + the index of its (stratum, weight class) pair

/**
 * One task's columns: row → its cell (whether the row is in the task, and its stratum and weight class
 * as one index: a stratum has a few weight classes, so a task has a few hundred pairs, and 2 bytes a
 * row hold what 4 did as flags, stratum and weight columns), and the ticket: u (v1, whose Pareto keys use its value) or the digest's first 4 bytes (v2, which only
 * orders by it: ticket.ts ticketKeyOf). The other of the two is empty.
 */
export class TaskColumns {
  /** row → NOT_IN_FILTER, OUT_OF_SCOPE, or IN_TASK + its pair */
  cell: Uint16Array | Uint32Array;
  /** per pair: its stratum (index into names) and its weight class (index into weights) */
  readonly pairStratum: number[] = [];
  readonly pairWeight: number[] = [];
  /** stratum → weight class → pair */
  private readonly pairs: number[][] = [];
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
    this.cell = new Uint16Array(cap);
    this.u = new Float64Array(v1 ? cap : 0);
    this.key = new Uint32Array(v1 ? 0 : cap);
  }
  grow(cap: number): void {
    this.cell = grown(this.cell, cap);
    if (this.v1) this.u = grown(this.u, cap);
    else this.key = grown(this.key, cap);
  }
  /** See DirectoryColumns.release. */
  release(): void {
    this.cell = new Uint16Array(0);
    this.u = new Float64Array(0);
    this.key = new Uint32Array(0);
  }
  stratumIndex(name: string): number {
    let s = this.nameIndex.get(name);
    if (s === undefined) {
      s = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, s);
    }
    return s;
  }
  weightClass(w: number): number {
    let k = this.weightIndex.get(w);
    if (k === undefined) {
      k = this.weights.length;
      this.weights.push(w);
      this.weightIndex.set(w, k);
    }
    return k;
  }
  /** The cell of a row in the task's population: IN_TASK + the pair of stratum s and weight class k. */
  cellOf(s: number, k: number): number {
    const byClass = (this.pairs[s] ??= []);
    let p = byClass[k];
    if (p === undefined) {
      p = byClass[k] = this.pairStratum.length;
      this.pairStratum.push(s);
      this.pairWeight.push(k);
      if (IN_TASK + p === 0x10000 && this.cell instanceof Uint16Array) this.cell = Uint32Array.from(this.cell);
    }
    return IN_TASK + p;
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
   * row flags, and per task its cell (TaskColumns.cell). Profile 0 is add's own scratch.
   */
  private profiles = 1;
  private pFlags = new Uint8Array(64);
  private readonly pTasks: { cell: Int32Array }[];
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
    this.pTasks = this.tasks.map(() => ({ cell: new Int32Array(64) }));
    this.recentAfter = plan.exclusions.inspectedWithinDays === null ? null : addDays(scope.asOf, -plan.exclusions.inspectedWithinDays);
    this.excludePrevious = !plan.allowRepeatWithinYear;
  }

  /**
   * Lets the per-row columns go (1 byte a row, and 6 a row and task; 10 for v1): the draw calls it once its selection is
   * done, so that they are not held while the winners' rows are read and their teams made (at 10^7 rows
   * they were ~130 MB of a province's draw's peak). The columns answer nothing after.
   */
  release(): void {
    this.flags = new Uint8Array(0);
    for (const t of this.tasks) t.release();
  }

  /** Room for `rows` rows in all, if there is less (a copy: for a caller that learns the size early, while the columns are near empty). */
  reserve(rows: number): void {
    if (rows <= this.cap) return;
    this.cap = rows;
    this.flags = grown(this.flags, rows);
    for (const t of this.tasks) t.grow(rows);
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
      for (const pt of this.pTasks) pt.cell = grown(pt.cell, p * 2);
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
      if (tf !== (IN_FILTER | IN_SCOPE)) {
        pt.cell[p] = tf & IN_FILTER ? OUT_OF_SCOPE : NOT_IN_FILTER;
        continue;
      }
      const sName = t.single === 'region' ? (e.region ?? MISSING) : t.single === 'industry' ? (e.industry ?? MISSING) : stratumOf(task, e);
      pt.cell[p] = t.cellOf(t.stratumIndex(sName), t.weightClass(task.weights ? weightOf(task, e) : 1));
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
      const cell = this.pTasks[ti]!.cell[p]!;
      // (read t.cell now: judging the profile may have replaced the column with a wider one)
      t.cell[i] = cell;
      if (cell < IN_TASK) continue;
      // only a row that can be eligible needs its ticket: the others are never ordered
      if (!(f & (FC_CHOSEN | RECENT | ALREADY))) {
        if (code !== null && this.deferTicketBytes) this.deferTicketBytes(ti, i, code, at);
        else {
          const u = uscc ?? codeText(code!, at);
          if (this.deferTicket) this.deferTicket(ti, i, u);
          else if (t.v1) t.u[i] = ticketUnitOf(t.prefix + u);
          else t.key[i] = ticketKeyOf(t.prefix + u);
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
