import { describe, expect, it, vi } from 'vitest';
import { promises as fsp, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { tempDir } from '../support/cli.js';
import { loadRuleSet } from '../../src/io/rules.js';
import { readSnapshot, snapshotKey, writeSnapshot } from '../../src/io/rules-snapshot.js';
import { RULES_DIR } from '../../src/io/paths.js';

/**
 * The built-in rule set's snapshot (issue 14) is a faster way to the value loadRuleSet reads from
 * the YAML, used only while its key is current.
 */
describe('the built-in rule set snapshot', () => {
  const dir = tempDir();

  it('gives back the rule set the YAML gives, paths and index included', async () => {
    const { problems, ...fresh } = await loadRuleSet();
    expect(problems).toEqual([]);
    const file = path.join(dir, 'rules.bin');
    await writeSnapshot({ ...fresh, problems }, file);
    const kept = await readSnapshot(file);
    expect(kept).not.toBeNull();
    expect(kept).toEqual(fresh);
    expect(kept!.rules[0]!.file.startsWith(path.join(RULES_DIR, 'penalty'))).toBe(true);
    expect([...kept!.byId.keys()]).toEqual([...fresh.byId.keys()]);
  });

  it('is not used when its key is not the current one, or when it is missing or unreadable', async () => {
    const { problems: _p, ...fresh } = await loadRuleSet();
    const stale = path.join(dir, 'stale.bin');
    const key = await snapshotKey();
    // what a build of other code or other rule files would have written
    writeFileSync(stale, v8.serialize({ key: key.replace(/^./, (c) => (c === '0' ? '1' : '0')), set: fresh }));
    expect(await readSnapshot(stale)).toBeNull();
    expect(await readSnapshot(path.join(dir, 'none.bin'))).toBeNull();
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, 'not a snapshot');
    expect(await readSnapshot(junk)).toBeNull();
  });

  it('is not used, and no error escapes, when the key cannot be taken (a rule file unreadable): the YAML path reports that', async () => {
    const { problems, ...fresh } = await loadRuleSet();
    const file = path.join(dir, 'current.bin');
    await writeSnapshot({ ...fresh, problems }, file);
    const real = fsp.readFile.bind(fsp);
    const spy = vi.spyOn(fsp, 'readFile').mockImplementation(((p: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
      if (String(p).endsWith('.yaml')) return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      return (real as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as typeof fsp.readFile);
    try {
      expect(await readSnapshot(file)).toBeNull();
    } finally {
      spy.mockRestore();
    }
    expect(await readSnapshot(file)).toEqual(fresh);
  });
});
