import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, lineHash, parseLedger, serialiseEntry, type LedgerEntry } from '../../src/core/ledger.js';

/**
 * docs/algorithm.md section 10: one spelling per entry. Whatever strings an entry holds (control
 * characters, quotes, CJK, lone surrogates), the line draw writes parses as canonical; any other
 * spelling of the same entry is a fault, and so is a second entry of a period without redraw.
 */

function entry(seq: number, prev: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    seq,
    prev,
    kind: 'draw',
    plan_id: 'P2026',
    plan_year: 2026,
    period: '2026H1',
    seed: 's',
    algorithm: 'shuangsui-draw/1',
    manifest_sha256: 'a'.repeat(64),
    out_dir: 'draws/2026H1',
    created_at: '2026-01-05T02:00:00.000Z',
    redraw: false,
    reason: null,
    counts: [{ task: 'T1', stratum: '城关镇', eligible: 3, quota: 1, drawn: 1, full_coverage: 0 }],
    drawn: ['91350100MA0000001P'],
    full_coverage: [],
    ...over,
  };
}

const chain = (...lines: string[]) => lines.map((l) => l + '\n').join('');

describe('canonical ledger lines', () => {
  it('property: what serialiseEntry writes is canonical, whatever the strings hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.option(fc.string({ minLength: 1 }), { nil: null }), (seed, outDir, reason) => {
        const e = entry(1, GENESIS_HASH, { seed, out_dir: outDir, reason, redraw: reason !== null });
        const parsed = parseLedger(chain(serialiseEntry(e)));
        expect(parsed.fault).toBeNull();
        expect(parsed.lines[0]!.entry).toEqual(e);
      }),
      { numRuns: 60 },
    );
  });

  it('another key order, spaces, an escaped character or an extra key is a fault at that line', () => {
    const e = entry(1, GENESIS_HASH);
    const canonical = serialiseEntry(e);
    const variants = [
      JSON.stringify(Object.fromEntries(Object.entries(e).reverse())),
      JSON.stringify(e, null, 1).replace(/\n/g, ''),
      canonical.replace('城关镇', '\\u57ce关镇'),
      canonical.replace('"full_coverage":[]}', '"full_coverage":[],"note":"x"}'),
    ];
    for (const v of variants) {
      expect(JSON.parse(v)).toMatchObject({ seq: 1 });
      const parsed = parseLedger(chain(v));
      expect(parsed.fault, v).toEqual({ kind: 'notCanonical', line: 1, seq: 1 });
      expect(parsed.lines).toHaveLength(0);
    }
  });

  it('a second entry of a period needs redraw: true', () => {
    const l1 = serialiseEntry(entry(1, GENESIS_HASH));
    const again = serialiseEntry(entry(2, lineHash(Buffer.from(l1))));
    expect(parseLedger(chain(l1, again)).fault).toEqual({ kind: 'duplicatePeriod', line: 2, seq: 2, period: '2026H1', firstSeq: 1 });
    const redraw = serialiseEntry(entry(2, lineHash(Buffer.from(l1)), { redraw: true, reason: '名录有误' }));
    expect(parseLedger(chain(l1, redraw)).fault).toBeNull();
    const other = serialiseEntry(entry(2, lineHash(Buffer.from(l1)), { period: '2026H2' }));
    expect(parseLedger(chain(l1, other)).fault).toBeNull();
  });
});
