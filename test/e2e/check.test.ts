import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { officeDir } from '../support/office.js';

const DECISIONS = path.join(FIXTURES, 'decisions.csv');

/** An office whose every check passes as of 2026-11-21. */
function cleanOffice(): string {
  return officeDir({
    'decisions.csv': '案号,决定类型,决定日期,公示日期,撤销日期,撤下日期\n罚1,行政处罚,2025-09-30,2025-10-16,,\n许1,行政许可,2026-02-12,2026-02-28,,\n',
    'cases.csv': '案号,立案日期,延期批准,结案日期\n案1,2026-07-20,否,2026-10-16\n',
    'inspectors.csv': '工号,姓名,执法证号,执法证有效期至,专业领域,状态\nA1,甲,C1,2028-12-31,劳动合同,在岗\nA2,乙,C2,2028-12-31,劳动合同,在岗\n',
    'compliance.yaml':
      'as_of: 2026-11-21\nchecks:\n  deadlines:\n    decisions: decisions.csv\n  roster:\n    inspectors: inspectors.csv\n  cases:\n    cases: cases.csv\n  annual_report:\n    year: 2025\n    published_on: 2026-01-30\n',
  });
}

describe('shuangsui check', () => {
  it('check all --demo: findings first, then warnings, then one summary line; exit 1', async () => {
    const r = await runMain(['check', 'all', '--demo']);
    expect(r.code).toBe(1);
    const f = r.stdout.indexOf('发现问题（');
    const w = r.stdout.indexOf('提醒（');
    expect(f).toBeGreaterThan(0);
    expect(w).toBeGreaterThan(f);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^汇总（2026-11-21）：发现问题 \d+ 项/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stderr).toContain('演示数据');
  });

  it('check all on a clean config: exit 0, and --out writes the Markdown report', async () => {
    const dir = cleanOffice();
    const r = await runMain(['check', 'all', '--config', path.join(dir, 'compliance.yaml'), '--out', path.join(dir, 'report.md')]);
    expect(r.stderr).toContain('report.md');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('未发现问题');
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# 合规检查报告（截至 2026-11-21）/);
    // a rerun of the same month (cron) replaces the report, saying so: a report is not an official record
    const again = await runMain(['check', 'all', '--config', path.join(dir, 'compliance.yaml'), '--out', path.join(dir, 'report.md')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('已用本次结果覆盖');
  });

  it('since: rows decided or filed before it are left out', async () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'compliance.yaml');
    writeFileSync(cfg, `as_of: 2026-11-21\nchecks:\n  deadlines:\n    decisions: ${DECISIONS}\n    since: 2026-11-19\n  cases:\n    cases: ${path.join(FIXTURES, 'cases.csv')}\n    since: 2026-11-01\n`);
    const r = await runMain(['check', 'all', '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('执法公示 2');
    const bad = await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--since', '2026-02-30']);
    expect(bad.code).toBe(2);
  });

  it('check all: a decisions file with 1,500 bad rows is one "输入有误" section counting all 1,500; the text ends as it always did', async () => {
    const dir = tempDir();
    const lines = ['案号,决定类型,决定日期,公示日期'];
    for (let i = 0; i < 1500; i++) lines.push(`测罚〔2026〕${i + 1}号,行政处罚,2026-02-30,`);
    writeFileSync(path.join(dir, 'decisions.csv'), lines.join('\n') + '\n');
    const cfg = path.join(dir, 'compliance.yaml');
    writeFileSync(cfg, 'as_of: 2026-11-21\nchecks:\n  deadlines:\n    decisions: decisions.csv\n');
    const r = await runMain(['check', 'all', '--config', cfg]);
    expect(r.code).toBe(2);
    // the streamed read keeps its first 1,000 problems and counts the rest: the report counts them all
    expect(r.stdout).toContain('（1500 处问题）');
    expect(r.stdout).toContain('另有 1300 处问题未列出');
    // no check ran, so the summary line would end in a space: trimmed, as the whole report always was
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout).not.toMatch(/[ \t]\n$/);
    const j = await runMain(['check', 'all', '--config', cfg, '--json']);
    expect((JSON.parse(j.stdout) as { input_errors: { total: number; problems: unknown[] }[] }).input_errors[0]).toMatchObject({ total: 1500 });
  });

  it('check all --json for machines', async () => {
    const r = await runMain(['check', 'all', '--demo', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('findings');
    expect(j.findings.length).toBeGreaterThan(0);
    expect(j.findings[0]).toHaveProperty('check');
  });

  it('a config error is exit 2 with file:line and key, and nothing is checked', async () => {
    const dir = cleanOffice();
    writeFileSync(path.join(dir, 'compliance.yaml'), 'checks:\n  deadlines:\n    decisions: decisions.csv\n  rostre:\n    inspectors: x.csv\n  annual_report:\n    deadline: spring-festival\n');
    const r = await runMain(['check', 'all', '--config', path.join(dir, 'compliance.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('compliance.yaml:4');
    expect(r.stderr).toContain('checks.annual_report.spring_festival');
    expect(r.stdout).toBe('');
    const missing = await runMain(['check', 'all', '--config', path.join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    // every missing input is named in one run, not one per run, each in its check's "输入有误" section
    writeFileSync(path.join(dir, 'two.yaml'), 'checks:\n  deadlines:\n    decisions: gone1.csv\n  cases:\n    cases: gone2.csv\n');
    const two = await runMain(['check', 'all', '--config', path.join(dir, 'two.yaml')]);
    expect(two.code).toBe(2);
    expect(two.stdout).toContain('gone1.csv');
    expect(two.stdout).toContain('gone2.csv');
    expect(two.stdout).toContain('输入有误：执法公示检查未能进行');
    expect(two.stderr).toContain('2 项检查因输入有误未能进行');
  });

  it('check deadlines: table sorted by urgency, summary, --json rows, --out CSV', async () => {
    const r = await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[2]).toContain('逾期未撤下');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^共 \d+ 件：/);

    const j = JSON.parse((await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21', '--json'])).stdout) as Record<string, unknown>[];
    expect(Object.keys(j[0]!)).toEqual(expect.arrayContaining(['case_no', 'kind', 'decided_on', 'deadline', 'status', 'working_days_late_or_left']));
    const known = j.find((x) => x.decided_on === '2025-09-30' && x.kind === '行政处罚');
    expect(known?.deadline).toBe('2025-10-16');

    const dir = tempDir();
    const out = path.join(dir, 'deadlines.csv');
    expect((await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21', '--out', out])).code).toBe(1);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1).split('\r\n');
    expect(csv[0]).toBe('案号,决定类型,决定日期,公示日期,期限,状态,状态代码,超期或剩余工作日,撤销日期,撤下日期,依据');
    expect(csv[1]).toContain('withdrawal-overdue');
    const en = path.join(dir, 'en.csv');
    await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21', '--out', en, '--lang', 'en']);
    expect(readFileSync(en, 'utf8')).toContain('working_days_late_or_left');
    expect((await runMain(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21', '--out', out])).code).toBe(2);
  });

  it('check deadlines: clean file exits 0; a deadline in 2027 exits 2', async () => {
    const dir = cleanOffice();
    expect((await runMain(['check', 'deadlines', '--decisions', path.join(dir, 'decisions.csv'), '--as-of', '2026-11-21'])).code).toBe(0);
    writeFileSync(path.join(dir, 'late.csv'), '案号,决定类型,决定日期\n罚9,行政处罚,2026-12-28\n');
    const r = await runMain(['check', 'deadlines', '--decisions', path.join(dir, 'late.csv'), '--as-of', '2026-12-28']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2027');
  });

  it('the 新疆 overlay moves a deadline across 2026-03-20: late nationally, in time in 新疆', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'd.csv');
    writeFileSync(file, '案号,决定类型,决定日期,公示日期\n新罚1,行政处罚,2026-03-12,2026-03-24\n');
    const national = await runMain(['check', 'deadlines', '--decisions', file, '--as-of', '2026-04-01', '--json']);
    expect(national.code).toBe(1);
    expect(JSON.parse(national.stdout)[0]).toMatchObject({ deadline: '2026-03-23', status: 'late', working_days_late_or_left: 1 });
    const xj = await runMain(['check', 'deadlines', '--decisions', file, '--as-of', '2026-04-01', '--json', '--region', 'xinjiang']);
    expect(xj.code).toBe(0);
    expect(JSON.parse(xj.stdout)[0]).toMatchObject({ deadline: '2026-03-24', status: 'ok' });
    const cfg = path.join(dir, 'compliance.yaml');
    writeFileSync(cfg, 'as_of: 2026-04-01\ncalendar:\n  region: xinjiang\nchecks:\n  deadlines:\n    decisions: d.csv\n');
    const all = await runMain(['check', 'all', '--config', cfg]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('暂定');
  });

  it('check cases, roster and annual-report on the demo fixtures', async () => {
    expect((await runMain(['check', 'cases', '--cases', path.join(FIXTURES, 'cases.csv'), '--as-of', '2026-11-21'])).code).toBe(1);
    const roster = await runMain(['check', 'roster', '--inspectors', path.join(FIXTURES, 'inspectors.csv'), '--as-of', '2026-11-21']);
    expect(roster.code).toBe(1);
    expect(roster.stdout).toContain('已于');
    const ar = await runMain(['check', 'annual-report', '--year', '2025', '--published-on', '2026-01-30', '--as-of', '2026-11-21']);
    expect(ar.code).toBe(0);
    expect(ar.stdout).toContain('最迟 2026-01-31');
    expect((await runMain(['check', 'annual-report', '--year', '2025', '--as-of', '2026-11-21'])).code).toBe(1);
  });

  it('the demo writes its report into a temporary folder, never next to the fixtures', async () => {
    const r = await runMain(['check', 'all', '--demo']);
    const written = /(\/[^\s]*report\.md)/.exec(r.stderr)?.[1];
    expect(written).toBeDefined();
    expect(existsSync(written!)).toBe(true);
    expect(written!.startsWith(FIXTURES)).toBe(false);
  });
});
