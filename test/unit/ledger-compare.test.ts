import { describe, expect, it } from 'vitest';
import { compareEntry, GENESIS_HASH, type EntryExpectation, type LedgerEntry } from '../../src/core/ledger.js';

/** compareEntry: what `verify DIR --ledger` reports when an entry disagrees with its manifest. */

const HASH = 'a'.repeat(64);

function expectation(over: Partial<EntryExpectation> = {}): EntryExpectation {
  return {
    seq: 1,
    prev: GENESIS_HASH,
    plan_id: 'P2026',
    plan_year: 2026,
    period: '2026H1',
    seed: 's1',
    algorithm: 'shuangsui-draw/1',
    manifest_sha256: HASH,
    created_at: '2026-01-05T02:00:00.000Z',
    redraw: false,
    reason: null,
    counts: [{ task: 'T1', stratum: '', eligible: 10, quota: 2, drawn: 2, full_coverage: 0 }],
    drawn: ['U1', 'U2'],
    full_coverage: ['F1'],
    ...over,
  };
}

function entryOf(e: EntryExpectation, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    seq: e.seq ?? 1,
    prev: e.prev ?? GENESIS_HASH,
    kind: 'draw',
    plan_id: e.plan_id,
    plan_year: e.plan_year,
    period: e.period,
    seed: e.seed,
    algorithm: e.algorithm,
    manifest_sha256: e.manifest_sha256,
    out_dir: 'anywhere',
    created_at: e.created_at,
    redraw: e.redraw,
    reason: e.reason,
    counts: e.counts.map((c) => ({ ...c })),
    drawn: [...e.drawn],
    full_coverage: [...e.full_coverage],
    ...over,
  };
}

describe('compareEntry', () => {
  it('finds nothing when the entry agrees (out_dir is where the user wrote, not compared)', () => {
    const want = expectation();
    expect(compareEntry(entryOf(want, { out_dir: 'moved' }), want)).toEqual([]);
  });

  it('names each scalar field that differs, expected vs found', () => {
    const want = expectation();
    const got = compareEntry(entryOf(want, { seed: 's9', period: '2026H2', plan_year: 2025, redraw: true, reason: '改' }), want);
    expect(got).toEqual([
      { field: 'plan_year', expected: '2026', found: '2025' },
      { field: 'period', expected: '2026H1', found: '2026H2' },
      { field: 'seed', expected: 's1', found: 's9' },
      { field: 'redraw', expected: 'false', found: 'true' },
      { field: 'reason', expected: 'null', found: '改' },
    ]);
  });

  it('checks seq and prev only when the manifest records them', () => {
    const want = expectation({ seq: 2, prev: 'b'.repeat(64) });
    expect(compareEntry(entryOf(expectation()), want).map((d) => d.field)).toEqual(['seq', 'prev']);
    expect(compareEntry(entryOf(expectation()), { ...want, seq: null, prev: null })).toEqual([]);
  });

  it('names the count row and column that differ, and a missing row', () => {
    const want = expectation();
    const edited = entryOf(want);
    edited.counts[0]!.quota = 3;
    expect(compareEntry(edited, want)).toEqual([{ field: 'counts[0].quota', expected: '2', found: '3' }]);
    const extra = entryOf(want);
    extra.counts.push({ task: 'T2', stratum: 'x', eligible: 1, quota: 1, drawn: 1, full_coverage: 0 });
    expect(compareEntry(extra, want).map((d) => [d.field, d.expected])).toEqual([['counts[1]', '-']]);
  });

  it('reports the employers missing from and added to the ledger, not the whole list', () => {
    const want = expectation();
    const got = compareEntry(entryOf(want, { drawn: ['U1', 'U9'], full_coverage: ['F1'] }), want);
    expect(got).toEqual([{ field: 'drawn', expected: 'U2', found: 'U9', list: true }]);
    // the same employers in another order are the same record
    expect(compareEntry(entryOf(want, { drawn: ['U2', 'U1'] }), want)).toEqual([]);
  });
});
