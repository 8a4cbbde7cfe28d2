import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

/**
 * Regression of `penalty --batch` against bytes recorded before its batch path was made fast
 * (issue 14): 3,000 seeded cases over every built-in rule, with valid, malformed and hostile cells
 * (formulas, quotes, newlines, unknown rules and facts, bad dates), written by the code of commit
 * 05a8879 in Chinese and English with a fixed "today". Every output byte, the summary and the exit
 * code must stay the same. Regenerate (scripts/gen-penalty-batch-fixture.js) only for a deliberate
 * change of the output, and say so in the commit.
 */
const DIR = path.join(ROOT, 'test', 'fixtures', 'penalty-batch');
const NOW = new Date('2026-11-30T04:00:00Z');
const gz = (name: string) => gunzipSync(readFileSync(path.join(DIR, name)));

/** The first differing line, so a failure says where rather than "buffers differ". */
function firstDifference(got: Buffer, want: Buffer): string | null {
  if (got.equals(want)) return null;
  const a = got.toString('utf8').split('\r\n');
  const b = want.toString('utf8').split('\r\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `record ${i + 1}:\n got  ${a[i]}\n want ${b[i]}`;
  return `same text, different bytes (${got.length} vs ${want.length})`;
}

describe('penalty --batch writes the same bytes as before', () => {
  const dir = tempDir();
  const input = path.join(dir, 'cases.csv');
  writeFileSync(input, gz('cases.csv.gz'));

  for (const lang of ['zh', 'en']) {
    it(`3,000 seeded cases, --lang ${lang}`, async () => {
      const out = path.join(dir, `out-${lang}.csv`);
      const r = await runMain(['penalty', '--batch', input, '--out', out, '--force', '--lang', lang], { now: NOW });
      const [exit, ...text] = readFileSync(path.join(DIR, `expected-${lang}.txt`), 'utf8').split('\n');
      expect(`exit ${r.code}`).toBe(exit);
      expect(r.stdout.split(out).join('OUT') + r.stderr).toBe(text.join('\n'));
      expect(firstDifference(readFileSync(out), gz(`expected-${lang}.csv.gz`))).toBeNull();
    });
  }

  // the built binary answers the second half in a worker thread (from 20,000 cases; here from 1, and
  // never with 0); the binary's today is the clock's, so the two runs are compared with each other
  it('the same bytes with the second half answered in a worker thread', async () => {
    const run = async (from: string) => {
      const out = path.join(dir, `out-threads-${from}.csv`);
      const r = await runCli(['penalty', '--batch', input, '--out', out, '--force', '--lang', 'en'], { env: { SHUANGSUI_BATCH_PARALLEL_FROM: from } });
      return { code: r.code, stdout: r.stdout.split(out).join('OUT'), bytes: readFileSync(out) };
    };
    const [one, two] = [await run('0'), await run('1')];
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    expect(firstDifference(two.bytes, one.bytes)).toBeNull();
  });
});
