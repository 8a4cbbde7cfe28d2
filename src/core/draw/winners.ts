/**
 * The employers a draw picked, held in columns (a few dozen bytes each) instead of as Employer and
 * Assignment objects: at 10^7 rows a 5 % draw has 500,000 winners, and their objects (~1 KB each)
 * were most of the memory of a province's draw. Per winner: its directory row, task, stratum, π,
 * USCC, ticket, the items that apply to it and its team (inspector indices). The rows are read
 * again, a batch at a time, only when something needs whole assignments: the outputs
 * (src/io/draw-outputs.ts streams them), --explain and the .xlsx workbooks (`DrawResult.assignments`).
 */
import type { Employer, Inspector } from '../records.js';
import type { Assignment, PlanItem, PlanTask } from './types.js';

/** The Employer objects of the given rows (row indices of DirectoryColumns), in the order given. */
export type FetchRows = (rows: readonly number[]) => Employer[];

/** How many winners become objects at once (rows are read again in batches of this size). */
export const WINNER_BATCH = 4096;

export class Winners {
  readonly row: Int32Array;
  /** index into `tasks` */
  readonly task: Uint16Array;
  /** index into `strata` */
  readonly stratum: Uint32Array;
  readonly pi: Float64Array;
  /** index into `itemSets`: the task's items that apply to the employer's unit type */
  readonly items: Uint32Array;
  readonly uscc: string[];
  /** 64 hex digits */
  readonly ticket: string[];
  /** winner k's team is members[teamStart[k] … teamStart[k+1]), indices into `inspectors` */
  teamStart: Int32Array = new Int32Array(1);
  teamMembers: Int32Array = new Int32Array(0);
  /** the order DrawResult.assignments has (full coverage, tasks in plan order, stratum, ticket) */
  order: Int32Array = new Int32Array(0);
  readonly tasks: PlanTask[] = [];
  readonly methods: ('random' | 'full_coverage')[] = [];
  readonly strata: string[] = [];
  readonly itemSets: PlanItem[][] = [];
  inspectors: Inspector[] = [];
  /** the names of the directory's own columns that the winners carry (Employer.extra) */
  readonly extraNames = new Set<string>();
  private readonly taskIndex = new Map<PlanTask, number>();
  private readonly stratumIndex = new Map<string, number>();

  constructor(
    readonly count: number,
    readonly fetch: FetchRows,
  ) {
    this.row = new Int32Array(count);
    this.task = new Uint16Array(count);
    this.stratum = new Uint32Array(count);
    this.pi = new Float64Array(count);
    this.items = new Uint32Array(count);
    this.uscc = new Array<string>(count);
    this.ticket = new Array<string>(count);
  }

  taskOf(task: PlanTask, method: 'random' | 'full_coverage'): number {
    let t = this.taskIndex.get(task);
    if (t === undefined) {
      t = this.tasks.length;
      this.tasks.push(task);
      this.methods.push(method);
      this.taskIndex.set(task, t);
    }
    return t;
  }

  stratumOf(name: string): number {
    let s = this.stratumIndex.get(name);
    if (s === undefined) {
      s = this.strata.length;
      this.strata.push(name);
      this.stratumIndex.set(name, s);
    }
    return s;
  }

  /** Winner k as an Assignment, given its row's Employer. */
  assignment(k: number, employer: Employer): Assignment {
    const team: Inspector[] = [];
    for (let x = this.teamStart[k]!; x < this.teamStart[k + 1]!; x++) team.push(this.inspectors[this.teamMembers[x]!]!);
    return {
      task: this.tasks[this.task[k]!]!,
      items: this.itemSets[this.items[k]!]!,
      employer,
      stratum: this.strata[this.stratum[k]!]!,
      method: this.methods[this.task[k]!]!,
      ticket: this.ticket[k]!,
      inclusionProbability: this.pi[k]!,
      team,
    };
  }

  /** The assignments of winners ks, in that order; their rows are read again (one fetch). */
  assignments(ks: ArrayLike<number>): Assignment[] {
    const rows = Array.from(ks, (k) => this.row[k]!);
    const employers = this.fetch(rows);
    return employers.map((e, x) => this.assignment(ks[x]!, e));
  }
}
