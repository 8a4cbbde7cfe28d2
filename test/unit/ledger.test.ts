import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GENESIS_HASH,
  alreadyDrawnFor,
  nextEntry,
  parseLedger,
  previousDrawsOfPeriod,
  serialiseEntry,
  type LedgerEntry,
} from '../../src/core/ledger.js';
import { appendEntry, readLedger } from '../../src/io/ledger.js';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function fields(period: string, drawn: string[], over: Partial<LedgerEntry> = {}): Omit<LedgerEntry, 'seq' | 'prev' | 'kind'> {
  return {
    plan_id: 'P2026',
    plan_year: 2026,
    period,
    seed: 'seed-' + period,
    algorithm: 'shuangsui-draw/1',
    manifest_sha256: sha(period + drawn.join()),
    out_dir: `draws/${period}`,
    created_at: '2026-01-05T02:00:00.000Z',
    redraw: false,
    reason: null,
    counts: [{ task: 'T1', stratum: '', eligible: 10, quota: 2, drawn: drawn.length, full_coverage: 0 }],
    drawn,
    full_coverage: [],
    ...over,
  };
}

/** A well-formed ledger text of the given entries' fields, chained as `draw` chains them. */
function chain(list: Omit<LedgerEntry, 'seq' | 'prev' | 'kind'>[]): string {
  let text = '';
  for (const f of list) {
    const e = nextEntry(parseLedger(text), f);
    text += serialiseEntry(e) + '\n';
  }
  return text;
}

describe('ledger format', () => {
  it('serialises with the documented key order and no spaces', () => {
    const e = nextEntry(parseLedger(''), fields('2026H1', ['B', 'A']));
    const line = serialiseEntry(e);
    expect(Object.keys(JSON.parse(line))).toEqual([
      'seq', 'prev', 'kind', 'format', 'plan_id', 'plan_year', 'period', 'seed', 'algorithm', 'manifest_sha256',
      'out_dir', 'created_at', 'redraw', 'reason', 'counts', 'drawn', 'full_coverage',
    ]);
    expect(line.startsWith(`{"seq":1,"prev":"${GENESIS_HASH}","kind":"draw","format":1,"plan_id":"P2026","plan_year":2026,`)).toBe(true);
    expect(line).not.toMatch(/\n/);
    expect(Object.keys(JSON.parse(line).counts[0])).toEqual(['task', 'stratum', 'eligible', 'quota', 'drawn', 'full_coverage']);
  });

  it('links each entry to the SHA-256 of the previous line without its newline', () => {
    const text = chain([fields('2026H1', ['A']), fields('2026H2', ['B'])]);
    const [l1, l2] = text.split('\n');
    expect(JSON.parse(l2!).prev).toBe(sha(l1!));
    const ledger = parseLedger(text);
    expect(ledger.fault).toBeNull();
    expect(ledger.headHash).toBe(sha(l2!));
    expect(ledger.nextSeq).toBe(3);
  });
});

describe('chain faults name the first broken or missing entry', () => {
  const text = chain([fields('2026Q1', ['A']), fields('2026Q2', ['B']), fields('2026Q3', ['C']), fields('2026Q4', ['D'])]);
  const lines = text.split('\n').slice(0, -1);

  it('a removed middle entry', () => {
    const cut = [lines[0], lines[2], lines[3]].join('\n') + '\n';
    expect(parseLedger(cut).fault).toEqual({ kind: 'missing', line: 2, expectedSeq: 2, foundSeq: 3 });
  });

  it('a removed first entry', () => {
    const cut = lines.slice(1).join('\n') + '\n';
    expect(parseLedger(cut).fault).toMatchObject({ kind: 'missing', line: 1, expectedSeq: 1, foundSeq: 2 });
  });

  it('an edited entry breaks the link of the next one', () => {
    const edited = [...lines];
    edited[1] = edited[1]!.replace('"B"', '"X"');
    expect(parseLedger(edited.join('\n') + '\n').fault).toEqual({ kind: 'prevMismatch', line: 3, seq: 3, prevLine: 2, prevSeq: 2 });
  });

  it('a removed entry with the rest renumbered still breaks the chain', () => {
    const renumbered = [lines[0], lines[2]!.replace('"seq":3', '"seq":2')].join('\n') + '\n';
    expect(parseLedger(renumbered).fault).toMatchObject({ kind: 'prevMismatch', line: 2, seq: 2, prevSeq: 1 });
  });

  it('an unfinished last line, a blank line, bad JSON, a malformed field', () => {
    expect(parseLedger(text.slice(0, -1)).fault).toEqual({ kind: 'unterminated', line: 4 });
    expect(parseLedger(lines[0] + '\n\n' + lines[1] + '\n').fault).toEqual({ kind: 'blankLine', line: 2 });
    expect(parseLedger(lines[0] + '\n{oops\n').fault).toMatchObject({ kind: 'badJson', line: 2 });
    expect(parseLedger(lines[0]!.replace('"kind":"draw"', '"kind":"other"') + '\n').fault).toMatchObject({ kind: 'badField', line: 1, field: 'kind' });
  });

  it('property: deleting or editing any line but the last is caught at or right after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length - 2 }), fc.boolean(), fc.integer({ min: 0, max: 40 }), (i, remove, pos) => {
        const copy = [...lines];
        if (remove) copy.splice(i, 1);
        else {
          // flip one character of the seed, which every line has
          const at = copy[i]!.indexOf('"seed":"') + 8 + (pos % 5);
          const ch = copy[i]![at] === 'x' ? 'y' : 'x';
          copy[i] = copy[i]!.slice(0, at) + ch + copy[i]!.slice(at + 1);
        }
        const fault = parseLedger(copy.join('\n') + '\n').fault;
        expect(fault).not.toBeNull();
        expect(fault!.line).toBeLessThanOrEqual(i + 2);
      }),
      { numRuns: 60 },
    );
  });
});

describe('what earlier draws mean for the next one', () => {
  const text = chain([
    fields('2026H1', ['A', 'B']),
    fields('2026H1', ['C'], { plan_id: 'OTHER' }),
    fields('2025H2', ['D'], { plan_year: 2025 }),
    fields('2026H2', ['E']),
    fields('2026Q9', ['F']),
    fields('2026Q9', ['G'], { redraw: true, reason: '更正名录' }),
  ]);
  const ledger = parseLedger(text);

  it('excludes employers drawn by the same plan and year, but not by the period being redrawn nor by a superseded draw', () => {
    expect(alreadyDrawnFor(ledger, 'P2026', 2026, '2026H2')).toEqual(['A', 'B', 'G']);
    expect(alreadyDrawnFor(ledger, 'P2026', 2026, '2026H1')).toEqual(['E', 'G']);
    expect(alreadyDrawnFor(ledger, 'P2026', 2025, '2025H1')).toEqual(['D']);
  });

  it('finds earlier draws of the same plan and period', () => {
    expect(previousDrawsOfPeriod(ledger, 'P2026', 2026, '2026H1').map((l) => l.entry.seq)).toEqual([1]);
    expect(previousDrawsOfPeriod(ledger, 'OTHER', 2026, '2026H2')).toEqual([]);
  });
});

describe('reading and appending', () => {
  it('a missing ledger is empty; appends chain; a ledger changed meanwhile is refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
    const file = path.join(dir, 'draws', 'ledger.jsonl');
    const empty = await readLedger(file);
    expect(empty.exists).toBe(false);
    expect(empty.headHash).toBe(GENESIS_HASH);
    const e1 = nextEntry(empty, fields('2026H1', ['A']));
    await appendEntry(file, empty.headHash, e1);
    const one = await readLedger(file);
    expect(one.fault).toBeNull();
    expect(one.lines).toHaveLength(1);
    // a second writer built on the empty ledger too: its entry must not go in
    await expect(appendEntry(file, empty.headHash, nextEntry(empty, fields('2026H2', ['B'])))).rejects.toThrow();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(2);
    writeFileSync(file, readFileSync(file, 'utf8') + serialiseEntry(nextEntry(one, fields('2026H2', ['B']))) + '\n');
    expect((await readLedger(file)).fault).toBeNull();
  });
});
