import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

const OVERTIME = readFileSync(path.join(ROOT, 'rules', 'penalty', 'overtime.yaml'), 'utf8');

/** A rule folder in a temp dir holding the given files (name → text). */
function ruleDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('rules check and rules test on the built-in rules (run in npm test)', () => {
  it('rules check passes', async () => {
    const r = await runMain(['rules', 'check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('规则检查通过：19 条规则');
  });
  it('rules test passes every golden case and every rule has cases', async () => {
    const r = await runMain(['rules', 'test']);
    expect(r.stdout).not.toContain('失败  ');
    expect(r.stdout).not.toContain('没有测试用例');
    expect(r.stdout).toMatch(/测试用例：通过 \d+ 个，失败 0 个/);
    expect(r.code).toBe(0);
  });
  it('rules check accepts an explicit folder', async () => {
    expect((await runMain(['rules', 'check', path.join(ROOT, 'rules')])).code).toBe(0);
  });
});

describe('rules check rejects bad rule folders with file:line', () => {
  it('a band over the statutory maximum', async () => {
    const bad = OVERTIME.replace('band: {min: 350, max: 500}', 'band: {min: 350, max: 600}');
    expect(bad).not.toBe(OVERTIME);
    const dir = ruleDir({ 'penalty/overtime.yaml': bad });
    const r = await runMain(['rules', 'check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`overtime.yaml:${lineOf(bad, 'band: {min: 350, max: 600}')}`);
    expect(r.stderr).toContain('高于法定上限 500元');
  });
  it('a statutory band wider than the law', async () => {
    const bad = OVERTIME.replace('min: 100, max: 500, optional: true', 'min: 100, max: 800, optional: true');
    const r = await runMain(['rules', 'check', ruleDir({ 'penalty/overtime.yaml': bad })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`overtime.yaml:${lineOf(bad, 'band: {kind: per_worker')}`);
    expect(r.stderr).toContain('法定幅度超出法律规定');
  });
  it('overlapping levels, a gap, and unknown facts in conditions', async () => {
    const overlap = OVERTIME.replace('when: {fact: affected_workers, ge: 30}', 'when: {fact: affected_workers, ge: 29}');
    const r1 = await runMain(['rules', 'check', ruleDir({ 'overtime.yaml': overlap })]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('同时相符（例如 affected_workers=29）');
    const gap = OVERTIME.replace('when: {fact: affected_workers, ge: 30}', 'when: {fact: affected_workers, ge: 31}');
    const r2 = await runMain(['rules', 'check', ruleDir({ 'overtime.yaml': gap })]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('没有任何阶次相符的情形（例如 affected_workers=30）');
    const unknown = OVERTIME.replace('when: {fact: affected_workers, lt: 10}', 'when: {fact: staff, lt: 10}');
    const r3 = await runMain(['rules', 'check', ruleDir({ 'overtime.yaml': unknown })]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`overtime.yaml:${lineOf(unknown, 'fact: staff')}`);
    expect(r3.stderr).toContain('未知的事实“staff”');
  });
  it('schema errors, all of them at once', async () => {
    const bad = OVERTIME.replace('type: integer', 'type: number').replace('kind: per_worker', 'kind: per_head').replace('    measures:', '    measure:');
    const r = await runMain(['rules', 'check', ruleDir({ 'overtime.yaml': bad, 'broken.yaml': 'id: [unclosed\n' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`overtime.yaml:${lineOf(bad, 'type: number')}`);
    expect(r.stderr).toContain(`overtime.yaml:${lineOf(bad, 'kind: per_head')}`);
    expect(r.stderr).toContain(`overtime.yaml:${lineOf(bad, 'measure:')}`);
    expect(r.stderr).toContain('broken.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('overlapping effective ranges of two versions of one rule', async () => {
    const bad = readFileSync(path.join(ROOT, 'rules', 'penalty', 'dispatch-violation.yaml'), 'utf8').replace('effective_to: 2013-06-30', 'effective_to: 2013-07-01');
    const r = await runMain(['rules', 'check', ruleDir({ 'dispatch-violation.yaml': bad })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('施行期间重叠');
  });
  it('a local rule outside its parent band (国办发〔2022〕27号), and one inside it passes', async () => {
    const local = OVERTIME.replace('id: overtime', 'id: local-overtime\nparent: overtime');
    const outside = local.replace('band: {min: 100, max: 200}', 'band: {min: 100, max: 250}');
    const r = await runMain(['rules', 'check', ruleDir({ 'local-overtime.yaml': outside })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('超出上级规则 overtime「一般」的幅度');
    const inside = local.replace('band: {min: 100, max: 200}', 'band: {min: 120, max: 180}');
    const ok = await runMain(['rules', 'check', ruleDir({ 'local-overtime.yaml': inside })]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});

describe('rules test, list, show and --rules', () => {
  it('a golden case that does not hold is exit 1 with expected and actual', async () => {
    const dir = ruleDir({
      'penalty/overtime.yaml': OVERTIME,
      'penalty/tests/overtime.yaml': '- name: 写错的期望\n  rule: overtime\n  facts: {affected_workers: 12, decision_date: 2026-01-05}\n  expect: {level: 一般, band: {min: 2400, max: 4200}}\n',
    });
    const r = await runMain(['rules', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('失败  overtime: 写错的期望');
    expect(r.stdout).toContain('level：期望 "一般"，实为 "较重"');
  });
  it('lists and shows rules', async () => {
    const list = await runMain(['rules', 'list', '--json']);
    expect(list.code).toBe(0);
    const ids = JSON.parse(list.stdout).map((r: { id: string }) => r.id);
    for (const id of ['wage-arrears', 'severance-unpaid', 'no-written-contract', 'unlicensed-dispatch', 'dispatch-violation', 'unlicensed-agency', 'agency-false-info', 'hr-service-violation', 'employer-false-ad', 'si-registration', 'si-contribution', 'overtime', 'child-labour', 'special-protection', 'obstruction', 'wage-concealment', 'migrant-wage-ledger', 'migrant-wage-account', 'migrant-wage-other']) {
      expect(ids).toContain(id);
    }
    const show = await runMain(['rules', 'show', 'dispatch-violation']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('版本“实施条例2008”：2008-09-18 起至 2013-06-30 施行');
    expect(show.stdout).toContain('被派遣劳动者人数 超过 10人 且 被派遣劳动者人数 不超过 30人');
    expect((await runMain(['rules', 'show', 'dispatch'])).code).toBe(2);
  });
  it('penalty --rules uses an office rule folder', async () => {
    const local = OVERTIME.replace('band: {min: 200, max: 350}', 'band: {min: 250, max: 300}');
    const dir = ruleDir({ 'penalty/overtime.yaml': local });
    const r = await runMain(['penalty', '--rules', dir, '--rule', 'overtime', '--fact', 'affected_workers=12', '--fact', 'decision_date=2026-01-05', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).band).toMatchObject({ min: 3000, max: 3600 });
    const broken = ruleDir({ 'penalty/overtime.yaml': OVERTIME.replace('type: integer', 'type: number') });
    expect((await runMain(['penalty', '--rules', broken, '--rule', 'overtime', '--fact', 'affected_workers=1'])).code).toBe(2);
  });
});
