/**
 * The employers a draw picked, held in columns (a few dozen bytes each) instead of as Employer and
 * Assignment objects: at 10^7 rows a 5 % draw has 500,000 winners, and their objects (~1 KB each)
 * were most of the memory of a province's draw. Per winner: its directory row, task, stratum, π,
 * USCC, ticket (as its 32 digest bytes), the items that apply to it, its team (inspector indices),
 * and what the CSV outputs print of its row (unit type, industry and region as indices of distinct
 * values; name and extra columns as UTF-16 bytes in one buffer, not as strings), kept
 * from the one pass that reads the winners' rows in file order: src/io/draw-outputs.ts makes the
 * CSVs from these columns without reading the directory again. The rows are read again, a batch at
 * a time, only when something needs whole assignments: --explain and the .xlsx workbooks
 * (`DrawResult.assignments`).
 */
import type { Employer, Inspector } from '../records.js';
import type { Assignment, PlanItem, PlanTask } from './types.js';
import { grown } from '../typed-arrays.js';
import { detached } from '../values.js';

/**
 * The Employer objects of the given rows (row indices of DirectoryColumns), in the order given.
 * `lines: false`: the caller never reads Employer.line, which may then be 0 (a streamed directory
 * need not count the line breaks before each row).
 */
export type FetchRows = (rows: readonly number[], opts?: { lines?: boolean }) => Employer[];

/**
 * How many winners become objects at once (rows are read again in batches of this size). Small, so
 * that a batch's objects die young: at 1,024 they were promoted and old-space garbage took a 500,000-
 * winner draw from 468 to 662 MB (measured; 64 was no better than 1,024, the GC's timing varies).
 */
export const WINNER_BATCH = 256;

export class Winners {
  count = 0;
  row: Int32Array;
  /** index into `tasks` */
  task: Uint16Array;
  /** index into `strata` */
  stratum: Uint32Array;
  pi: Float64Array;
  /** index into `itemSets`: the task's items that apply to the employer's unit type (after seal) */
  items: Uint32Array = new Uint32Array(0);
  uscc: string[] = [];
  /** the SHA-256 of each winner's ticket input, 32 bytes a winner: 500,000 hex strings were ~40 MB (ticketHex makes one) */
  digest: Buffer = Buffer.alloc(0);
  /** the row's 单位类型, 行业, 所属区域: indices into `values` (−1: the cell is empty), one string per distinct value */
  type: Int32Array = new Int32Array(0);
  industry: Int32Array = new Int32Array(0);
  region: Int32Array = new Int32Array(0);
  readonly values: string[] = [];
  private readonly valueIndex = new Map<string, number>();
  /**
   * The texts that do not repeat (单位名称 and the directory's own columns) as UTF-16 code units in one
   * buffer, not as strings: at 500,000 winners their strings and the arrays pointing at them were ~60 MB
   * of the heap at a province's draw's peak, ~45 bytes a winner here. Winner k's record starts at
   * textAt[k]: its name (length, units), how many own columns it has, and each as (column, length, units);
   * lengths are in bytes, as varints. UTF-16 gives back every string as it went in (UTF-8 would not a lone surrogate).
   */
  private text: Buffer = Buffer.alloc(0);
  private textUsed = 0;
  private textAt: Float64Array = new Float64Array(0);
  /** the directory's own columns (Employer.extra) by the index the records use, as they were first met */
  readonly extraColumns: string[] = [];
  private readonly extraIndex = new Map<string, number>();
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
  private readonly taskIndex = new Map<PlanTask, number>();
  private readonly stratumIndex = new Map<string, number>();

  constructor(
    readonly fetch: FetchRows,
    capacity = 1024,
  ) {
    this.row = new Int32Array(capacity);
    this.task = new Uint16Array(capacity);
    this.stratum = new Uint32Array(capacity);
    this.pi = new Float64Array(capacity);
  }

  /** One more winner, as the selection takes it (typed from the start: no object per pick). */
  add(task: PlanTask, method: 'random' | 'full_coverage', row: number, stratum: string, pi: number): void {
    const k = this.count;
    if (k === this.row.length) {
      const cap = Math.ceil(k * 1.5) + 16;
      this.row = grown(this.row, cap);
      this.task = grown(this.task, cap);
      this.stratum = grown(this.stratum, cap);
      this.pi = grown(this.pi, cap);
    }
    this.row[k] = row;
    this.task[k] = this.taskOf(task, method);
    this.stratum[k] = this.stratumOf(stratum);
    this.pi[k] = pi;
    this.count = k + 1;
  }

  /** Every winner is in: the columns get their length, and room for what the re-read rows give. */
  seal(): void {
    const n = this.count;
    this.row = this.row.slice(0, n);
    this.task = this.task.slice(0, n);
    this.stratum = this.stratum.slice(0, n);
    this.pi = this.pi.slice(0, n);
    this.items = new Uint32Array(n);
    this.uscc = new Array<string>(n);
    this.digest = Buffer.alloc(n * 32);
    this.type = new Int32Array(n);
    this.industry = new Int32Array(n);
    this.region = new Int32Array(n);
    this.textAt = new Float64Array(n);
    // ~20 characters of name and own columns a winner; grown by half when a directory's are longer
    this.text = Buffer.allocUnsafe(n * 48 + 64);
    this.textUsed = 0;
  }

  /** One string per distinct value (−1 for null): the lists' repeated cells are escaped once per value. */
  // (not valueOf: that name is Object's, which JavaScript calls to turn an object into a primitive)
  private valueId(v: string | null): number {
    if (v === null) return -1;
    let x = this.valueIndex.get(v);
    if (x === undefined) {
      x = this.values.length;
      // a copy: a cell of 13+ characters may be V8's view into its whole row's (or chunk's) text, and
      // the index keys on the copy too, not to keep that text alive
      const copy = detached(v);
      this.values.push(copy);
      // a hostile directory's million distinct regions are kept, just not looked up
      if (this.valueIndex.size < 1 << 16) this.valueIndex.set(copy, x);
    }
    return x;
  }

  /** What the CSVs print of winner k's row (its Employer need not outlive this call). */
  setRow(k: number, e: Pick<Employer, 'name' | 'type' | 'industry' | 'region' | 'extra'>): void {
    this.type[k] = this.valueId(e.type);
    this.industry[k] = this.valueId(e.industry);
    this.region[k] = this.valueId(e.region);
    let need = 16 + 2 * e.name.length;
    for (const [, value] of e.extra) need += 15 + 2 * value.length;
    if (this.textUsed + need > this.text.length) {
      const bigger = Buffer.allocUnsafe(Math.ceil((this.textUsed + need) * 1.5));
      this.text.copy(bigger, 0, 0, this.textUsed);
      this.text = bigger;
    }
    this.textAt[k] = this.textUsed;
    this.putText(e.name);
    this.putVarint(e.extra.length);
    for (const [name, value] of e.extra) {
      let c = this.extraIndex.get(name);
      if (c === undefined) {
        c = this.extraColumns.length;
        this.extraColumns.push(name);
        this.extraIndex.set(name, c);
      }
      this.putVarint(c);
      this.putText(value);
    }
  }

  private putVarint(v: number): void {
    const b = this.text;
    while (v >= 0x80) {
      b[this.textUsed++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[this.textUsed++] = v;
  }

  private putText(s: string): void {
    this.putVarint(2 * s.length);
    this.textUsed += this.text.write(s, this.textUsed, 'utf16le');
  }

  /** The CSVs' cells of winner k's row: its name, and into `own` its value of each own column by index ('' where it has none). */
  rowText(k: number, own: string[]): string {
    this.cursor = this.textAt[k]!;
    const name = this.getText();
    own.length = this.extraColumns.length;
    own.fill('');
    for (let n = this.getVarint(); n > 0; n--) {
      const c = this.getVarint();
      own[c] = this.getText();
    }
    return name;
  }

  private cursor = 0;

  private getVarint(): number {
    const b = this.text;
    let v = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const x = b[this.cursor++]!;
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
    }
  }

  private getText(): string {
    const len = this.getVarint();
    this.cursor += len;
    return this.text.toString('utf16le', this.cursor - len, this.cursor);
  }

  regionOf(k: number): string | null {
    const x = this.region[k]!;
    return x < 0 ? null : this.values[x]!;
  }

  /** Winner k's ticket: 64 hex digits. */
  ticketHex(k: number): string {
    return this.digest.toString('hex', k * 32, k * 32 + 32);
  }

  /** Tickets in code-point order of their hex digits, which is the order of their bytes. */
  compareTickets(a: number, b: number): number {
    const d = this.digest;
    for (let i = a * 32, j = b * 32, end = i + 32; i < end; i++, j++) if (d[i] !== d[j]) return d[i]! - d[j]!;
    return 0;
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
      ticket: this.ticketHex(k),
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

