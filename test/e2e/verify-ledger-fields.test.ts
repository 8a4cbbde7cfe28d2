import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * `verify DIR --ledger FILE` on a ledger whose LAST entry was edited: the chain cannot catch that
 * (nothing links to the last line), so verify must compare the entry with the manifest field by field.
 */
let f: DrawFiles;

beforeAll(async () => {
  f = writeInputs(tempDir());
  const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's1', '--as-of', '2026-01-10', '--out', 'out']), { cwd: f.dir });
  expect(r.code, r.stderr).toBe(0);
});

/** A copy of the office folder with the ledger's last line edited by `edit`. */
function tampered(edit: (entry: Record<string, unknown>) => void): { dir: string; ledger: string } {
  const dir = tempDir();
  cpSync(f.dir, dir, { recursive: true });
  const ledger = path.join(dir, 'draws', 'ledger.jsonl');
  const lines = readFileSync(ledger, 'utf8').split('\n');
  const entry = JSON.parse(lines[lines.length - 2]!);
  edit(entry);
  lines[lines.length - 2] = JSON.stringify(entry);
  writeFileSync(ledger, lines.join('\n'));
  return { dir, ledger };
}

describe('verify DIR --ledger: the entry against its manifest', () => {
  it('exits 0 and says so when the entry agrees', async () => {
    const r = await runMain(['verify', path.join(f.dir, 'out'), '--ledger', path.join(f.dir, 'draws', 'ledger.jsonl')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('该 manifest.json 与台账第 1 条记录一致');
  });

  it('exits 1 on an edited seed in the last entry, naming the line, the field, expected and found', async () => {
    const c = tampered((e) => (e.seed = 's9'));
    // the chain itself is still intact: only the comparison can catch it
    expect((await runMain(['verify', '--ledger', c.ledger])).code).toBe(0);
    const r = await runMain(['verify', path.join(c.dir, 'out'), '--ledger', c.ledger]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${c.ledger}:1:`);
    expect(r.stdout).toMatch(/seed.*应为“s1”，台账中为“s9”/);
    expect(r.stdout).not.toContain('与台账第 1 条记录一致');
  });

  it('reports every field that disagrees: period, reason, counts and the employers drawn', async () => {
    const c = tampered((e) => {
      e.period = '2026H2';
      e.redraw = true;
      e.reason = '补录';
      (e.counts as { quota: number }[])[0]!.quota += 1;
      const drawn = e.drawn as string[];
      drawn[0] = '91999999MA0000000X';
    });
    const r = await runMain(['verify', path.join(c.dir, 'out'), '--ledger', c.ledger, '--lang', 'en']);
    expect(r.code).toBe(1);
    for (const field of ['period', 'redraw', 'reason', 'counts[0].quota', 'drawn']) expect(r.stdout).toContain(`ledger entry 1: ${field} `);
    expect(r.stdout).toContain('not drawn but in the ledger: 91999999MA0000000X');
  });

  it('names the disagreement in --json too', async () => {
    const c = tampered((e) => (e.seed = 's9'));
    const r = await runMain(['verify', path.join(c.dir, 'out'), '--ledger', c.ledger, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(false);
    expect(j.dir.ledger_seq).toBe(null);
    expect(j.dir.findings).toEqual([expect.objectContaining({ file: c.ledger, line: 1, message: expect.stringContaining('seed') })]);
  });
});
