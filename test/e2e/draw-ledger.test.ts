import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs } from './draw-data.js';

const base = ['--period', '2026H1', '--as-of', '2026-01-10'];

describe('draw: the ledger lock', () => {
  it('a held lock refuses the draw with who holds it and how to remove a stale one; nothing is written and the lock stays', async () => {
    const f = writeInputs(tempDir());
    const draws = path.join(f.dir, 'draws');
    mkdirSync(draws);
    const lock = path.join(draws, 'ledger.jsonl.lock');
    const held = JSON.stringify({ pid: 4242, host: '科室电脑-2', since: '2026-01-10T01:02:03.000Z' }) + '\n';
    writeFileSync(lock, held);
    const out = path.join(f.dir, 'out');
    const r = await runMain(drawArgs(f, [...base, '--seed', 's', '--out', out]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(lock);
    expect(r.stderr).toContain('科室电脑-2');
    expect(r.stderr).toContain('4242');
    expect(r.stderr).toContain('2026-01-10T01:02:03');
    expect(r.stderr).toContain('删除锁文件');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(draws)).toEqual(['ledger.jsonl.lock']);
    expect(readFileSync(lock, 'utf8')).toBe(held);
    // a dry run only reads: it does not need the lock
    expect((await runMain(drawArgs(f, [...base, '--seed', 's', '--dry-run']))).code).toBe(0);
  });

  it('takes over a lock whose holder on this computer has ended, naming the PID, and refuses a lock it cannot read', async () => {
    const f = writeInputs(tempDir());
    const ledger = path.join(f.dir, 'office.jsonl');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${ledger}.lock`, JSON.stringify({ pid: dead, host: os.hostname(), since: '2026-01-10T01:02:03.000Z' }) + '\n');
    const r = await runMain(drawArgs(f, [...base, '--seed', 's', '--out', path.join(f.dir, 'out'), '--ledger', ledger]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`已接管遗留的锁文件 ${ledger}.lock：创建它的进程 ${dead}`);
    expect(existsSync(`${ledger}.lock`)).toBe(false);
    rmSync(ledger);
    rmSync(path.join(f.dir, 'out'), { recursive: true });
    writeFileSync(`${ledger}.lock`, '');
    const g = await runMain(drawArgs(f, [...base, '--seed', 's', '--out', path.join(f.dir, 'out'), '--ledger', ledger, '--lang', 'en']));
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('cannot be read');
    expect(existsSync(ledger)).toBe(false);
  });

  it('the lock is gone after a normal draw and after failed ones', async () => {
    const f = writeInputs(tempDir());
    const draws = path.join(f.dir, 'draws');
    expect((await runMain(drawArgs(f, [...base, '--seed', 's', '--out', path.join(f.dir, 'o1')]))).code).toBe(0);
    expect(readdirSync(draws)).toEqual(['ledger.jsonl']);
    const before = readFileSync(path.join(draws, 'ledger.jsonl'), 'utf8');
    // refused after the ledger was read: the period was drawn already
    const again = await runMain(drawArgs(f, [...base, '--seed', 't', '--out', path.join(f.dir, 'o2')]));
    expect(again.code).toBe(2);
    expect(readdirSync(draws)).toEqual(['ledger.jsonl']);
    // refused by the core after the lock was taken on a ledger not yet there: no folder is left either
    const g = writeInputs(tempDir(), { specialty: '社会保险' });
    expect((await runMain(drawArgs(g, [...base, '--seed', 's', '--out', path.join(g.dir, 'out')]))).code).toBe(2);
    expect(existsSync(path.join(g.dir, 'draws'))).toBe(false);
    // and the next draw goes ahead
    expect((await runMain(drawArgs(f, ['--period', '2026H2', '--as-of', '2026-07-10', '--seed', 'u', '--out', path.join(f.dir, 'o3')]))).code).toBe(0);
    expect(readFileSync(path.join(draws, 'ledger.jsonl'), 'utf8').startsWith(before)).toBe(true);
    expect(readdirSync(draws)).toEqual(['ledger.jsonl']);
  });
});

describe('draw: output bytes do not depend on --lang', () => {
  it('the same draw in Chinese and in English writes the same lists (default full-coverage name included)', async () => {
    const f = writeInputs(tempDir());
    const zh = path.join(f.dir, 'zh');
    const en = path.join(f.dir, 'en');
    expect((await runMain(drawArgs(f, [...base, '--seed', 's', '--out', zh, '--ledger', path.join(f.dir, 'l1.jsonl')]))).code).toBe(0);
    expect((await runMain(drawArgs(f, [...base, '--seed', 's', '--out', en, '--ledger', path.join(f.dir, 'l2.jsonl'), '--lang', 'en']))).code).toBe(0);
    const list = readFileSync(path.join(zh, 'inspection-list.csv'));
    expect(list.toString('utf8')).toContain('重点监管对象全覆盖检查');
    for (const name of ['inspection-list.csv', 'publication.csv']) {
      expect(readFileSync(path.join(en, name)).equals(readFileSync(path.join(zh, name)))).toBe(true);
    }
  });
});

describe('draw --demo leaves no empty temp folder behind', () => {
  const haveFixtures = ['plan.yaml', 'employers.csv', 'inspectors.csv'].every((n) => existsSync(path.join(FIXTURES, n)));
  // TMPDIR is read by os.tmpdir() from process.env: a real process
  it.skipIf(!haveFixtures)('when the inputs are refused or the draw cannot be staffed; a good demo still makes its folder', async () => {
    const tmp = tempDir();
    const env = { TMPDIR: tmp, TMP: tmp, TEMP: tmp };
    const bad = await runCli(['draw', '--demo', '--period', '2026Q9'], { env });
    expect(bad.code).toBe(2);
    const roster = path.join(tempDir(), 'inspectors.csv');
    writeFileSync(roster, '工号,姓名,执法证号,执法证有效期至,专业领域,状态\nA1,甲,C1,2030-12-31,社会保险,在岗\nA2,乙,C2,2030-12-31,社会保险,在岗\n');
    const unstaffable = await runCli(['draw', '--demo', '--inspectors', roster], { env });
    expect(unstaffable.code).toBe(2);
    expect(readdirSync(tmp)).toEqual([]);
    const ok = await runCli(['draw', '--demo'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(tmp)).toHaveLength(1);
  });
});
