import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs } from './draw-data.js';

/** A period the plan does not have is a wrong argument (exit 2, usage), not a problem in a file. */
describe('draw --period that does not fit the plan', () => {
  it('is a usage error naming the periods the plan allows, for a bad label, a wrong frequency and a wrong year', async () => {
    for (const period of ['2026H3', '2026Q1', '2027H1']) {
      const r = await runMain(['draw', '--demo', '--dry-run', '--period', period]);
      expect(r.code, period).toBe(2);
      expect(r.stderr).toContain(`抽查期间 ${period} 无效：计划 qinghe-2026 每年 2 期，可用 2026H1、2026H2`);
      expect(r.stderr).toContain('用法错误');
      expect(r.stderr).not.toContain('输入文件');
    }
  });

  it('says the same in English, and writes nothing', async () => {
    const f = writeInputs(tempDir());
    const before = readdirSync(f.dir).sort();
    const r = await runMain(drawArgs(f, ['--period', '2026-13', '--seed', 's', '--out', 'out', '--lang', 'en']), { cwd: f.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid period 2026-13: plan \S+ has 2 periods a year: 2026H1, 2026H2/);
    expect(readdirSync(f.dir).sort()).toEqual(before);
  });
});
