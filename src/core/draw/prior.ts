/**
 * v2 whole-year targets: what each stratum of each task drew in the earlier periods of the plan year,
 * read from the ledger's counts. Per period only the last entry counts (a redraw replaces the earlier
 * draw, as for the already-drawn set); later periods do not count (a redraw of H1 after H2 is made as
 * H1 was, knowing nothing of H2).
 */
import type { LedgerEntry } from '../ledger.js';
import type { PriorDrawn } from './types.js';

export function priorDrawnFor(entries: readonly LedgerEntry[], planId: string, planYear: number, period: string): PriorDrawn[] {
  const inForce = new Map<string, LedgerEntry>();
  // canonical labels of one plan (2026H1, 2026Q3, 2026-03) sort in time order as strings
  for (const e of entries) if (e.plan_id === planId && e.plan_year === planYear && e.period < period) inForce.set(e.period, e);
  const sum = new Map<string, PriorDrawn>();
  for (const e of inForce.values())
    for (const c of e.counts) {
      if (c.drawn === 0) continue;
      const k = `${c.task}\u0000${c.stratum}`;
      const d = sum.get(k);
      if (d) d.drawn += c.drawn;
      else sum.set(k, { task: c.task, stratum: c.stratum, drawn: c.drawn });
    }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sum.values()].sort((a, b) => cmp(a.task, b.task) || cmp(a.stratum, b.stratum));
}
