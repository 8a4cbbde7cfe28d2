import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/main.js';
import { parseCsvText, formatCsv } from '../../src/io/csv.js';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';


/**
 * A whole year of 双随机、一公开 on the demo data, in-process through main() (two steps spawn the
 * built binary): draw H1 and H2, fill both results registers by script, publish H1 on time and H2
 * late, publish the roster and the items, make the annual report; then the files, the ledger chain
 * draw → results, verify on each publication, and what check all finds.
 */

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(c, _e, cb) { append(String(c)); cb(); } });
  const code = await main(['node', 'shuangsui', ...args], {
    cwd,
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    stdinIsTTY: false,
    env: { NO_COLOR: '1', LANG: 'zh_CN.UTF-8' },
    now: new Date('2026-11-21T02:00:00Z'),
  });
  return { code, out, err };
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const BOM = '\uFEFF';

/** Fills the register as staff would in Excel: dates inside the period, a mix of results, one substitute with a reason. */
function fill(file: string, dates: string[], substitute: { row: number; candidates: string[] } | null): void {
  const table = parseCsvText(readFileSync(file, 'utf8'), file);
  const col = (name: string) => table.header.indexOf(name);
  const rows = table.rows.map((r, i) => {
    const c = [...r.cells];
    c[col('检查日期')] = dates[i % dates.length]!;
    c[col('检查方式')] = i % 3 === 0 ? '书面审查' : '实地检查';
    const result = i === 1 ? '立案查处' : i === 2 ? '发现问题已责令整改' : i === 3 ? '无法检查（已注销）' : '未发现问题';
    c[col('检查结果')] = result;
    if (i === 1) c[col('处理决定文号')] = '清人社监案〔2026〕99号';
    if (i === 2) {
      c[col('发现问题及处理')] = '内部：未签劳动合同3人，负责人电话13900000000';
      c[col('公示处理情况')] = '已责令限期整改';
    }
    if (i === 3) c[col('检查方式')] = '';
    // hostile text typed into a public column must reach the public table as text, not a formula
    if (i === 5) c[col('公示处理情况')] = '=HYPERLINK("http://x","点此")';
    if (substitute && i === substitute.row) {
      const team = c[col('检查人员工号')]!.split(';');
      c[col('实际检查人员工号')] = [team[0], substitute.candidates.find((x) => !team.includes(x))].join(';');
      c[col('人员变更原因')] = '原检查人员病假';
    }
    return c;
  });
  writeFileSync(file, formatCsv(table.header, rows));
}

describe('一公开: a whole year on the demo data', () => {
  const dir = tempDir('shuangsui-year-');
  const h1 = path.join(dir, 'draws', '2026H1');
  const h2 = path.join(dir, 'draws', '2026H2');
  const ledger = path.join(dir, 'draws', 'ledger.jsonl');
  let checkAll: { code: number; out: string; err: string };

  beforeAll(async () => {
    for (const f of ['employers.csv', 'inspectors.csv', 'plan.yaml', 'decisions.csv', 'cases.csv']) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    writeFileSync(
      path.join(dir, 'compliance.yaml'),
      ['checks:', '  deadlines: { decisions: decisions.csv }', '  draws: { ledger: draws/ledger.jsonl, plan: plan.yaml }', '  cases: { cases: cases.csv }', '  results: { ledger: draws/ledger.jsonl, plan: plan.yaml }', ''].join('\n'),
    );
    const common = ['--employers', 'employers.csv', '--inspectors', 'inspectors.csv', '--plan', 'plan.yaml'];
    expect((await run(dir, 'draw', ...common, '--period', '2026H1', '--seed', 'h1', '--as-of', '2026-01-05', '--out', 'draws/2026H1')).code).toBe(0);
    expect((await run(dir, 'draw', ...common, '--period', '2026H2', '--seed', 'h2', '--as-of', '2026-07-01', '--out', 'draws/2026H2')).code).toBe(0);
    for (const d of ['draws/2026H1', 'draws/2026H2']) expect((await run(dir, 'results', 'template', d)).code).toBe(0);
    // these are on duty, certified through the year and recused from nobody
    fill(path.join(h1, 'results-register.csv'), ['2026-03-02', '2026-03-05', '2026-03-10'], { row: 4, candidates: ['QH005', 'QH008', 'QH010'] });
    fill(path.join(h2, 'results-register.csv'), ['2026-09-01', '2026-09-08'], null);
    expect((await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'draws/2026H1/results-register.csv', '--as-of', '2026-03-20')).code).toBe(0);
    expect((await run(dir, 'results', 'publish', 'draws/2026H1', '--results', 'draws/2026H1/results-register.csv', '--as-of', '2026-03-20')).code).toBe(0);
    // H2: inspected in early September, published in late November: past 20 working days
    expect((await run(dir, 'results', 'publish', 'draws/2026H2', '--results', 'draws/2026H2/results-register.csv', '--as-of', '2026-11-20')).code).toBe(0);
    expect((await run(dir, 'publish', 'roster', '--inspectors', 'inspectors.csv', '--as-of', '2026-11-21', '--out', 'public/roster.csv')).code).toBe(0);
    expect((await run(dir, 'publish', 'items', '--plan', 'plan.yaml', '--out', 'public/items.csv')).code).toBe(0);
    expect((await run(dir, 'report', 'annual', '--year', '2026', '--config', 'compliance.yaml', '--employers', 'employers.csv', '--out', 'public/annual-2026.md')).code).toBe(0);
    checkAll = await run(dir, 'check', 'all', '--config', 'compliance.yaml', '--as-of', '2026-11-21');
  }, 180_000);

  it('writes the public results table with only the publishable columns, in UTF-8 with BOM', () => {
    const bytes = readFileSync(path.join(h1, 'results', 'results-publication.csv'), 'utf8');
    expect(bytes.startsWith(BOM)).toBe(true);
    const t = parseCsvText(bytes, 'x');
    expect(t.header).toEqual(['单位名称', '统一社会信用代码', '抽查事项', '检查日期', '检查结果', '公示处理情况', '检查机关', '抽查期间']);
    const drawn = parseCsvText(readFileSync(path.join(h1, 'inspection-list.csv'), 'utf8'), 'y');
    expect(t.rows).toHaveLength(drawn.rows.length);
    expect(bytes).not.toContain('13900000000');
    expect(bytes).not.toContain('原检查人员病假');
    expect(t.rows[2]!.cells.slice(4, 6)).toEqual(['发现问题已责令整改', '已责令限期整改']);
    expect(t.rows[0]!.cells[7]).toBe('2026-01-01至2026-06-30');
    expect(t.rows[5]!.cells[5]).toBe(`'=HYPERLINK("http://x","点此")`);
    for (const f of ['register.csv', 'results-rules.yaml', 'results-manifest.json']) expect(existsSync(path.join(h1, 'results', f))).toBe(true);
  });

  it('chains each results entry to its draw entry in the ledger', () => {
    const lines = readFileSync(ledger, 'utf8').trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.seq, e.kind, e.period])).toEqual([
      [1, 'draw', '2026H1'],
      [2, 'draw', '2026H2'],
      [3, 'results', '2026H1'],
      [4, 'results', '2026H2'],
    ]);
    expect(entries[2]!.draw_seq).toBe(1);
    expect(entries[2]!.draw_line_sha256).toBe(sha(lines[0]!));
    expect(entries[3]!.draw_line_sha256).toBe(sha(lines[1]!));
    expect(entries[3]!.prev).toBe(sha(lines[2]!));
    expect(entries[2]!.register_sha256).toBe(sha(readFileSync(path.join(h1, 'results-register.csv'))));
    expect(entries[2]!.publication_sha256).toBe(sha(readFileSync(path.join(h1, 'results', 'results-publication.csv'))));
    expect(entries[2]!.by_result).toMatchObject({ 立案查处: 1, 发现问题已责令整改: 1, '无法检查（已注销）': 1 });
  });

  it('verifies each publication (once through the built binary), and notices a changed table', async () => {
    const spawned = await runCli(['verify', path.join(h1, 'results')], { cwd: dir });
    expect(spawned.stderr).toBe('');
    expect(spawned.code).toBe(0);
    expect((await run(dir, 'verify', 'draws/2026H2/results')).code).toBe(0);
    const pub = path.join(h2, 'results', 'results-publication.csv');
    const original = readFileSync(pub);
    writeFileSync(pub, original.toString('utf8').replace('未发现问题', '发现问题已整改'));
    try {
      const r = await run(dir, 'verify', 'draws/2026H2/results');
      expect(r.code).toBe(1);
      expect(r.err).toContain('results-publication.csv');
    } finally {
      writeFileSync(pub, original);
    }
    // the draws themselves still verify, with results lines in their ledger
    expect((await run(dir, 'verify', 'draws/2026H1', '--ledger', 'draws/ledger.jsonl')).code).toBe(0);
  });

  it('check all raises the late H2 results and nothing about H1', () => {
    expect(checkAll.code).toBe(1);
    const lines = checkAll.out.split('\n').filter((l) => l.includes('[抽查结果公示]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('2026H2');
    expect(lines[0]).toMatch(/超过公示期限.*超期 \d+ 个工作日/);
    expect(checkAll.out).toMatch(/已检查 .*抽查结果公示 2/);
  });

  it('publishes the roster without private columns and the items from the plan', () => {
    const roster = readFileSync(path.join(dir, 'public', 'roster.csv'), 'utf8');
    expect(roster.startsWith(BOM)).toBe(true);
    const t = parseCsvText(roster, 'r');
    expect(t.header).toEqual(['姓名', '科室', '执法类别', '执法证号', '有效期至']);
    expect(roster).not.toMatch(/QH0\d\d|工号|1[3-9]\d{9}/);
    expect(t.rows.every((r) => r.cells[4]! >= '2026-11-21')).toBe(true);
    const items = parseCsvText(readFileSync(path.join(dir, 'public', 'items.csv'), 'utf8'), 'i');
    expect(items.header.slice(0, 7)).toEqual(['抽查事项', '抽查依据', '抽查主体', '抽查对象', '抽查方式', '抽查比例', '抽查频次']);
    expect(items.rows.map((r) => r.cells[5])).toContain('每年10%（分2期抽取）');
  });

  it('produces the annual report from the records, 未提供 where a source is missing', () => {
    const md = readFileSync(path.join(dir, 'public', 'annual-2026.md'), 'utf8');
    expect(md).toContain('| 抽查期次 | 2 | draws/ledger.jsonl 第 1、2 号记录 |');
    expect(md).toMatch(/\| 检查结果：立案查处 \| 2 \| draws\/ledger\.jsonl 第 3、4 号记录 \|/);
    // decisions.csv of the demo has no 罚款金额 column: the total is not provided, not zero
    expect(md).toMatch(/\| 罚款金额合计 \| 未提供 \| decisions\.csv 无“罚款金额”列 \|/);
    // the units drawn over the directory's valid rows (the directory streamed and counted, not held)
    const units = Number(/\| 抽中单位（家） \| (\d+) \|/.exec(md)![1]);
    const rows = parseCsvText(readFileSync(path.join(dir, 'employers.csv'), 'utf8'), 'e').rows.length;
    expect(md).toContain(`| 抽查覆盖面（抽中单位占名录库） | ${((units / rows) * 100).toFixed(1)}% |`);
  });

  it('gives located exit-2 messages for cells that cannot be read, and refuses to publish a register with findings', async () => {
    const good = readFileSync(path.join(h1, 'results-register.csv'), 'utf8');
    const bad = path.join(dir, 'bad-register.csv');
    const t = parseCsvText(good, bad);
    const date = t.header.indexOf('检查日期');
    const uscc = t.header.indexOf('统一社会信用代码');
    const rows = t.rows.map((r) => [...r.cells]);
    rows[4]![date] = '2026-02-30';
    rows[6]![uscc] = '91110000ABCDEFGHIJ';
    writeFileSync(bad, formatCsv(t.header, rows));
    const unreadable = await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'bad-register.csv', '--as-of', '2026-07-10');
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain('bad-register.csv:6, 列 “检查日期”, 值 “2026-02-30”');
    expect(unreadable.err).toContain('bad-register.csv:8, 列 “统一社会信用代码”');

    const result = t.header.indexOf('检查结果');
    const rows2 = t.rows.map((r) => [...r.cells]);
    rows2[0]![result] = '基本合格';
    writeFileSync(bad, formatCsv(t.header, rows2));
    const before = readFileSync(ledger);
    const check = await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'bad-register.csv', '--as-of', '2026-07-10');
    expect(check.code).toBe(1);
    expect(check.out).toContain('bad-register.csv:2 检查结果“基本合格”不是允许的取值');
    const checkJson = JSON.parse((await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'bad-register.csv', '--as-of', '2026-07-10', '--json')).out);
    expect(checkJson.format).toBe(1);
    expect(checkJson.findings.map((f: { code: string }) => f.code)).toContain('result-unknown');
    const refused = await run(dir, 'results', 'publish', 'draws/2026H1', '--results', 'bad-register.csv', '--as-of', '2026-07-10', '--out', 'refused');
    expect(refused.code).toBe(1);
    expect(existsSync(path.join(dir, 'refused'))).toBe(false);
    expect(readFileSync(ledger).equals(before)).toBe(true);
  });

  it('republishes a corrected register only with --republish --reason, into a new folder, on the record', async () => {
    const args = ['results', 'publish', 'draws/2026H1', '--results', 'draws/2026H1/results-register.csv', '--as-of', '2026-04-01'];
    const again = await run(dir, ...args);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--republish --reason');
    expect((await run(dir, ...args, '--republish')).code).toBe(2);
    const ok = await run(dir, ...args, '--republish', '--reason', '更正第3行公示处理情况');
    expect(ok.code).toBe(0);
    const last = JSON.parse(readFileSync(ledger, 'utf8').trimEnd().split('\n').pop()!) as Record<string, unknown>;
    expect(last).toMatchObject({ kind: 'results', draw_seq: 1, republish: true, reason: '更正第3行公示处理情况' });
    expect((await run(dir, 'verify', 'draws/2026H1/results-2')).code).toBe(0);
    expect((await run(dir, 'verify', 'draws/2026H1/results')).code).toBe(0);
  });

  it('goes through the record transaction: killed before its ledger line it leaves no record, killed after it is completed', async () => {
    const args = ['results', 'publish', 'draws/2026H2', '--results', 'draws/2026H2/results-register.csv', '--as-of', '2026-11-21', '--republish'];
    const lines = () => readFileSync(ledger, 'utf8').trimEnd().split('\n').length;
    const before = lines();
    const killed = await runCli([...args, '--reason', '更正'], { cwd: dir, env: { SHUANGSUI_FAULT: 'ledger.write:kill' } });
    expect(killed.code).toBe(-1);
    expect(lines()).toBe(before);
    expect(existsSync(path.join(h2, 'results-2', 'results-manifest.json'))).toBe(false);
    // the next publication discards what was left and takes the same folder
    expect((await run(dir, ...args, '--reason', '更正')).code).toBe(0);
    expect(lines()).toBe(before + 1);
    const late = await runCli([...args, '--reason', '再次更正'], { cwd: dir, env: { SHUANGSUI_FAULT: 'out.rename:results-manifest.json:kill' } });
    expect(late.code).toBe(-1);
    expect(lines()).toBe(before + 2);
    // committed: verify finishes the folder and finds it whole
    const v = await run(dir, 'verify', 'draws/2026H2/results-3');
    expect(v.code).toBe(0);
    expect(existsSync(path.join(h2, 'results-3', 'results-manifest.json'))).toBe(true);
    expect((await run(dir, 'verify', 'draws/2026H2/results-2')).code).toBe(0);
  });
});
