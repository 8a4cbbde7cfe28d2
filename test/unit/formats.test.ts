import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LEDGER_FORMAT, nextEntry, parseLedger, serialiseEntry, type LedgerEntry } from '../../src/core/ledger.js';
import { CodedInputError, InputError } from '../../src/errors.js';
import { MANIFEST_FORMAT, readManifest } from '../../src/io/manifest.js';
import { runMain } from '../support/main.js';

/**
 * `format` in the manifest and the ledger (issue 15): a record without it is the layout from before
 * the key and verifies forever; a higher number is refused with exit 2 naming the key.
 */

const V1 = path.resolve(import.meta.dirname, '../fixtures/v1-draw');

function fields(period: string): Omit<LedgerEntry, 'seq' | 'prev' | 'kind'> {
  return {
    plan_id: 'P',
    plan_year: 2026,
    period,
    seed: 's',
    algorithm: 'shuangsui-draw/1',
    manifest_sha256: 'a'.repeat(64),
    out_dir: 'o',
    created_at: '2026-01-05T02:00:00.000Z',
    redraw: false,
    reason: null,
    counts: [],
    drawn: [],
    full_coverage: [],
  };
}

describe('ledger format', () => {
  it('a legacy line (no format) keeps its canonical bytes, and a new entry appended to it carries format 1', () => {
    const legacy = readFileSync(path.join(V1, 'draws/ledger.jsonl'), 'utf8');
    const chain = parseLedger(legacy);
    expect(chain.fault).toBeNull();
    expect(chain.lines.every((l) => l.entry.format === undefined && serialiseEntry(l.entry) === l.raw)).toBe(true);
    const next = nextEntry(chain, fields('2027H1'));
    expect(next.format).toBe(LEDGER_FORMAT);
    const mixed = parseLedger(legacy + serialiseEntry(next) + '\n');
    expect(mixed.fault).toBeNull();
    expect(mixed.lines).toHaveLength(3);
  });

  it('format anywhere else than after kind is not canonical; format 0 or "1" is a bad field', () => {
    const line = serialiseEntry(nextEntry(parseLedger(''), fields('2026H1')));
    const moved = line.replace('"format":1,', '').replace('"full_coverage":[]}', '"full_coverage":[],"format":1}');
    expect(parseLedger(moved + '\n').fault).toMatchObject({ kind: 'notCanonical', line: 1 });
    expect(parseLedger(line.replace('"format":1', '"format":0') + '\n').fault).toMatchObject({ kind: 'badField', field: 'format' });
    expect(parseLedger(line.replace('"format":1', '"format":"1"') + '\n').fault).toMatchObject({ kind: 'badField', field: 'format' });
  });

  it('a line of a newer format is refused, naming the file, line and key, not judged as a broken chain', () => {
    const line = serialiseEntry(nextEntry(parseLedger(''), fields('2026H1'))).replace('"format":1', '"format":2');
    let err: unknown;
    try {
      parseLedger(line + '\n', 'l.jsonl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedInputError);
    expect((err as CodedInputError).code).toBe('ledger.format.newer');
    expect((err as CodedInputError).problems[0]).toMatchObject({ file: 'l.jsonl', line: 1, key: 'format', value: '2' });
  });

  it('verify --ledger on it exits 2 in zh and en, naming format', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-format-'));
    try {
      const file = path.join(dir, 'ledger.jsonl');
      writeFileSync(file, serialiseEntry(nextEntry(parseLedger(''), fields('2026H1'))).replace('"format":1', '"format":2') + '\n');
      const zh = await runMain(['verify', '--ledger', file]);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain('format 为 2');
      expect(zh.stderr).not.toContain('ledger.format');
      const en = await runMain(['verify', '--ledger', file, '--lang', 'en']);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain('has format 2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('manifest format', () => {
  it('a legacy manifest (no format) reads; a newer format is refused naming the key; a malformed one is a bad manifest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-format-'));
    try {
      cpSync(path.join(V1, 'draws/2026H1/manifest.json'), path.join(dir, 'legacy.json'));
      const legacy = await readManifest(path.join(dir, 'legacy.json'));
      expect(legacy.manifest.format).toBeUndefined();
      const data = JSON.parse(readFileSync(path.join(dir, 'legacy.json'), 'utf8'));
      const write = (name: string, format: unknown) => {
        writeFileSync(path.join(dir, name), JSON.stringify({ tool: data.tool, format, ...data }, null, 2) + '\n');
        return path.join(dir, name);
      };
      expect((await readManifest(write('now.json', MANIFEST_FORMAT))).manifest.format).toBe(1);
      const newer = await readManifest(write('newer.json', MANIFEST_FORMAT + 1)).catch((e: unknown) => e);
      expect(newer).toBeInstanceOf(InputError);
      expect((newer as InputError).problems[0]).toMatchObject({ key: 'format', value: '2' });
      const odd = await readManifest(write('odd.json', '1')).catch((e: unknown) => e);
      expect(odd).toBeInstanceOf(InputError);
      expect((odd as InputError).message).toContain('format');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
