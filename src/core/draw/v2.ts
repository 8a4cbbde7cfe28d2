/**
 * shuangsui-draw/2, one random task: each stratum's exact share x_h of the period's target (with the
 * whole-year carry for ratio_per_year), capped by what is eligible; certain units (π = 1) where the
 * weight share demands it; then ONE systematic πps sample over a line on which every other eligible unit
 * of the task lies with length π_i, strata in stratum-ticket order and units in ticket order.
 *
 * Why one line: a segment of length L holds ⌊L⌋ or ⌈L⌉ of the points v, v+1, …, so each stratum gets
 * ⌊x_h⌋ or ⌈x_h⌉ units with E = x_h (unbiased rounding, no stratum with eligible units is ever shut out),
 * the task gets ⌊Σx⌋ or ⌈Σx⌉ (exactly n when n is a whole number), and each unit is drawn with
 * probability exactly π_i (its segment is shorter than 1 and the start v is uniform). It is randomised
 * systematic πps sampling (Madow 1949; Hartley & Rao 1962, with the order from the published tickets),
 * applied across the strata as in systematic controlled rounding. docs/algorithm.md section 11 (v2) is the
 * specification; every double operation below is in the order given there.
 */
import type { Period, TaskSize } from './types.js';
import { takeAll } from './inclusion.js';

/** The task's eligible units as parallel arrays (no object per unit: a million rows stay cheap). */
export interface V2Units {
  /**
   * Each unit's ticket order key: u (Float64), or the first 32 bits of the ticket's digest (Uint32, as
   * the draw's columns keep it). Either way a smaller key is an earlier ticket; equal keys are ordered
   * by the full ticket hex (a 32-bit key is not u: v2 uses the ticket only to order the line).
   */
  key: Float64Array | Uint32Array;
  /** a unit's weight (a function: the draw keeps weights as a class per row, not a double per row) */
  w: (j: number) => number;
  /** the units' ticket hex, in the order given: only asked for units whose keys are equal, once per stratum */
  hexesOf: (js: readonly number[]) => string[];
  /**
   * Optional: each unit's weight class, w(j) = classWeights[weightClass(j)] (the draw's columns keep
   * weights so). With them the weights of a stratum are counted per class and π is looked up per
   * class, instead of a Map update and a call per unit; the numbers are the same.
   */
  weightClass?: (j: number) => number;
  classWeights?: readonly number[];
}

export interface V2Stratum {
  name: string;
  /** the stratum ticket hex: the order of the strata on the line */
  tieHex: string;
  /** P_h: the task population of the stratum, before exclusions */
  population: number;
  /** s_h: the sum of the weights of the stratum's population (P_h when unweighted) */
  size: number;
  /** drawn in this stratum in the earlier periods of the year (ratio_per_year only) */
  prior: number;
  /** indices of the stratum's eligible units into V2Units */
  members: Int32Array;
}

export interface V2StratumResult {
  /** x_h: the expected number drawn in this period */
  expected: number;
  yearTarget: number | null;
  takeAll: number;
  /** W′: the weight of the eligible units that are not certain, re-summed */
  restWeight: number;
  /** the smallest certain weight (null: none certain; 0: every eligible unit is certain) */
  takeAllFrom: number | null;
  /** π of a unit of weight w that is not certain */
  piOf: (w: number) => number;
  picked: Picks;
}

/**
 * The units a stratum drew and their π, in the order drawn, as two typed columns: at 10^7 rows a draw
 * has 500,000 of them, and as {j, pi} objects they were ~20 MB of the selection's peak. Iterating it
 * gives {j, pi} pairs, as the array did.
 */
export class Picks implements Iterable<{ j: number; pi: number }> {
  length = 0;
  private js = new Int32Array(8);
  private pis = new Float64Array(8);

  static of(js: ArrayLike<number>, pi: number): Picks {
    const p = new Picks();
    for (let k = 0; k < js.length; k++) p.push(js[k]!, pi);
    return p;
  }

  push(j: number, pi: number): void {
    if (this.length === this.js.length) {
      const js = new Int32Array(this.length * 2);
      js.set(this.js);
      this.js = js;
      const pis = new Float64Array(this.length * 2);
      pis.set(this.pis);
      this.pis = pis;
    }
    this.js[this.length] = j;
    this.pis[this.length++] = pi;
  }

  /** the x-th unit drawn, and its π */
  j(x: number): number {
    return this.js[x]!;
  }
  pi(x: number): number {
    return this.pis[x]!;
  }

  *[Symbol.iterator](): Iterator<{ j: number; pi: number }> {
    for (let x = 0; x < this.length; x++) yield { j: this.js[x]!, pi: this.pis[x]! };
  }
}

/** Positions this close to a whole number are that number: Σ of doubles that should be whole stays whole. */
export const SNAP = 1e-9;
const snap = (c: number) => {
  const r = Math.round(c);
  return Math.abs(c - r) < SNAP ? r : c;
};

/**
 * The exact (real) share of each stratum for this period, before caps.
 * ratio_per_period r: t = r·P, x_h = (t·s_h)/S. count c: x_h = (c·s_h)/S.
 * ratio_per_year R, period k of K: yearShare (below). S and every sum over strata are taken in
 * ascending stratum-name order, so the row order of the directory cannot change a bit of them.
 */
export function shares(size: TaskSize, population: number, period: Pick<Period, 'index' | 'perYear'>, strata: readonly Pick<V2Stratum, 'size' | 'prior' | 'name'>[]) {
  let S = 0;
  for (const h of byName(strata)) S += strata[h]!.size;
  const none = { target: 0, x: strata.map(() => 0), year: strata.map(() => null as number | null) };
  if (S === 0) return none;
  switch (size.kind) {
    case 'ratio_per_period': {
      const t = size.ratio * population;
      return { target: t, x: strata.map((s) => (t * s.size) / S), year: strata.map(() => null) };
    }
    case 'count':
      return { target: size.count, x: strata.map((s) => (size.count * s.size) / S), year: strata.map(() => null) };
    case 'all':
      return { target: population, x: strata.map((s) => (population * s.size) / S), year: strata.map(() => null) };
    case 'ratio_per_year': {
      const t = size.ratio * population;
      const year = strata.map((s) => (t * s.size) / S);
      const x = year.map((y, h) => yearShare(y, period.index, period.perYear, strata[h]!.prior));
      let target = 0;
      for (const h of byName(strata)) target += x[h]!;
      return { target, x, year: year as (number | null)[] };
    }
  }
}

/**
 * Whole-year carry for one stratum: Y is the year's target, D what periods 1..k−1 drew. The
 * year-to-date targets are T′ = (Y·(k−1))/K and T = (Y·k)/K (snapped to a whole number within 1e−9).
 * The stratum's count to date must end in ⌊T⌋ or ⌈T⌉ with expectation T, never going down: the
 * unique such step, given that D is ⌊T′⌋ or ⌈T′⌉ with expectation T′, draws in expectation
 *   (f − f′)/(1 − f′)  when D = ⌊T′⌋, ⌊T⌋ = ⌊T′⌋ and f′ > 0 (f, f′ the fractional parts of T, T′),
 *   max(0, T − D)      otherwise.
 * (Without the first case a stratum whose earlier periods did not round up would be drawn again
 * with the whole year-to-date fraction each period, and tiny strata would be drawn far too often.)
 * When the directory changed since the earlier periods, D can lie outside ⌊T′⌋..⌈T′⌉; then the
 * second case makes up the difference, or draws nothing while the stratum is ahead.
 */
export function yearShare(Y: number, k: number, K: number, D: number): number {
  const T1 = snap((Y * (k - 1)) / K);
  const T = snap((Y * k) / K);
  const a = Math.floor(T1);
  const f1 = T1 - a;
  if (D === a && Math.floor(T) === a && f1 > 0) return (T - a - f1) / (1 - f1);
  return Math.max(0, T - D);
}

/** indices of the strata in ascending name order (UTF-16 code units) */
function byName(strata: readonly { name: string }[]): number[] {
  return strata.map((_, h) => h).sort((a, b) => cmp(strata[a]!.name, strata[b]!.name));
}

/**
 * Caps: a stratum whose share reaches its eligible count E_h takes all of them; what it could not take
 * goes to the strata still open, in proportion to their s_h; repeated until no stratum overflows or none
 * is open (then the task draws every eligible unit).
 */
export function capShares(x0: readonly number[], sizes: readonly number[], eligible: readonly number[], order: readonly number[] = x0.map((_, h) => h)): { x: number[]; full: boolean[] } {
  const x = [...x0];
  const full = x.map(() => false);
  for (;;) {
    let excess = 0;
    for (const h of order) {
      if (!full[h] && x[h]! >= eligible[h]!) {
        excess += x[h]! - eligible[h]!;
        x[h] = eligible[h]!;
        full[h] = true;
      }
    }
    if (excess === 0) return { x, full };
    let open = 0;
    for (const h of order) if (!full[h]) open += sizes[h]!;
    if (open === 0) return { x, full };
    for (const h of order) if (!full[h]) x[h] = x[h]! + (excess * sizes[h]!) / open;
  }
}

export function selectV2(size: TaskSize, population: number, period: Pick<Period, 'index' | 'perYear'>, strata: readonly V2Stratum[], units: V2Units, start: number) {
  const { key, w } = units;
  const classOf = units.weightClass && units.classWeights ? units.weightClass : null;
  const classWeights = units.classWeights ?? [];
  /** how many of the units have each weight (takeAll reads it in ascending weight order: insertion order does not matter) */
  const weightCounts = (members: Int32Array): Map<number, number> => {
    const counts = new Map<number, number>();
    if (classOf) {
      const byClass = new Float64Array(classWeights.length);
      for (let k = 0; k < members.length; k++) byClass[classOf(members[k]!)]!++;
      for (let c = 0; c < byClass.length; c++) if (byClass[c]) counts.set(classWeights[c]!, (counts.get(classWeights[c]!) ?? 0) + byClass[c]!);
      return counts;
    }
    for (const j of members) {
      const wj = w(j);
      counts.set(wj, (counts.get(wj) ?? 0) + 1);
    }
    return counts;
  };
  const sh = shares(size, population, period, strata);
  const capped = capShares(
    sh.x,
    strata.map((s) => s.size),
    strata.map((s) => s.members.length),
    byName(strata),
  );
  const results: V2StratumResult[] = strata.map((s, h) => {
    const x = capped.x[h]!;
    if (capped.full[h]) {
      return { expected: x, yearTarget: sh.year[h]!, takeAll: s.members.length, restWeight: 0, takeAllFrom: s.members.length ? 0 : null, piOf: () => 1, picked: Picks.of(s.members, 1) };
    }
    const ta = takeAll(x, weightCounts(s.members));
    const rest = ta.rest;
    const W = ta.restWeight;
    // threshold: the smallest certain weight; Infinity when none is certain (every weight is finite), −Infinity when all are
    const certain = ta.threshold;
    const sure: number[] = [];
    if (certain !== Infinity) for (const j of s.members) if (w(j) >= certain) sure.push(j);
    return {
      expected: x,
      yearTarget: sh.year[h]!,
      takeAll: sure.length,
      restWeight: W,
      takeAllFrom: Number.isFinite(certain) ? certain : certain === -Infinity && s.members.length ? 0 : null,
      piOf: (wt: number) => (wt >= certain ? 1 : W > 0 ? (rest * wt) / W : 0),
      picked: Picks.of(sure, 1),
    };
  });

  // the line: strata by ascending stratum ticket hex, units by ascending ticket (u, then hex)
  const strataOrder = strata.map((_, h) => h).sort((a, b) => cmp(strata[a]!.tieHex, strata[b]!.tieHex));
  const points = (c: number) => (c > start ? Math.ceil(c - start) : 0);
  let c = 0;
  for (const h of strataOrder) {
    const r = results[h]!;
    if (capped.full[h]) continue;
    const certain = r.takeAllFrom ?? Infinity;
    if (certain === 0) continue;
    const members = strata[h]!.members;
    const line = ticketOrder(certain === Infinity ? members : members.filter((j) => w(j) < certain), key, units.hexesOf);
    const piOfClass = classOf ? classWeights.map((wt) => r.piOf(wt)) : null;
    for (let k = 0; k < line.length; k++) {
      const j = line[k]!;
      const pi = piOfClass ? piOfClass[classOf!(j)]! : r.piOf(w(j));
      const before = points(c);
      c = snap(c + pi);
      if (points(c) > before) r.picked.push(j, pi);
    }
  }
  return { target: sh.target, strata: results };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The units js in ticket order: ascending key (u, or the digest's first 32 bits), equal keys by
 * ascending ticket hex; the order of a stratum's units on the line. Keys are sorted first, by a
 * comparator up to `comparatorUpTo` units, by a bucket sort beyond (a province's stratum holds
 * 10^5-10^6): keys are uniform (they come from SHA-256), so n/4 buckets of equal width hold ~4 units
 * each, and since scaling and flooring never reverses two keys, the buckets in turn, each sorted, are
 * the order of the keys. A bucket is sorted by insertion while small, by the comparator when not (so no
 * choice of keys makes this quadratic). Then each run of equal keys is put in hex order: equal u never
 * happens in practice (52 bits), equal 32-bit keys do (~n^2/2^33 pairs: a few hundred in a stratum of
 * 10^6), and their hexes are asked for in one call, so a caller that reads them from the file reads
 * each tied row once.
 */
export function ticketOrder(js: Int32Array, key: Float64Array | Uint32Array, hexesOf: (js: readonly number[]) => string[], comparatorUpTo = 4096): Int32Array {
  const n = js.length;
  const byKey = (a: number, b: number) => key[a]! - key[b]!;
  const out = n <= comparatorUpTo ? Int32Array.from(Array.from(js).sort(byKey)) : bucketOrder(js, key);
  // runs of equal keys: ordered by the full ticket
  const runs: number[] = [];
  for (let k = 1; k < n; ) {
    if (key[out[k]!] !== key[out[k - 1]!]) {
      k++;
      continue;
    }
    const from = k - 1;
    while (k < n && key[out[k]!] === key[out[from]!]) k++;
    runs.push(from, k);
  }
  if (!runs.length) return out;
  const tied: number[] = [];
  for (let r = 0; r < runs.length; r += 2) for (let k = runs[r]!; k < runs[r + 1]!; k++) tied.push(out[k]!);
  const hexes = hexesOf(tied);
  const hexOf = new Map<number, string>();
  tied.forEach((j, x) => hexOf.set(j, hexes[x]!));
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r]!;
    const run = Array.from(out.subarray(from, runs[r + 1]!)).sort((a, b) => cmp(hexOf.get(a)!, hexOf.get(b)!));
    out.set(run, from);
  }
  return out;
}

/** js in ascending key (equal keys in any order), by buckets: see ticketOrder. */
function bucketOrder(js: Int32Array, key: Float64Array | Uint32Array): Int32Array {
  const n = js.length;
  const m = Math.max(1, n >>> 2);
  // u is in (0,1); a 32-bit key is scaled into [0,1) (by a power of two: exact)
  const scale = key instanceof Uint32Array ? 2 ** -32 : 1;
  const bucketOf = (x: number) => Math.min(m - 1, Math.floor(x * scale * m));
  // each unit's key, gathered once: the sort then reads memory in order
  const gathered = key instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
  for (let k = 0; k < n; k++) gathered[k] = key[js[k]!]!;
  const start = new Int32Array(m + 1);
  for (let k = 0; k < n; k++) start[bucketOf(gathered[k]!) + 1]!++;
  for (let b = 0; b < m; b++) start[b + 1]! += start[b]!;
  const out = new Int32Array(n);
  const outKey = key instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = gathered[k]!;
    const at = start[bucketOf(x)]!++;
    out[at] = js[k]!;
    outKey[at] = x;
  }
  // start[b] is now where bucket b ends
  for (let b = 0, from = 0; b < m; from = start[b]!, b++) {
    const to = start[b]!;
    if (to - from < 2) continue;
    if (to - from > 32) {
      const sorted = Array.from(out.subarray(from, to)).sort((a, c) => key[a]! - key[c]!);
      for (let k = 0; k < sorted.length; k++) {
        out[from + k] = sorted[k]!;
        outKey[from + k] = key[sorted[k]!]!;
      }
      continue;
    }
    for (let k = from + 1; k < to; k++) {
      const j = out[k]!;
      const x = outKey[k]!;
      let p = k - 1;
      while (p >= from && outKey[p]! > x) {
        out[p + 1] = out[p]!;
        outKey[p + 1] = outKey[p]!;
        p--;
      }
      out[p + 1] = j;
      outKey[p + 1] = x;
    }
  }
  return out;
}
