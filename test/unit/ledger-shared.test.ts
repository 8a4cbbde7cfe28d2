import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { lineHash, nextEntry, parseLedger, serialiseEntry, type LedgerEntry } from '../../src/core/ledger.js';
import { readLedger as readForCheck } from '../../src/core/check/draws.js';
import { lockLedger } from '../../src/io/ledger.js';
import { findingText } from '../../src/ui/report/index.js';

function entryFields(period: string, drawn: string[]): Omit<LedgerEntry, 'seq' | 'prev' | 'kind'> {
  return {
    plan_id: 'P', plan_year: 2026, period, seed: 's', algorithm: 'shuangsui-draw/1', manifest_sha256: 'a'.repeat(64),
    out_dir: 'o', created_at: '2026-01-05T02:00:00.000Z', redraw: false, reason: null,
    counts: [{ task: 'T1', stratum: '', eligible: 10, quota: 1, drawn: 1, full_coverage: 0 }], drawn, full_coverage: [],
  };
}

function chain(periods: string[]): string[] {
  const lines: string[] = [];
  for (const p of periods) lines.push(serialiseEntry(nextEntry(parseLedger(lines.map((l) => l + '\n').join('')), entryFields(p, [p]))));
  return lines;
}

describe('one parser for draw, verify and check draws', () => {
  const lines = chain(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);

  it('hashes the bytes of a line as stored: text and bytes read alike', () => {
    const text = lines.join('\n') + '\n';
    const fromBytes = parseLedger(Buffer.from(text, 'utf8'));
    expect(fromBytes).toEqual(parseLedger(text));
    expect(fromBytes.headHash).toBe(lineHash(Buffer.from(lines[3]!, 'utf8')));
  });

  it('past the first fault the chain vouches for nothing, but well-formed entries are kept apart for check', () => {
    const cut = [lines[0], lines[2], lines[3]].join('\n') + '\n';
    const c = parseLedger(cut);
    expect(c.fault).toEqual({ kind: 'missing', line: 2, expectedSeq: 2, foundSeq: 3 });
    expect(c.lines.map((l) => l.entry.period)).toEqual(['2026Q1']);
    expect(c.unchained.map((l) => [l.line, l.entry.period])).toEqual([[2, '2026Q3'], [3, '2026Q4']]);
    expect(c.nextSeq).toBe(2);
  });

  it('a line cut off in the middle is an unfinished write, not just bad JSON; a line that is not UTF-8 is bad', () => {
    const text = lines.join('\n') + '\n';
    expect(parseLedger(text.slice(0, -10)).fault).toEqual({ kind: 'unterminated', line: 4 });
    const bytes = Buffer.concat([Buffer.from(lines[0] + '\n'), Buffer.from([0xff, 0xfe, 0x0a])]);
    expect(parseLedger(bytes).fault).toMatchObject({ kind: 'badJson', line: 2 });
  });

  it('check draws turns the first fault into one finding in its own words and still reads later entries', () => {
    const cut = Buffer.from([lines[0], lines[2], lines[3]].join('\n') + '\n');
    const r = readForCheck(cut, 'ledger.jsonl');
    expect(r.breaks).toHaveLength(1);
    expect(r.breaks[0]).toMatchObject({ check: 'draws', severity: 'finding', file: 'ledger.jsonl', line: 2 });
    expect(findingText(r.breaks[0]!)).toContain('序号应为 2');
    expect(r.entries.map((l) => l.entry.period)).toEqual(['2026Q1', '2026Q3', '2026Q4']);
    const field = readForCheck(Buffer.from(lines[0]!.replace('"out_dir":"o"', '"out_dir":7') + '\n'));
    expect(findingText(field.breaks[0]!)).toContain('out_dir');
    expect(readForCheck(Buffer.from(lines.join('\n') + '\n')).breaks).toEqual([]);
  });
});

describe('the ledger lock', () => {
  it('is exclusive, says who holds it, and is released only by its holder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-lock-'));
    const ledger = path.join(dir, 'sub', 'ledger.jsonl');
    const now = new Date('2026-01-10T01:02:03.000Z');
    const a = await lockLedger(ledger, now);
    expect(a.file).toBe(ledger + '.lock');
    expect(JSON.parse(readFileSync(a.file, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname(), since: '2026-01-10T01:02:03.000Z' });
    const refused = await lockLedger(ledger, now).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).problems[0]).toMatchObject({ file: a.file });
    expect((refused as InputError).problems[0]!.message).toContain(String(process.pid));
    await a.release();
    expect(existsSync(a.file)).toBe(false);
    // the folder the lock made is gone again with it
    expect(existsSync(path.join(dir, 'sub'))).toBe(false);

    const b = await lockLedger(ledger, now);
    // someone removed b's lock as stale and c took it: b's release must not free c's lock
    writeFileSync(b.file, JSON.stringify({ pid: 1, host: 'other', since: 'x' }) + '\n');
    await b.release();
    expect(existsSync(b.file)).toBe(true);
  });
});
