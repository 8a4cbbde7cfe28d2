import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

/**
 * A new office's first day, through main() as the binary runs it: init a folder, draw from the untouched templates,
 * verify the draw, then the monthly check. The templates are the office's first impression: each step
 * must work on them as shipped (scripts/gen-templates.js keeps the example roster able to staff the plan).
 */
describe('a new office end to end: init → draw → verify → check all', () => {
  it('works on the template folder as shipped', async () => {
    const root = tempDir('shuangsui-office-');
    const dir = path.join(root, '我的抽查');
    const f = (name: string) => path.join(dir, name);

    const init = await runMain(['init', dir]);
    expect(init.code, init.stderr).toBe(0);
    for (const name of ['plan.yaml', 'employers.csv', 'inspectors.csv', 'decisions.csv', 'cases.csv', 'compliance.yaml']) expect(existsSync(f(name))).toBe(true);

    // the template roster staffs every item of the template plan with two qualified inspectors
    const roster = await runMain(['check', 'roster', '--inspectors', f('inspectors.csv'), '--plan', f('plan.yaml'), '--as-of', '2026-03-02']);
    expect(roster.code, roster.stdout + roster.stderr).toBe(0);

    const draw = await runMain(['draw', '--employers', f('employers.csv'), '--inspectors', f('inspectors.csv'), '--plan', f('plan.yaml'), '--period', '2026H1', '--seed', '新单位第一次抽签', '--as-of', '2026-03-02', '--out', f('out')]);
    expect(draw.code, draw.stderr).toBe(0);
    expect(draw.stderr).not.toContain('没有符合条件的单位');
    const list = readFileSync(f('out/inspection-list.csv'), 'utf8');
    expect(list).toContain('示例县某某机械制造有限公司'); // the key employer: full coverage
    expect(existsSync(f('draws/ledger.jsonl'))).toBe(true);

    const verify = await runMain(['verify', f('out')]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // the template tells the office to uncomment the draws check once a ledger exists: do exactly that
    const cfg = readFileSync(f('compliance.yaml'), 'utf8');
    const enabled = cfg.replace('  # draws:\n  #   ledger:', '  draws:\n    ledger:').replace('  #   plan: plan.yaml', '    plan: plan.yaml');
    expect(enabled).not.toBe(cfg);
    writeFileSync(f('compliance.yaml'), enabled);

    const check = await runMain(['check', 'all', '--config', f('compliance.yaml'), '--as-of', '2026-07-15']);
    expect([0, 1], check.stdout + check.stderr).toContain(check.code);
    expect(check.stdout).toMatch(/已检查 .*执法公示 3.*执法证.*抽查.*办案期限 2.*年度数据公开 1/);
    const findings = check.stdout.slice(0, check.stdout.indexOf('提醒（'));
    expect(findings).not.toContain('[执法证]');
    expect(findings).not.toContain('[抽查]');

    const json = await runMain(['check', 'all', '--config', f('compliance.yaml'), '--as-of', '2026-07-15', '--json', '--lang', 'en']);
    expect(json.code).toBe(check.code);
    expect(JSON.parse(json.stdout)).toHaveProperty('findings');
  });
});
