import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FIXTURES, ROOT, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

const PLAN = path.join(FIXTURES, 'plan.yaml');
const LEDGER = path.join(FIXTURES, 'ledger-demo.jsonl');

describe('shuangsui check draws / roster --plan', () => {
  it('the demo ledger is what the draw core draws today (regenerate with scripts/gen-check-demo-ledger.js)', async () => {
    const out = path.join(tempDir(), 'ledger.jsonl');
    // rejects on a non-zero exit; asynchronous, so the vitest worker is not held while it runs
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'gen-check-demo-ledger.js'), out]);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(LEDGER, 'utf8'));
  });

  it('the demo ledger is intact and on schedule', async () => {
    expect((await runMain(['check', 'draws', '--ledger', LEDGER, '--plan', PLAN, '--as-of', '2026-11-21'])).code).toBe(0);
    const j = JSON.parse((await runMain(['check', 'draws', '--ledger', LEDGER, '--plan', PLAN, '--as-of', '2027-01-05', '--json'])).stdout);
    expect(j.status).toBe('clean');
  });

  it('an edited middle line is a finding at the next line; a missing period after it ends is a finding', async () => {
    const dir = tempDir();
    const lines = readFileSync(LEDGER, 'utf8').split('\n');
    const edited = path.join(dir, 'edited.jsonl');
    writeFileSync(edited, [lines[0]!.replace('"2026H1"', '"2026H2"').replace('"redraw":false', '"redraw":true'), lines[1], ''].join('\n'));
    const r = await runMain(['check', 'draws', '--ledger', edited, '--plan', PLAN, '--as-of', '2026-11-21']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('edited.jsonl:2');

    const short = path.join(dir, 'short.jsonl');
    writeFileSync(short, lines[0] + '\n');
    const s = await runMain(['check', 'draws', '--ledger', short, '--plan', PLAN, '--as-of', '2027-01-05']);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain('2026H2');
  });

  it('roster --plan: an item with fewer than two qualified inspectors is a finding', async () => {
    const dir = tempDir();
    const roster = path.join(dir, 'inspectors.csv');
    writeFileSync(roster, '工号,姓名,执法证号,执法证有效期至,专业领域,状态\nA1,甲,C1,2028-12-31,劳动合同;工资支付;工时休假;社会保险;女职工和未成年工保护;劳务派遣;人力资源市场;农民工工资,在岗\nA2,乙,C2,2028-12-31,劳动合同;工资支付;工时休假;社会保险;女职工和未成年工保护;劳务派遣;人力资源市场,在岗\n');
    const r = await runMain(['check', 'roster', '--inspectors', roster, '--plan', PLAN, '--as-of', '2026-11-21']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('农民工工资');
    expect(r.stdout).toContain('1 名');
    expect((await runMain(['check', 'roster', '--inspectors', path.join(FIXTURES, 'inspectors.csv'), '--plan', PLAN, '--as-of', '2026-01-05'])).code).toBe(0);
  });
});
