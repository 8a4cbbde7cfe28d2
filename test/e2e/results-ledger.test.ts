import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvText, formatCsv } from '../../src/io/csv.js';
import { FIXTURES, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

// A trial draw (init's first round) keeps its ledger in its own folder: results commands, and the
// verify line `results publish` prints, must find it through the draw's manifest, not only at the
// default draws/ledger.jsonl beside the plan.
describe('results on a draw whose ledger is not in the default place', () => {
  it('template, check, publish and the printed verify find the ledger the manifest names', async () => {
    const dir = tempDir('shuangsui-trial-');
    for (const f of ['employers.csv', 'inspectors.csv', 'plan.yaml']) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    const now = new Date('2026-11-21T02:00:00Z');
    const run = (...args: string[]) => runMain(args, { cwd: dir, now });
    const d = await run('draw', '--employers', 'employers.csv', '--inspectors', 'inspectors.csv', '--plan', 'plan.yaml', '--period', '2026H1', '--seed', 't', '--as-of', '2026-01-05', '--out', 'out', '--ledger', 'out/ledger.jsonl');
    expect(d.code, d.stderr).toBe(0);
    expect((await run('results', 'template', 'out')).code).toBe(0);
    const file = path.join(dir, 'out', 'results-register.csv');
    const table = parseCsvText(readFileSync(file, 'utf8'), file);
    const col = (name: string) => table.header.indexOf(name);
    const rows = table.rows.map((r) => {
      const c = [...r.cells];
      c[col('检查日期')] = '2026-03-02';
      c[col('检查方式')] = '书面审查';
      c[col('检查结果')] = '未发现问题';
      return c;
    });
    writeFileSync(path.join(dir, 'register.csv'), formatCsv(table.header, rows));
    const check = await run('results', 'check', 'out', '--results', 'register.csv', '--as-of', '2026-06-30');
    expect(check.code, check.stderr).toBe(0);
    const pub = await run('results', 'publish', 'out', '--results', 'register.csv', '--as-of', '2026-06-30');
    expect(pub.code, pub.stderr).toBe(0);
    const printed = /shuangsui (verify \S+)/.exec(pub.stdout + pub.stderr);
    expect(printed, pub.stdout).not.toBeNull();
    const v = await run(...printed![1]!.split(' '));
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});
