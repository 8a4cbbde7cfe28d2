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
  /** row indexes, most urgent first (0, 1, 2…: deadlineTable puts the columns themselves in this order) */
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
  inReportOrder(t, urgencyOrder(t));
  return t;
}

/**
 * Every column of the decisions and of the table rearranged so that row k is the k-th of the report
 * (t.order becomes 0, 1, 2…). The outputs read each row's dozen columns; read in report order
 * from columns in file order, each read was a cache miss, and at 10^6 rows that was most of the
 * time spent writing the CSV and the table. The decisions' columns are rearranged in place.
 */
function inReportOrder(t: DeadlineTable, order: Int32Array): void {
  const d = t.decisions;
  const n = d.n;
  // one function per array type: a generic one is a megamorphic element access per row
  const gather8 = (a: Uint8Array) => {
    const b = new Uint8Array(n);
    for (let k = 0; k < n; k++) b[k] = a[order[k]!]!;
    return b;
  };
  const gather16 = (a: Uint16Array) => {
    const b = new Uint16Array(n);
    for (let k = 0; k < n; k++) b[k] = a[order[k]!]!;
    return b;
  };
  const gather32 = (a: Int32Array) => {
    const b = new Int32Array(n);
    for (let k = 0; k < n; k++) b[k] = a[order[k]!]!;
    return b;
  };
  const gather64 = (a: Float64Array) => {
    const b = new Float64Array(n);
    for (let k = 0; k < n; k++) b[k] = a[order[k]!]!;
    return b;
  };
  const caseNo: string[] = new Array(n);
  for (let k = 0; k < n; k++) caseNo[k] = d.caseNo[order[k]!]!;
  d.caseNo = caseNo;
  d.kind = gather8(d.kind);
  d.decided = gather32(d.decided);
  d.published = gather32(d.published);
  d.revoked = gather32(d.revoked);
  d.withdrawn = gather32(d.withdrawn);
  d.line = gather32(d.line);
  t.deadline = gather32(t.deadline);
  t.urgency = gather8(t.urgency);
  t.days = gather64(t.days);
  t.soon = gather8(t.soon);
  t.withdrawal = gather8(t.withdrawal);
  t.basis = gather16(t.basis);
  for (let k = 0; k < n; k++) order[k] = k;
  t.order = order;
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
 * deadline, then the case number (by UTF-16 code unit, as `<` compares strings). The first three
 * are small whole numbers per row, so the rows are put in that order by stable counting sorts;
 * only rows equal on all three are then ordered by case number. Comparing CJK case numbers as
 * strings is what made sorting 10^6 rows slow (V8 compares these sliced two-byte strings in its
 * runtime), so each case number's first code units after the prefix every case number shares are
 * packed three to a number, and those numbers decide nearly every comparison; the rest of the
 * string is compared unit by unit only when they tie. The order is the one the field-by-field
 * comparison (`byFields`) gives; when it cannot be reproduced this way (working days that are not
 * small whole numbers, or a case number twice among equal rows, where that comparison is not a
 * consistent order and the sort's own steps decide) the field-by-field sort runs instead, over the
 * rows in input order.
 */
function urgencyOrder(t: DeadlineTable): Int32Array {
  const d = t.decisions;
  const n = d.n;
  if (n === 0) return new Int32Array(0);
  // deadlines ranked as their ISO text sorts
  const used = new Uint8Array(d.dates.length);
  for (let i = 0; i < n; i++) used[t.deadline[i]!] = 1;
  const ids: number[] = [];
  for (let id = 0; id < used.length; id++) if (used[id]) ids.push(id);
  ids.sort((a, b) => (d.dates[a]! < d.dates[b]! ? -1 : d.dates[a]! > d.dates[b]! ? 1 : 0));
  const rank = new Int32Array(d.dates.length);
  ids.forEach((id, r) => (rank[id] = r));
  const deadlineRank = new Int32Array(n);
  for (let i = 0; i < n; i++) deadlineRank[i] = rank[t.deadline[i]!]!;
  // overdue and late sort the most days first, due and withdrawal-due the fewest first
  let maxDays = 0;
  for (let i = 0; i < n; i++) {
    const days = t.days[i]!;
    if (!(Number.isInteger(days) && days >= 0 && days < 2 ** 20)) return byFieldsOrder(t);
    if (days > maxDays) maxDays = days;
  }
  const dayKey = new Int32Array(n);
  for (let i = 0; i < n; i++) dayKey[i] = t.urgency[i]! <= LAST_FINDING ? maxDays - t.days[i]! : t.days[i]!;
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order = countingSort(order, deadlineRank, ids.length);
  order = countingSort(order, dayKey, maxDays + 1);
  order = countingSort(order, t.urgency, STATUS_BY_URGENCY.length);
  const byCase = caseNumberComparator(d.caseNo, n);
  for (let lo = 0; lo < n; ) {
    const first = order[lo]!;
    let hi = lo + 1;
    while (hi < n) {
      const i = order[hi]!;
      if (t.urgency[i] !== t.urgency[first] || dayKey[i] !== dayKey[first] || deadlineRank[i] !== deadlineRank[first]) break;
      hi++;
    }
    if (hi - lo > 1) {
      const rows = order.subarray(lo, hi);
      rows.sort(byCase.compare);
      if (byCase.tied) return byFieldsOrder(t);
    }
    lo = hi;
  }
  return order;
}

/** `rows` stably reordered by key[row], keys being whole numbers below `range`. */
function countingSort(rows: Int32Array, key: Int32Array | Uint8Array, range: number): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < rows.length; k++) start[key[rows[k]!]! + 1]!++;
  for (let r = 0; r < range; r++) start[r + 1]! += start[r]!;
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    out[start[key[row]!]!++] = row;
  }
  return out;
}

/**
 * Rows compared by their strings as `<` orders them (UTF-16 code units), through numbers: past the
 * prefix all strings share, units packed three to a number (a unit past the end counts as 0, which
 * only makes a string sort no later than the strings it is a prefix of), for the first PACKED units,
 * then unit by unit. `tied` is set when two strings compare equal.
 */
export function caseNumberComparator(strings: readonly string[], n: number): { compare: (a: number, b: number) => number; tied: boolean } {
  let shared = n ? strings[0]!.length : 0;
  const head = n ? strings[0]! : '';
  for (let i = 1; i < n && shared > 0; i++) {
    const s = strings[i]!;
    const m = Math.min(shared, s.length);
    let k = 0;
    while (k < m && s.charCodeAt(k) === head.charCodeAt(k)) k++;
    shared = k;
  }
  const digits = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const;
  const PACKED = 3 * digits.length;
  for (let i = 0; i < n; i++) {
    const s = strings[i]!;
    const len = s.length;
    for (let g = 0; g < digits.length; g++) {
      let v = 0;
      for (let k = shared + 3 * g; k < shared + 3 * g + 3; k++) v = v * 65536 + (k < len ? s.charCodeAt(k) : 0);
      digits[g]![i] = v;
    }
  }
  const [d0, d1, d2, d3] = digits;
  const out = {
    tied: false,
    compare: (a: number, b: number): number => {
      const c = d0[a]! - d0[b]! || d1[a]! - d1[b]! || d2[a]! - d2[b]! || d3[a]! - d3[b]!;
      if (c !== 0) return c;
      const x = strings[a]!;
      const y = strings[b]!;
      const end = Math.min(x.length, y.length);
      for (let k = shared + PACKED; k < end; k++) {
        const u = x.charCodeAt(k) - y.charCodeAt(k);
        if (u !== 0) return u;
      }
      // one is a prefix of the other (where one ended among the packed units, the other held U+0000s)
      if (x.length !== y.length) return x.length - y.length;
      out.tied = true;
      return 0;
    },
  };
  return out;
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
