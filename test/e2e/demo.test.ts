import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

/** A digest of every fixture file: --demo must read them and never write them. */
function fixturesDigest(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, name.name);
      if (name.isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  walk(FIXTURES);
  return h.digest('hex');
}

/** Runs a demo from an empty folder standing for the office's: nothing may appear there. */
async function demo(args: string[], env?: Record<string, string>) {
  const office = tempDir('shuangsui-office-');
  const before = fixturesDigest();
  const r = await runMain(args, { cwd: office, env });
  expect(readdirSync(office)).toEqual([]);
  expect(fixturesDigest()).toBe(before);
  return r;
}

const NOTE = '注意：正在使用内置演示数据（fixtures/，虚构数据）';

describe('--demo on every command that reads input files', () => {
  it('check deadlines --demo: the demo decisions as of the demo date, CSV report in a temporary folder, exit 1', async () => {
    const r = await demo(['check', 'deadlines', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('共 60 件');
    expect(r.stderr).toContain(NOTE);
    const written = /输出写入 (\S+)，/.exec(r.stderr)?.[1];
    expect(written).toBeTruthy();
    expect(existsSync(path.join(written!, 'deadlines.csv'))).toBe(true);
  });

  it('check roster --demo checks the demo roster against the demo plan', async () => {
    const r = await demo(['check', 'roster', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('汇总（2026-11-21）');
    expect(r.stdout).toContain('fixtures/inspectors.csv:');
    expect(r.stderr).toContain(NOTE);
  });

  it('check draws --demo reads the demo ledger and plan; exit 0', async () => {
    const r = await demo(['check', 'draws', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已检查 抽查');
    expect(r.stderr).toContain(NOTE);
  });

  it('check cases --demo --json: stdout stays one JSON document, the note goes to stderr', async () => {
    const r = await demo(['check', 'cases', '--demo', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { as_of: string };
    expect(report.as_of).toBe('2026-11-21');
    expect(r.stderr).toContain(NOTE);
  });

  it('check annual-report --demo uses the demo configuration (2025, published 2026-02-13)', async () => {
    const r = await demo(['check', 'annual-report', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-02-13');
    expect(r.stderr).toContain(NOTE);
  });

  it('--demo in English', async () => {
    const r = await demo(['check', 'roster', '--demo', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Note: using the built-in demo data');
    expect(r.stderr).not.toMatch(/[\u4e00-\u9fff]{2}.*演示/);
  });

  it('a named file wins over the demo one; without --demo a missing input is a usage error, not demo data', async () => {
    const dir = tempDir();
    const r = await runMain(['check', 'cases', '--demo', '--cases', path.join(dir, 'nope.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('找不到文件');
    for (const args of [['check', 'deadlines'], ['check', 'roster'], ['check', 'draws', '--plan', 'x.yaml'], ['check', 'cases']]) {
      const u = await runMain(args);
      expect(u.code, args.join(' ')).toBe(2);
      expect(u.stderr).toContain('缺少必需选项 --');
      expect(u.stderr).not.toContain('演示');
    }
  });

  it('penalty --demo computes the demo case; --json keeps stdout pure', async () => {
    const r = await demo(['penalty', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wage-arrears');
    expect(r.stdout).toContain('裁量阶次：较重');
    expect(r.stderr).toContain(NOTE);
    const j = await demo(['penalty', '--demo', '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ format: 1, rule: 'wage-arrears' });
  });

  it('penalty --batch --demo writes the demo batch into a temporary folder; the bad demo row shows a row error (exit 1)', async () => {
    for (const args of [['penalty', '--batch', '--demo'], ['penalty', '--demo', '--batch']]) {
      const r = await demo(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('共 5 行：计算成功 4 行，出错 1 行');
      const written = /输出写入 (\S+)，/.exec(r.stderr)?.[1];
      const text = readFileSync(path.join(written!, 'results.csv'), 'utf8');
      expect(text).toContain('演示-2,wage-arrears');
    }
  });

  it('penalty: --demo does not mix with another mode; --batch without a file needs --demo', async () => {
    expect((await runMain(['penalty', '--demo', '--rule', 'overtime'])).code).toBe(2);
    const r = await runMain(['penalty', '--batch', '--out', path.join(tempDir(), 'r.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--batch 须指定案件 CSV 文件');
  });
});
