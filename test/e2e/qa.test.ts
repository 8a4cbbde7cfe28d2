import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

/** Regressions found by using the tool as an office would (docs/qa.md lists the session). */
describe('what a user trips over', () => {
  it('an output folder that cannot be created is exit 2 with the path and why, not an internal error', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'plan.yaml'), '');
    const r = await runMain(['init', path.join(dir, 'plan.yaml', 'office')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法写入');
    expect(r.stderr).toContain('路径中有一段是文件而不是目录');
    expect(r.stderr).not.toContain('内部错误');
    const en = await runMain(['penalty', '--demo', '--batch', '--out', path.join(dir, 'plan.yaml', 'r.csv'), '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('part of the path is a file, not a folder');
  });

  it('a missing file is said once, with no space after the full-width colon', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'nope.yaml');
    const r = await runMain(['check', 'all', '--config', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`输入有误：找不到文件：${missing}`);
    const located = await runMain(['check', 'cases', '--cases', path.join(dir, 'cases.csv'), '--as-of', '2026-11-21']);
    expect(located.code).toBe(2);
    expect(located.stderr.split(path.join(dir, 'cases.csv')).length - 1).toBe(1);
  });

  it('a CSV syntax error is explained in the user\'s language, once, at its line (both CSV readers)', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'decisions.csv');
    writeFileSync(bad, '案号,决定类型,决定日期,公示日期,撤销日期,撤下日期\n=HYPERLINK("http://x"),行政处罚,2026-03-02,,,\n');
    const r = await runMain(['check', 'deadlines', '--decisions', bad, '--as-of', '2026-11-21']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2: CSV 格式错误：第 1 个单元格（“=HYPERLINK("http://x…”）中间出现了英文双引号`);
    expect(r.stderr).not.toMatch(/Invalid Opening Quote/);
    expect(r.stderr.split('CSV 格式错误').length - 1).toBe(1);
    const employers = path.join(dir, 'employers.csv');
    writeFileSync(employers, '统一社会信用代码,单位名称\n"91321099MA1X2Y3W4G,示例\n');
    const d = await runMain(['draw', '--demo', '--dry-run', '--employers', employers, '--lang', 'en']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('cell 1 opens with a double quote');
    expect(d.stderr).toContain('never closed');
    expect(d.stderr).not.toContain('Quote Not Closed');
  });

  it('formula cells from Excel come back neutralised in the deadlines CSV', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'decisions.csv');
    writeFileSync(input, '案号,决定类型,决定日期,公示日期,撤销日期,撤下日期\n"=HYPERLINK(""http://x"")",行政处罚,2026-03-02,,,\n@SUM(1),行政许可,2026-03-02,2026-03-03,,\n');
    const out = path.join(dir, 'report.csv');
    const r = await runMain(['check', 'deadlines', '--decisions', input, '--as-of', '2026-11-21', '--out', out]);
    expect(r.code).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain("\n'@SUM(1),");
  });
});

describe('rules show speaks one language', () => {
  it('a local rule names its parent, and facts and levels use the language\'s punctuation', async () => {
    const { mkdirSync, readFileSync: read } = await import('node:fs');
    const { ROOT } = await import('../support/cli.js');
    const overtime = read(path.join(ROOT, 'rules', 'penalty', 'overtime.yaml'), 'utf8');
    const dir = tempDir();
    mkdirSync(path.join(dir, 'penalty'));
    writeFileSync(path.join(dir, 'penalty', 'overtime.yaml'), overtime);
    writeFileSync(path.join(dir, 'penalty', 'local-overtime.yaml'), overtime.replace('id: overtime', 'id: local-overtime\nparent: overtime').replace('band: {min: 100, max: 200}', 'band: {min: 120, max: 180}'));
    const zh = await runMain(['rules', 'show', 'local-overtime', '--rules', dir]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout.split('\n')[0]).toContain('（上级规则：overtime）');
    expect(zh.stdout).not.toContain('parent');
    const en = await runMain(['rules', 'show', 'local-overtime', '--rules', dir, '--lang', 'en']);
    expect(en.stdout.split('\n')[0]).toContain('(parent rule: overtime)');
    expect(en.stdout).toContain('affected_workers  受侵害的劳动者人数 (required; a non-negative whole number)');
    // the rule's own help texts are Chinese data; the lines the tool builds use English punctuation
    const built = en.stdout.split('\n').filter((l) => /^ {4}[a-z][^:]*: |^local-overtime/.test(l));
    expect(built.length).toBeGreaterThan(3);
    for (const line of built) expect(line).not.toMatch(/[（）；：]/);
    // the usual level names are said in English, with the rule's own name beside them
    expect(en.stdout).toMatch(/^ {4}ordinary \(一般\): /m);
    expect(zh.stdout).toMatch(/^ {4}一般：/m);
  });
});

describe('the same encoding options wherever a CSV goes in or out', () => {
  it('penalty --batch reads a GBK file and writes GBK with --out-encoding gbk; check deadlines --out-encoding gbk', async () => {
    const iconv = (await import('iconv-lite')).default;
    const dir = tempDir();
    const input = path.join(dir, 'cases.csv');
    writeFileSync(input, iconv.encode('规则编号,受侵害的劳动者人数,decision_date\novertime,12,2026-01-05\n', 'gbk'));
    const out = path.join(dir, 'results.csv');
    const r = await runMain(['penalty', '--batch', input, '--encoding', 'gbk', '--out-encoding', 'gbk', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes[0]).not.toBe(0xef); // no UTF-8 BOM
    expect(iconv.decode(bytes, 'gbk')).toContain('overtime,12,2026-01-05,成功');
    const report = path.join(dir, 'deadlines.csv');
    const d = await runMain(['check', 'deadlines', '--demo', '--out-encoding', 'gbk', '--out', report]);
    expect(d.code).toBe(1);
    expect(iconv.decode(readFileSync(report), 'gbk')).toMatch(/^案号,决定类型/);
    expect((await runMain(['penalty', '--batch', input, '--out-encoding', 'latin1', '--out', path.join(dir, 'x.csv')])).code).toBe(2);
  });
});

describe('help', () => {
  it('columns line up in Chinese (a CJK character is two columns) and every placeholder is translated', async () => {
    const { displayWidth } = await import('../../src/ui/text.js');
    const r = await runMain(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法：shuangsui \[选项\] \[命令\]/);
    expect(r.stdout).toContain('help [命令]');
    expect(r.stdout).not.toContain('[command]');
    const commands = r.stdout.split('命令：\n')[1]!.split('\n\n')[0]!.split('\n').filter((l) => /^ {2}\S/.test(l));
    // the description starts after the term and a gap of two or more spaces
    const columns = new Set(commands.map((l) => displayWidth(/^ {2}\S.*? {2,}(?=\S)/.exec(l)![0])));
    expect(columns.size).toBe(1);
    expect((await runMain(['--help', '--lang', 'en'])).stdout).toMatch(/^Usage: shuangsui \[options\] \[command\]/);
  });
});

describe('one wording for one mistake', () => {
  it('a bad --as-of reads the same in draw and check, with the accepted formats', async () => {
    const draw = await runMain(['draw', '--demo', '--dry-run', '--as-of', '2026-13-01']);
    const check = await runMain(['check', 'cases', '--demo', '--as-of', '2026-13-01']);
    expect(draw.code).toBe(2);
    expect(check.code).toBe(2);
    const want = '用法错误：--as-of 的值“2026-13-01”不是有效日期（可用格式：2026-01-05、2026/1/5、2026.1.5、2026年1月5日）';
    expect(draw.stderr.trim()).toBe(want);
    expect(check.stderr.trim()).toBe(want);
  });
});

describe('YAML saved by Notepad as GBK', () => {
  it('a GBK plan.yaml and compliance.yaml are read like GBK CSV files, not as mojibake', async () => {
    const iconv = (await import('iconv-lite')).default;
    const { ROOT } = await import('../support/cli.js');
    const dir = tempDir();
    const init = await runMain(['init', dir]);
    expect(init.code).toBe(0);
    for (const name of ['plan.yaml', 'compliance.yaml']) writeFileSync(path.join(dir, name), iconv.encode(readFileSync(path.join(ROOT, 'fixtures', 'templates', name), 'utf8'), 'gbk'));
    const roster = await runMain(['check', 'roster', '--inspectors', path.join(dir, 'inspectors.csv'), '--plan', path.join(dir, 'plan.yaml'), '--as-of', '2026-03-02']);
    expect(roster.stderr).not.toContain('\uFFFD');
    expect(roster.code, roster.stderr).toBe(0);
    const all = await runMain(['check', 'all', '--config', path.join(dir, 'compliance.yaml'), '--as-of', '2026-03-02']);
    expect([0, 1]).toContain(all.code);
  });
});

describe('typos', () => {
  it('an unknown command or option keeps commander\'s suggestion, translated', async () => {
    const cmd = await runMain(['chek', 'all']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr.trim()).toBe('用法错误：未知命令 chek（是否要输入 check？）');
    const opt = await runMain(['check', 'all', '--demo', '--forse', '--lang', 'en']);
    expect(opt.code).toBe(2);
    expect(opt.stderr.trim()).toBe('Usage error: unknown option --forse (did you mean --force?)');
  });

  it('an unsupported --lang is a usage error, not a silent switch to Chinese; en-US and zh_CN are fine', async () => {
    const r = await runMain(['check', 'all', '--demo', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('用法错误：不支持的界面语言 fr（可用：zh、en）');
    expect((await runMain(['calendar', 'add', '2026-02-12', '1', '--lang', 'en-US'])).code).toBe(0);
    expect((await runMain(['calendar', 'add', '2026-02-12', '1', '--lang=zh_CN'])).code).toBe(0);
  });
});

describe('penalty facts', () => {
  it('a bad yes/no fact lists Y/N, which it accepts, as the data files do', async () => {
    const bad = await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'first_offense=maybe', '--fact', 'decision_date=2026-01-05']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('应为是/否（是、否、Y、N、true、false、1、0）');
    expect((await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'first_offense=N', '--fact', 'decision_date=2026-01-05'])).code).toBe(0);
  });
});

describe('dates out of order in one row', () => {
  it('a case closed before it was opened, a decision published before it was made: located input errors, not "ok"', async () => {
    const dir = tempDir();
    const cases = path.join(dir, 'cases.csv');
    writeFileSync(cases, '案号,立案日期,延期批准,结案日期\nA1,2026-03-01,否,2026-01-01\nA2,2026-03-01,否,2026-03-01\n');
    const c = await runMain(['check', 'cases', '--cases', cases, '--as-of', '2026-11-21']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`${cases}:2, 列 “结案日期”, 值 “2026-01-01”: 早于同一行的“立案日期”（2026-03-01），请核对日期`);
    expect(c.stderr).not.toContain(':3,');
    const decisions = path.join(dir, 'decisions.csv');
    writeFileSync(decisions, 'case_no,kind,decided_on,published_on,revoked_on,withdrawn_on\nB1,行政处罚,2026-03-10,2026-03-01,,\nB2,行政处罚,2026-03-10,,2026-03-09,\n');
    const d = await runMain(['check', 'deadlines', '--decisions', decisions, '--as-of', '2026-11-21', '--lang', 'en']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('2 problems; nothing was done.');
    expect(d.stderr).toContain('is earlier than "decided_on" (2026-03-10) in the same row');
    expect(d.stderr).toMatch(/decisions\.csv:3, column “revoked_on”/);
  });

  it('English counts agree in number', async () => {
    const r = await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=x', '--lang', 'en']);
    expect(r.stderr).toContain('the case facts have 1 problem:');
  });
});

describe('init tells a new office what to run next', () => {
  it('the printed commands work as printed, and the trial never touches the official ledger', async () => {
    const cwd = tempDir();
    const init = await runMain(['init', '试用单位'], { cwd });
    expect(init.code).toBe(0);
    const commands = init.stdout.split('\n').filter((l) => l.startsWith('  shuangsui ')).map((l) => l.trim().split(/\s+/).slice(1));
    expect(commands.map((c) => c[0])).toEqual(['draw', 'verify', 'check']);
    // one after the other, as typed: verify reads what draw wrote
    const runs = [];
    for (const args of commands) runs.push(await runMain(args, { cwd }));
    const [draw, verify, check] = runs;
    expect(draw!.code, draw!.stderr).toBe(0);
    expect(verify!.code, verify!.stderr).toBe(0);
    expect([0, 1]).toContain(check!.code);
    expect(existsSync(path.join(cwd, '试用单位', 'draws'))).toBe(false);
    expect(existsSync(path.join(cwd, '试用单位', 'out', 'ledger.jsonl'))).toBe(true);
  });
});
