import { addWorkingDays, countWorkingDays, UncoveredYearError, type Calendar } from '../calendar/index.js';
import { DECISION_KINDS, type DecisionKind } from '../records.js';
import type { IsoDate } from '../values.js';
import type { DeadlineRow, DeadlineStatus, DisclosureRules } from './deadlines.js';

/**
 * Decisions and their deadlines as columns: a province sends 10^6 decisions, and one object per
 * decision (then one per result row, then one string array per output row) held the file four
 * times over. Here a decision is a few numbers: its kind, its dates as ids into one table of the
 * distinct dates, its line; only the case number is a string. `check deadlines` streams the file
 * into these columns chunk by chunk and writes its outputs from them.
 */

/** No date (an empty cell). */
export const NO_DATE = -1;

const KIND_INDEX = new Map<string, number>(DECISION_KINDS.map((k, i) => [k, i]));

export class DecisionColumns {
  n = 0;
  caseNo: string[] = [];
  kind = new Uint8Array(1024);
  decided = new Int32Array(1024);
  published = new Int32Array(1024);
  revoked = new Int32Array(1024);
  withdrawn = new Int32Array(1024);
  line = new Int32Array(1024);
  /** the distinct dates, each once; date columns hold indexes into it */
  dates: IsoDate[] = [];
  private dateIds = new Map<IsoDate, number>();

  dateId(d: IsoDate | null): number {
    if (d === null) return NO_DATE;
    let id = this.dateIds.get(d);
    if (id === undefined) {
      id = this.dates.length;
      this.dates.push(d);
      this.dateIds.set(d, id);
    }
    return id;
  }

  date(id: number): IsoDate | null {
    return id === NO_DATE ? null : this.dates[id]!;
  }

  push(caseNo: string, kind: DecisionKind, decidedOn: IsoDate, publishedOn: IsoDate | null, revokedOn: IsoDate | null, withdrawnOn: IsoDate | null, line: number): void {
    const i = this.n;
    if (i === this.kind.length) this.grow();
    this.caseNo.push(caseNo);
    this.kind[i] = KIND_INDEX.get(kind)!;
    this.decided[i] = this.dateId(decidedOn);
    this.published[i] = this.dateId(publishedOn);
    this.revoked[i] = this.dateId(revokedOn);
    this.withdrawn[i] = this.dateId(withdrawnOn);
    this.line[i] = line;
    this.n++;
  }

  /** A decision whose kind (index into DECISION_KINDS) and dates (ids from dateId, or NO_DATE) are known already. */
  pushIds(caseNo: string, kind: number, decided: number, published: number, revoked: number, withdrawn: number, line: number): void {
    const i = this.n;
    if (i === this.kind.length) this.grow();
    this.caseNo.push(caseNo);
    this.kind[i] = kind;
    this.decided[i] = decided;
    this.published[i] = published;
    this.revoked[i] = revoked;
    this.withdrawn[i] = withdrawn;
    this.line[i] = line;
    this.n++;
  }

  private grow(): void {
    const bigger = <T extends Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.kind = bigger(this.kind);
    this.decided = bigger(this.decided);
    this.published = bigger(this.published);
    this.revoked = bigger(this.revoked);
    this.withdrawn = bigger(this.withdrawn);
    this.line = bigger(this.line);
  }
}

/** Most urgent first: the order of the report, and the index of each status in the columns. */
export const STATUS_BY_URGENCY: readonly DeadlineStatus[] = ['withdrawal-overdue', 'overdue', 'withdrawal-late', 'late', 'withdrawal-due', 'due', 'withdrawn', 'ok'];
/** overdue and late (and their withdrawal forms) are findings; the rest at most warnings */
const LAST_FINDING = 3;

export interface DeadlineTable {
  decisions: DecisionColumns;
  /** the deadline that applies (the withdrawal deadline for a revoked, published decision), a date id */
  deadline: Int32Array;
  /** index into STATUS_BY_URGENCY */
  urgency: Uint8Array;
  /** working days late, or left for due ones */
  days: Float64Array;
  soon: Uint8Array;
  /** 1 when the deadline is a withdrawal deadline */
  withdrawal: Uint8Array;
  /** index into bases */
  basis: Uint16Array;
  bases: string[];
  /** row indexes, most urgent first */
  order: Int32Array;
  /** rows per status, indexed like STATUS_BY_URGENCY */
  counts: number[];
  /** rows that are findings (overdue, late, withdrawal-overdue, withdrawal-late) */
  findings: number;
}

export const isFinding = (t: DeadlineTable, i: number): boolean => t.urgency[i]! <= LAST_FINDING;
export const statusOf = (t: DeadlineTable, i: number): DeadlineStatus => STATUS_BY_URGENCY[t.urgency[i]!]!;

/**
 * Every decision's deadline and status, O(1) per decision on the calendar's working-day index, in
 * the report's order. A deadline in a year the calendar does not cover stops the check naming
 * every such row (UncoveredYearError), as before.
 */
export function deadlineTable(d: DecisionColumns, rules: DisclosureRules, cal: Calendar, asOf: IsoDate, warnDays: number, file?: string): DeadlineTable {
  const n = d.n;
  const bases: string[] = [];
  const basisIds = new Map<string, number>();
  const basisId = (b: string) => {
    let id = basisIds.get(b);
    if (id === undefined) basisIds.set(b, (id = bases.push(b) - 1));
    return id;
  };
  // per kind: the publication rule (the last one naming it, as a Map built in order gives) and the withdrawal rule (the first)
  const pubDays: number[] = [];
  const pubBasis: number[] = [];
  for (const r of rules.publish) {
    for (const k of r.kinds) {
      pubDays[KIND_INDEX.get(k)!] = r.workingDays;
      pubBasis[KIND_INDEX.get(k)!] = basisId(r.basis);
    }
  }
  const wRules = DECISION_KINDS.map((k) => rules.withdrawal.find((w) => w.kinds.includes(k)));
  const t: DeadlineTable = {
    decisions: d,
    deadline: new Int32Array(n),
    urgency: new Uint8Array(n),
    days: new Float64Array(n),
    soon: new Uint8Array(n),
    withdrawal: new Uint8Array(n),
    basis: new Uint16Array(n),
    bases,
    order: new Int32Array(0),
    counts: STATUS_BY_URGENCY.map(() => 0),
    findings: 0,
  };
  // the n-th working day after each distinct date, once: a province's decisions share a few thousand dates
  const added = new Map<number, number | UncoveredYearError>();
  const addDays = (dateId: number, days: number): number => {
    const key = dateId * 1024 + days;
    let r = days < 1024 ? added.get(key) : undefined;
    if (r === undefined) {
      try {
        r = d.dateId(addWorkingDays(cal, d.dates[dateId]!, days));
      } catch (e) {
        if (!(e instanceof UncoveredYearError)) throw e;
        r = e;
      }
      if (days < 1024) added.set(key, r);
    }
    if (typeof r !== 'number') throw r;
    return r;
  };
  // Late by at least one: a publication on the Saturday after a Friday deadline is still late.
  const lateBy = (deadline: IsoDate, day: IsoDate) => Math.max(1, countWorkingDays(cal, deadline, day));
  const set = (i: number, deadline: number, withdrawal: boolean, basis: number, status: number, days: number, soon: boolean) => {
    t.deadline[i] = deadline;
    t.withdrawal[i] = withdrawal ? 1 : 0;
    t.basis[i] = basis;
    t.urgency[i] = status;
    t.days[i] = days;
    t.soon[i] = soon ? 1 : 0;
  };
  const [W_OVERDUE, OVERDUE, W_LATE, LATE, W_DUE, DUE, WITHDRAWN, OK] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const one = (i: number) => {
    const kind = d.kind[i]!;
    const deadline = addDays(d.decided[i]!, pubDays[kind]!);
    const published = d.published[i]!;
    const revoked = d.revoked[i]!;
    // A revoked decision that was published must come down; one never published has nothing to withdraw.
    if (revoked !== NO_DATE && published !== NO_DATE) {
      const wRule = wRules[kind]!;
      const wd = addDays(revoked, wRule.workingDays);
      const wDeadline = d.dates[wd]!;
      const basis = basisId(wRule.basis);
      const withdrawn = d.withdrawn[i]!;
      if (withdrawn !== NO_DATE) {
        const on = d.dates[withdrawn]!;
        return on > wDeadline ? set(i, wd, true, basis, W_LATE, lateBy(wDeadline, on), false) : set(i, wd, true, basis, WITHDRAWN, 0, false);
      }
      if (asOf > wDeadline) return set(i, wd, true, basis, W_OVERDUE, lateBy(wDeadline, asOf), false);
      const left = countWorkingDays(cal, asOf, wDeadline);
      return set(i, wd, true, basis, W_DUE, left, left <= warnDays);
    }
    const basis = pubBasis[kind]!;
    const due = d.dates[deadline]!;
    if (published !== NO_DATE) {
      const on = d.dates[published]!;
      return on > due ? set(i, deadline, false, basis, LATE, lateBy(due, on), false) : set(i, deadline, false, basis, OK, 0, false);
    }
    if (revoked !== NO_DATE) return set(i, deadline, false, basis, OK, 0, false);
    if (asOf > due) return set(i, deadline, false, basis, OVERDUE, lateBy(due, asOf), false);
    const left = countWorkingDays(cal, asOf, due);
    return set(i, deadline, false, basis, DUE, left, left <= warnDays);
  };
  const missingYears: number[] = [];
  const missingRows: { line: number; caseNo: string; year: number }[] = [];
  for (let i = 0; i < n; i++) {
    try {
      one(i);
    } catch (e) {
      // every uncovered year at once, not one per run, each with the row and case it stops
      if (!(e instanceof UncoveredYearError)) throw e;
      for (const y of e.years) {
        missingYears.push(y);
        missingRows.push({ line: d.line[i]!, caseNo: d.caseNo[i]!, year: y });
      }
    }
  }
  if (missingYears.length) throw new UncoveredYearError(missingYears, cal.overlayGaps, missingRows, file);
  for (let i = 0; i < n; i++) {
    const u = t.urgency[i]!;
    t.counts[u]!++;
    if (u <= LAST_FINDING) t.findings++;
  }
  t.order = urgencyOrder(t);
  return t;
}

/** Row i as the object the JSON report and `check all` use. */
export function deadlineRow(t: DeadlineTable, i: number): DeadlineRow {
  const d = t.decisions;
  const deadline = d.dates[t.deadline[i]!]!;
  return {
    caseNo: d.caseNo[i]!,
    kind: DECISION_KINDS[d.kind[i]!]!,
    decidedOn: d.dates[d.decided[i]!]!,
    publishedOn: d.date(d.published[i]!),
    deadline,
    workingDays: t.days[i]!,
    status: statusOf(t, i),
    soon: t.soon[i] === 1,
    revokedOn: d.date(d.revoked[i]!),
    withdrawnOn: d.date(d.withdrawn[i]!),
    withdrawalDeadline: t.withdrawal[i] ? deadline : null,
    basis: t.bases[t.basis[i]!]!,
    line: d.line[i]!,
  };
}

/**
 * Most urgent first: status, then the most working days late (or the fewest left), then the
 * deadline, then the case number. Comparing CJK case numbers is what made sorting 10^6 rows slow,
 * so the first three fields become one dense number per row, the rows are sorted on that number
 * (with the row index packed below it) by the typed array's native sort, and only rows with equal
 * numbers are then ordered by case number. The order is the one the field-by-field comparison
 * (`byFields`) gives; when it cannot be reproduced this way (counts beyond the packed range, or a
 * case number twice among equal rows, where that comparison is not a consistent order and the
 * sort's own steps decide) the field-by-field sort runs instead, over the rows in input order.
 */
function urgencyOrder(t: DeadlineTable): Int32Array {
  const d = t.decisions;
  const n = d.n;
  const RANGE = 2 ** 20;
  // deadlines ranked as their ISO text sorts
  const used = new Uint8Array(d.dates.length);
  for (let i = 0; i < n; i++) used[t.deadline[i]!] = 1;
  const ids: number[] = [];
  for (let id = 0; id < used.length; id++) if (used[id]) ids.push(id);
  ids.sort((a, b) => (d.dates[a]! < d.dates[b]! ? -1 : d.dates[a]! > d.dates[b]! ? 1 : 0));
  const rank = new Int32Array(d.dates.length);
  ids.forEach((id, r) => (rank[id] = r));
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = t.urgency[i]!;
    // overdue and late sort the most days first, due and withdrawal-due the fewest first
    const days = u <= LAST_FINDING ? RANGE - 1 - t.days[i]! : t.days[i]!;
    const r = rank[t.deadline[i]!]!;
    if (!(days >= 0 && days < RANGE && r < RANGE)) return byFieldsOrder(t);
    key[i] = (u * RANGE + days) * RANGE + r;
  }
  // each key's rank among the distinct keys, by a typed sort and binary search (no Set or Map of 10^6 numbers)
  const sorted = Float64Array.from(key).sort();
  let distinctCount = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinctCount++] = sorted[i]!;
  const distinct = sorted.subarray(0, distinctCount);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    let lo = 0;
    let hi = distinctCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    group[i] = lo;
  }
  const shift = 2 ** Math.ceil(Math.log2(n + 1));
  if (distinctCount * shift > Number.MAX_SAFE_INTEGER) return byFieldsOrder(t);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = group[i]! * shift + i;
  packed.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i]! % shift;
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && group[order[hi]!] === group[order[lo]!]) hi++;
    if (hi - lo > 1) {
      const members = Array.from(order.subarray(lo, hi));
      const keys = members.map((i) => codeUnitKey(d.caseNo[i]!));
      const local = Array.from(keys, (_, k) => k).sort((x, y) => (keys[x]! < keys[y]! ? -1 : 1));
      for (let k = 1; k < local.length; k++) if (keys[local[k]!] === keys[local[k - 1]!]) return byFieldsOrder(t);
      for (let k = 0; k < local.length; k++) order[lo + k] = members[local[k]!]!;
    }
    lo = hi;
  }
  return order;
}

/**
 * A one-byte string that sorts like `s` under `<` (UTF-16 code units, each as two bytes, high
 * first): V8 compares one-byte strings several times faster than the two-byte CJK original.
 */
function codeUnitKey(s: string): string {
  const bytes: number[] = new Array(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[2 * i] = c >> 8;
    bytes[2 * i + 1] = c & 0xff;
  }
  // one call, so the result is one flat string rather than a chain of concatenations
  return String.fromCharCode(...bytes);
}

/** The order field by field: the specification of urgencyOrder, and its fallback. */
function byFieldsOrder(t: DeadlineTable): Int32Array {
  const d = t.decisions;
  const idx = Array.from({ length: d.n }, (_, i) => i);
  idx.sort((a, b) => {
    const ua = t.urgency[a]!;
    const ub = t.urgency[b]!;
    const da = d.dates[t.deadline[a]!]!;
    const db = d.dates[t.deadline[b]!]!;
    return ua - ub || (ua <= LAST_FINDING ? t.days[b]! - t.days[a]! : t.days[a]! - t.days[b]!) || (da < db ? -1 : da > db ? 1 : 0) || (d.caseNo[a]! < d.caseNo[b]! ? -1 : 1);
  });
  return Int32Array.from(idx);
}
