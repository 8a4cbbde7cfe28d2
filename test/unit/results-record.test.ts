import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitResults } from '../../src/io/results-record.js';
import { openTransaction } from '../../src/io/transaction.js';
import { GENESIS_HASH, lineHash, parseLedger, serialiseResultsEntry, type ResultsEntry } from '../../src/core/ledger.js';
import { InputError } from '../../src/errors.js';

const hex = (c: string) => c.repeat(64);
const entry = (seq: number, prev: string): ResultsEntry => ({
  seq, prev, kind: 'results', plan_id: 'p', plan_year: 2026, period: '2026H1', draw_seq: 1, draw_line_sha256: hex('a'), draw_manifest_sha256: hex('b'),
  register_sha256: hex('c'), publication_sha256: hex('d'), manifest_sha256: hex('e'), out_dir: 'out', published_on: '2026-07-15', created_at: 'now',
  republish: false, reason: null, units: 2, inspected: 2, problems: 0, by_result: { 未发现问题: 2 }, by_date: { '2026-03-02': 2 },
});
const opts = { now: new Date('2026-07-15T02:00:00Z'), note: () => undefined };

describe('recording a results publication through the record transaction', () => {
  it('writes the files, then a results line the chain accepts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-rec-'));
    const ledger = path.join(dir, 'ledger.jsonl');
    const tx = await openTransaction(ledger, opts);
    try {
      await commitResults(tx, path.join(dir, 'out'), [{ name: 'a.csv', data: 'x' }], entry(1, tx.ledger.headHash), false);
    } finally {
      await tx.release();
    }
    const chain = parseLedger(readFileSync(ledger));
    expect(chain.fault).toBeNull();
    expect(chain.lines).toHaveLength(0);
    expect(chain.results.map((r) => r.entry.seq)).toEqual([1]);
    expect(chain.nextSeq).toBe(2);
    expect(chain.headHash).toBe(lineHash(readFileSync(ledger).subarray(0, -1)));
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['a.csv']);
  });

  it('leaves nothing behind when someone appended to the ledger meanwhile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-rec-'));
    const ledger = path.join(dir, 'ledger.jsonl');
    const tx = await openTransaction(ledger, opts);
    try {
      // a writer that ignores the lock
      writeFileSync(ledger, serialiseResultsEntry(entry(1, GENESIS_HASH)) + '\n');
      const before = readFileSync(ledger);
      await expect(commitResults(tx, path.join(dir, 'out'), [{ name: 'a.csv', data: 'x' }], entry(1, GENESIS_HASH), false)).rejects.toBeInstanceOf(InputError);
      expect(existsSync(path.join(dir, 'out', 'a.csv'))).toBe(false);
      expect(readFileSync(ledger).equals(before)).toBe(true);
    } finally {
      await tx.release();
    }
  });

  it('a results line with a wrong field, or not in canonical form, breaks the chain there', () => {
    const bad = JSON.stringify({ ...entry(1, GENESIS_HASH), by_date: { '2026-03-02': -1 } });
    expect(parseLedger(bad + '\n').fault).toEqual({ kind: 'badField', line: 1, seq: 1, field: 'by_date' });
    const spaced = JSON.stringify(entry(1, GENESIS_HASH), null, 1).replace(/\n/g, '');
    expect(parseLedger(spaced + '\n').fault).toEqual({ kind: 'notCanonical', line: 1, seq: 1 });
  });
});
