/** Inclusion probabilities with take-all, shared by the v1 and v2 selections (docs/algorithm.md). */

/**
 * Inclusion probabilities proportional to weight with take-all: c = n'/W' over the not-yet-take-all
 * units; every unit with n'·w/W' ≥ 1 becomes take-all (π = 1) and is removed; repeat until none.
 * Then π = (n'·w)/W' for the rest. Returns n', W' and the smallest take-all weight (threshold).
 * Works on the distinct weights of the stratum, so it costs nothing per employer.
 */
export function takeAll(n: number, weightCounts: ReadonlyMap<number, number>): { rest: number; restWeight: number; threshold: number } {
  const ws = [...weightCounts.keys()].sort((a, b) => a - b);
  let hi = ws.length; // the weights ws[hi..] are take-all
  let rest = n;
  for (;;) {
    let W = 0;
    for (let g = 0; g < hi; g++) W += weightCounts.get(ws[g]!)! * ws[g]!;
    if (hi === 0) return { rest, restWeight: 0, threshold: -Infinity };
    const top = ws[hi - 1]!;
    if (rest > 0 && (rest * top) / W >= 1) {
      rest -= weightCounts.get(top)!;
      hi--;
      continue;
    }
    return { rest, restWeight: W, threshold: hi < ws.length ? ws[hi]! : Infinity };
  }
}
