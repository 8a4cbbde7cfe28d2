import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitResults } from '../../src/io/results-record.js';
import { GENESIS_HASH, lineHash, parseLedger, type ResultsEntry } from '../../src/core/ledger.js';
import { InputError } from '../../src/errors.js';

const hex = (c: string) => c.repeat(64);
const entry = (seq: number, prev: string): ResultsEntry => ({
  seq, prev, kind: 'results', plan_id: 'p', plan_year: 2026, period: '2026H1', draw_seq: 1, draw_line_sha256: hex('a'), draw_manifest_sha256: hex('b'),
  register_sha256: hex('c'), publication_sha256: hex('d'), manifest_sha256: hex('e'), out_dir: 'out', published_on: '2026-07-15', created_at: 'now',
  republish: false, reason: null, units: 2, inspected: 2, problems: 0, by_result: { 未发现问题: 2 }, by_date: { '2026-03-02': 2 },
});

describe('recording a results publication', () => {
  it('writes the files, then a results line the chain accepts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-rec-'));
    const ledger = path.join(dir, 'ledger.jsonl');
    await commitResults([{ path: path.join(dir, 'out', 'a.csv'), data: 'x' }], ledger, GENESIS_HASH, entry(1, GENESIS_HASH), false);
    const chain = parseLedger(readFileSync(ledger));
    expect(chain.fault).toBeNull();
    expect(chain.lines).toHaveLength(0);
    expect(chain.results.map((r) => r.entry.seq)).toEqual([1]);
    expect(chain.nextSeq).toBe(2);
    expect(chain.headHash).toBe(lineHash(readFileSync(ledger).subarray(0, -1)));
    expect(readFileSync(path.join(dir, 'out', 'a.csv'), 'utf8')).toBe('x');
  });

  it('writes nothing when someone appended to the ledger meanwhile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-rec-'));
    const ledger = path.join(dir, 'ledger.jsonl');
    writeFileSync(ledger, JSON.stringify(entry(1, GENESIS_HASH)) + '\n');
    const before = readFileSync(ledger);
    await expect(commitResults([{ path: path.join(dir, 'a.csv'), data: 'x' }], ledger, GENESIS_HASH, entry(1, GENESIS_HASH), false)).rejects.toBeInstanceOf(InputError);
    expect(existsSync(path.join(dir, 'a.csv'))).toBe(false);
    expect(readFileSync(ledger).equals(before)).toBe(true);
  });

  it('a results line with a wrong field breaks the chain there, as a draw line would', () => {
    const bad = JSON.stringify({ ...entry(1, GENESIS_HASH), by_date: { '2026-03-02': -1 } });
    expect(parseLedger(bad + '\n').fault).toEqual({ kind: 'badField', line: 1, seq: 1, field: 'by_date' });
  });
});
