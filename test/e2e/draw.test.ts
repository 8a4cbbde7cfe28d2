import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { tempDir, FIXTURES } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { PLAN_YAML, drawArgs, writeInputs } from './draw-data.js';

const read = (f: string) => readFileSync(f);
const csvText = (f: string) => readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
const ledgerLines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('draw: reproducible files (properties 1 and 2 at file level)', () => {
  it('gives byte-identical CSVs for the same inputs and seed, also from shuffled rows and columns', async () => {
    const base = tempDir();
    const a = writeInputs(path.join(base, 'a'));
    const b = writeInputs(path.join(base, 'b'));
    const c = writeInputs(path.join(base, 'c'), { shuffle: 7 });
    // the shuffled copy really is different bytes
    expect(read(c.employers).equals(read(a.employers))).toBe(false);
    expect(read(c.inspectors).equals(read(a.inspectors))).toBe(false);
    const common = ['--period', '2026H1', '--seed', '双随机-2026', '--as-of', '2026-01-10'];
    for (const f of [a, b, c]) {
      const r = await runMain(drawArgs(f, [...common, '--out', path.join(f.dir, 'out')]));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const name of ['inspection-list.csv', 'publication.csv']) {
      const ref = read(path.join(a.dir, 'out', name));
      expect(read(path.join(b.dir, 'out', name)).equals(ref)).toBe(true);
      expect(read(path.join(c.dir, 'out', name)).equals(ref)).toBe(true);
    }
    // manifests of a and b differ only in created_at
    const strip = (f: string) => ({ ...JSON.parse(readFileSync(f, 'utf8')), created_at: null });
    expect(strip(path.join(a.dir, 'out', 'manifest.json'))).toEqual(strip(path.join(b.dir, 'out', 'manifest.json')));
  });

  it('a different seed gives a different list', async () => {
    const f = writeInputs(tempDir());
    await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 'one', '--as-of', '2026-01-10', '--out', path.join(f.dir, 'o1'), '--ledger', path.join(f.dir, 'l1.jsonl')]));
    await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 'two', '--as-of', '2026-01-10', '--out', path.join(f.dir, 'o2'), '--ledger', path.join(f.dir, 'l2.jsonl')]));
    expect(read(path.join(f.dir, 'o1', 'inspection-list.csv')).equals(read(path.join(f.dir, 'o2', 'inspection-list.csv')))).toBe(false);
  });
});

describe('draw: outputs', () => {
  it('writes the list, the publication and the manifest, and records the draw in the ledger beside the plan', async () => {
    const f = writeInputs(tempDir(), { firstName: '=HYPERLINK("http://evil")甲公司' });
    const out = path.join(f.dir, 'out');
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--as-of', '2026-01-10', '--out', out]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('日常随机抽查');
    expect(r.stdout).toContain('shuangsui verify');
    expect(readdirSync(out).sort()).toEqual(['inputs', 'inspection-list.csv', 'manifest.json', 'publication.csv']);
    expect(readdirSync(path.join(out, 'inputs')).sort()).toEqual(['employers.csv.gz', 'inspectors.csv.gz', 'plan.yaml.gz']);

    const list = csvText(path.join(out, 'inspection-list.csv')).split('\r\n');
    expect(list[0]!.split(',').slice(0, 15)).toEqual([
      '抽查任务', '抽查事项', '统一社会信用代码', '单位名称', '单位类型', '行业', '所属区域', '入选方式',
      '分层', '抽签号', '入选概率', '检查人员工号', '检查人员', '执法证号', '组长',
    ]);
    expect(list[0]).toContain('联系电话');
    expect(list.filter((l) => l.includes(',随机,'))).toHaveLength(6);
    expect(list.filter((l) => l.includes(',全覆盖,'))).toHaveLength(1);

    // publication: exactly the allowed columns, nothing from the roster or the directory beyond them
    const pub = csvText(path.join(out, 'publication.csv'));
    expect(pub.split('\r\n')[0]).toBe('单位名称,统一社会信用代码,抽查事项,检查人员,执法证号,抽查期间');
    expect(pub).not.toMatch(/0591-|13800/);
    expect(pub).not.toContain('在岗');
    expect(pub).toContain('2026-01-01至2026-06-30');

    // formula injection neutralised in both CSVs
    for (const name of ['inspection-list.csv', 'publication.csv']) {
      const text = csvText(path.join(out, name));
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")甲公司"`);
      expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    }

    const man = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(man).toMatchObject({ tool: 'shuangsui', algorithm: 'shuangsui-draw/2', plan_id: 'P-TEST-2026', period: '2026H1', seed: 's', as_of: '2026-01-10', redraw: false });
    expect(man.inputs.employers).toEqual({ path: '../employers.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), archive: 'inputs/employers.csv.gz' });
    expect(Object.keys(man.outputs)).toEqual(['inspection-list.csv', 'publication.csv']);

    const ledger = ledgerLines(path.join(f.dir, 'draws', 'ledger.jsonl'));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ seq: 1, prev: '0'.repeat(64), kind: 'draw', plan_id: 'P-TEST-2026', plan_year: 2026, period: '2026H1', seed: 's', out_dir: out, redraw: false, reason: null });
    expect(ledger[0].drawn).toHaveLength(6);
    expect([...ledger[0].drawn].sort()).toEqual(ledger[0].drawn);
    expect(ledger[0].full_coverage).toEqual(['91350100MA0000001P']);
  });

  it('prints a generated 128-bit seed when none is given, and records it', async () => {
    const f = writeInputs(tempDir());
    const out = path.join(f.dir, 'out');
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--out', out, '--json']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(j.seed_generated).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).seed).toBe(j.seed);
  });

  it('--json prints one parseable document with counts and workload', async () => {
    const f = writeInputs(tempDir());
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--as-of', '2026-01-10', '--dry-run', '--json']));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe(1);
    expect(j.dry_run).toBe(true);
    expect(j.counts.filter((c: { task: string }) => c.task === 'T1').reduce((n: number, c: { drawn: number }) => n + c.drawn, 0)).toBe(6);
    expect(j.workload.max).toBeGreaterThan(0);
  });

  it('--json gives each warning its code and params beside the sentence, in the same order', async () => {
    const r = await runMain(['draw', '--demo', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.warning_details.map((w: { message: string }) => w.message)).toEqual(j.warnings);
    expect(j.warning_details).toContainEqual({ code: 'draw.inspectors.barred', params: { count: 4, total: 32 }, message: j.warnings[0] });
  });

  it('--dry-run writes nothing, not even the ledger; --explain works with it', async () => {
    const f = writeInputs(tempDir());
    const out = path.join(f.dir, 'out');
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--as-of', '2026-01-10', '--out', out, '--dry-run', '--explain', '91350100MA0000001P']));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('91350100MA0000001P');
    expect(r.stdout).toContain('未写入任何文件');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(f.dir, 'draws'))).toBe(false);
  });
});

describe('draw: refusals', () => {
  it('refuses a second draw of the same period, accepts it with --redraw --reason and records the reason', async () => {
    const f = writeInputs(tempDir());
    const common = ['--period', '2026H1', '--as-of', '2026-01-10'];
    expect((await runMain(drawArgs(f, [...common, '--seed', 'first', '--out', path.join(f.dir, 'o1')]))).code).toBe(0);
    const again = await runMain(drawArgs(f, [...common, '--seed', 'second', '--out', path.join(f.dir, 'o2')]));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--redraw');
    expect(existsSync(path.join(f.dir, 'o2'))).toBe(false);
    expect((await runMain(drawArgs(f, [...common, '--seed', 'second', '--out', path.join(f.dir, 'o2'), '--redraw']))).code).toBe(2);
    const redraw = await runMain(drawArgs(f, [...common, '--seed', 'second', '--out', path.join(f.dir, 'o2'), '--redraw', '--reason', '名录库导出有误，已更正']));
    expect(redraw.code).toBe(0);
    const ledger = ledgerLines(path.join(f.dir, 'draws', 'ledger.jsonl'));
    expect(ledger.map((e) => [e.seq, e.redraw, e.reason])).toEqual([
      [1, false, null],
      [2, true, '名录库导出有误，已更正'],
    ]);
    expect(JSON.parse(readFileSync(path.join(f.dir, 'o2', 'manifest.json'), 'utf8'))).toMatchObject({ redraw: true, reason: '名录库导出有误，已更正', ledger_seq: 2 });
  });

  it('does not overwrite existing outputs without --force', async () => {
    const f = writeInputs(tempDir());
    const out = path.join(f.dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'publication.csv'), 'keep me');
    const args = drawArgs(f, ['--period', '2026H1', '--seed', 's', '--out', out]);
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(path.join(out, 'publication.csv'), 'utf8')).toBe('keep me');
    expect(existsSync(path.join(out, 'inspection-list.csv'))).toBe(false);
    expect(existsSync(path.join(f.dir, 'draws', 'ledger.jsonl'))).toBe(false);
    expect((await runMain([...args, '--force'])).code).toBe(0);
    expect(readFileSync(path.join(out, 'publication.csv'), 'utf8')).not.toBe('keep me');
  });

  it('refuses an unstaffable draw, naming employers and items, and writes nothing', async () => {
    const f = writeInputs(tempDir(), { specialty: '社会保险' });
    const out = path.join(f.dir, 'out');
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--out', out]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('91350100MA0000001P');
    expect(r.stderr).toMatch(/工资支付情况|wage/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(f.dir, 'draws'))).toBe(false);
  });

  it('reports every problem of every input at once before computing anything', async () => {
    const f = writeInputs(tempDir());
    writeFileSync(f.employers, readFileSync(f.employers, 'utf8').replace('91350100MA0000002', '91350100MA000000I'));
    writeFileSync(f.plan, PLAN_YAML.replace('frequency: 2', 'frequency: 2\ncolour: red'));
    writeFileSync(f.inspectors, readFileSync(f.inspectors, 'utf8').replace('2030-12-31', '2030-13-45'));
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--out', path.join(f.dir, 'out')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('employers.csv:3');
    expect(r.stderr).toContain('inspectors.csv:2');
    expect(r.stderr).toMatch(/plan\.yaml:5.*colour/);
    expect(existsSync(path.join(f.dir, 'out'))).toBe(false);
  });

  it('refuses a period that does not fit the plan, a bad --as-of, missing options, and --interactive without a terminal', async () => {
    const f = writeInputs(tempDir());
    expect((await runMain(drawArgs(f, ['--period', '2026Q1', '--dry-run']))).code).toBe(2);
    expect((await runMain(drawArgs(f, ['--period', '2026H1', '--dry-run', '--as-of', '2026-02-30']))).stderr).toContain('--as-of');
    const missing = await runMain(['draw', '--period', '2026H1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--employers');
    const inter = await runMain(drawArgs(f, ['--interactive']));
    expect(inter.code).toBe(2);
    expect(inter.stderr).toContain('终端');
  });

  it('refuses to add to a broken ledger', async () => {
    const f = writeInputs(tempDir());
    mkdirSync(path.join(f.dir, 'draws'));
    writeFileSync(path.join(f.dir, 'draws', 'ledger.jsonl'), '{"seq":1}\n');
    const r = await runMain(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--out', path.join(f.dir, 'out')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ledger.jsonl');
    expect(existsSync(path.join(f.dir, 'out'))).toBe(false);
  });
});

describe('draw --demo', () => {
  const haveFixtures = ['plan.yaml', 'employers.csv', 'inspectors.csv'].every((n) => existsSync(path.join(FIXTURES, n)));
  it.skipIf(!haveFixtures)('draws from the fixtures into a temporary folder with a summary and no office ledger', async () => {
    const r = await runMain(['draw', '--demo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/内部错误|at .*\.js:\d+/);
    expect(r.stdout).toContain('演示数据');
    expect(r.stdout).toContain('合计');
    const dir = /shuangsui verify (\S+)/.exec(r.stdout)?.[1];
    expect(dir).toBeTruthy();
    expect(existsSync(path.join(dir!, 'inspection-list.csv'))).toBe(true);
    expect(existsSync(path.join(FIXTURES, 'draws'))).toBe(false);
    expect((await runMain(['verify', dir!])).code).toBe(0);
  });

  it('refuses --ledger in demo mode', async () => {
    const r = await runMain(['draw', '--demo', '--ledger', path.join(tempDir(), 'l.jsonl')]);
    expect(r.code).toBe(2);
  });
});
