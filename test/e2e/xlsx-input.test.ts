import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';
import { writeWorkbook, xlsxTwin } from '../support/xlsx.js';
import { runMain } from '../support/main.js';
import { loadEmployers, loadInspectors } from '../../src/io/tables.js';
import { serialToIso } from '../../src/io/xlsx.js';
import { setLang } from '../../src/i18n/index.js';

// Reading .xlsx: a workbook is turned into the same string cells a CSV gives, so a draw cannot
// depend on which of the two the office kept; what only a workbook can get wrong is named by cell.

const drawArgs = (employers: string, inspectors: string, out: string, extra: string[] = []) => [
  'draw',
  '--employers', employers,
  '--inspectors', inspectors,
  '--plan', path.join(FIXTURES, 'plan.yaml'),
  '--period', '2026H2',
  '--seed', 'xlsx-twin',
  '--as-of', '2026-07-01',
  '--out', out,
  '--ledger', path.join(out, 'ledger.jsonl'),
  ...extra,
];

describe('the .xlsx twin of the demo directory and roster', () => {
  it('gives a byte-identical draw, with title rows above the header and the rows in reverse order', async () => {
    const dir = tempDir();
    const employers = path.join(dir, 'employers.xlsx');
    const inspectors = path.join(dir, 'inspectors.xlsx');
    await xlsxTwin(path.join(FIXTURES, 'employers.csv'), employers, { title: ['清河县市场主体名录库（2026年6月）', '制表：县人社局'], reverse: true, sheet: '名录' });
    await xlsxTwin(path.join(FIXTURES, 'inspectors.csv'), inspectors, { sheet: '执法人员' });
    const fromCsv = await runMain(drawArgs(path.join(FIXTURES, 'employers.csv'), path.join(FIXTURES, 'inspectors.csv'), path.join(dir, 'csv')), { cwd: dir });
    // --sheet 1: the first tab of each workbook, recorded in the manifest for verify
    const fromXlsx = await runMain(drawArgs(employers, inspectors, path.join(dir, 'xlsx'), ['--sheet', '1']), { cwd: dir });
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    for (const name of ['inspection-list.csv', 'publication.csv']) {
      expect(readFileSync(path.join(dir, 'xlsx', name)).equals(readFileSync(path.join(dir, 'csv', name))), name).toBe(true);
    }
    // the title rows were skipped, and the office is told which row was the header
    expect(fromXlsx.stderr).toContain('第 3 行作为表头');
    expect(fromXlsx.stderr).toContain('清河县市场主体名录库（2026年6月）');
    // and verify re-reads the workbooks the same way
    const v = await runMain(['verify', path.join(dir, 'xlsx')], { cwd: dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'xlsx', 'manifest.json'), 'utf8')).read_options.sheet).toBe('1');
    // the binary too: in-process, test/support/setup.ts put exceljs's UTF-8 fix in place; the CLI must do it itself
    const spawned = await runCli(drawArgs(employers, inspectors, path.join(dir, 'bin'), ['--sheet', '1']), { cwd: dir });
    expect(spawned.code, spawned.stderr).toBe(0);
    for (const name of ['inspection-list.csv', 'publication.csv']) {
      expect(readFileSync(path.join(dir, 'bin', name)).equals(readFileSync(path.join(dir, 'csv', name))), name).toBe(true);
    }
  });
});

describe('cells only a workbook has', () => {
  const header = ['统一社会信用代码', '单位名称', '单位类型', '上次检查日期', '职工人数'];
  const rows = () => [
    ['清河县市场主体名录库（2026年6月）'],
    header,
    ['91329901123456796E', '甲公司', '企业', new Date(Date.UTC(2025, 2, 5)), 26],
    // all-digit USCC typed into a General cell: Excel keeps 15 digits
    [916540214577691512, '乙公司', '企业', null, 3],
    ['92329901862848128T', { formula: '"丙"&"服务部"', result: '丙服务部' }, '个体工商户', null, { formula: '1+1', result: 2 }],
    ['91329901MA1XXXXX0X', { formula: 'B3&"分公司"' }, '企业', null, 1],
  ];

  it('refuses the sheet naming file, sheet and cell for the damaged code and the formula without a value, with the fix', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'employers.xlsx');
    await writeWorkbook(file, [{ name: '名录', rows: rows() }]);
    const r = await runMain(drawArgs(file, path.join(FIXTURES, 'inspectors.csv'), path.join(dir, 'out')), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:名录!A4`);
    expect(r.stderr).toContain('9.16540E+17');
    expect(r.stderr).toContain('设为“文本”格式');
    expect(r.stderr).toContain(`${file}:名录!B6`);
    expect(r.stderr).toContain('没有保存计算结果');
    // the formula with a saved value is used, with a warning naming its cell
    expect(r.stderr).toMatch(/名录!B5: 公式（="丙"&"服务部"），使用 Excel 上次保存时计算的结果“丙服务部”/);
    // the damaged cell is reported once, by the reader, not again as a bad USCC
    expect(r.stderr.match(/名录!A4/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads date cells as ISO dates, cached formula values, and numbers in text columns as typed', async () => {
    setLang('zh');
    const dir = tempDir();
    const file = path.join(dir, 'employers.xlsx');
    const warnings: string[] = [];
    await writeWorkbook(file, [{ name: '名录', rows: rows().filter((_, i) => i !== 3 && i !== 5) }]);
    const t = await loadEmployers(file, { warn: (s) => warnings.push(s) });
    expect(t.encoding).toBe('xlsx');
    expect(t.records.map((e) => [e.uscc, e.name, e.lastInspected, e.employees])).toEqual([
      ['91329901123456796E', '甲公司', '2025-03-05', 26],
      ['92329901862848128T', '丙服务部', null, 2],
    ]);
    expect(warnings.join('\n')).toContain('第 2 行作为表头');
  });

  it('reads numeric 工号 and 执法证号 of 15 digits or fewer exactly, and --lenient skips a damaged row', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'inspectors.xlsx');
    await writeWorkbook(file, [
      {
        name: 'Sheet1',
        rows: [
          ['工号', '姓名', '执法证号'],
          [1001, '张三', 329901016620012],
          ['QH002', '李四', 3299010166200123456],
        ],
      },
    ]);
    const strict = loadInspectors(file);
    await expect(strict).rejects.toMatchObject({ problems: [{ sheet: 'Sheet1', cell: 'C3' }] });
    const lenient = await loadInspectors(file, { lenient: true });
    expect(lenient.records.map((i) => [i.id, i.certNo])).toEqual([['1001', '329901016620012']]);
    expect(lenient.skipped).toBe(1);
  });

  it('converts serials with the 1900 leap-year quirk and the 1904 system', () => {
    expect(serialToIso(1, false)).toEqual({ date: '1900-01-01', seconds: 0 });
    expect(serialToIso(59, false)).toEqual({ date: '1900-02-28', seconds: 0 });
    expect(serialToIso(60, false)).toEqual({ invalid: '1900-02-29' });
    expect(serialToIso(61, false)).toEqual({ date: '1900-03-01', seconds: 0 });
    expect(serialToIso(46023, false)).toEqual({ date: '2026-01-01', seconds: 0 });
    expect(serialToIso(46023.5, false)).toEqual({ date: '2026-01-01', seconds: 43200 });
    expect(serialToIso(0, true)).toEqual({ date: '1904-01-01', seconds: 0 });
  });
});

describe('choosing the sheet, and files that are not .xlsx', () => {
  const roster = [
    ['工号', '姓名', '执法证号'],
    ['QH001', '张三', '3299010166200'],
  ];

  it('takes the first visible sheet with content by default, and --sheet by name or number', async () => {
    setLang('zh');
    const dir = tempDir();
    const file = path.join(dir, 'inspectors.xlsx');
    await writeWorkbook(file, [
      { name: '说明', rows: [] },
      { name: '旧名单', rows: [roster[0]!, ['QH009', '王五', '3299010166999']], state: 'hidden' },
      { name: '在岗', rows: roster },
    ]);
    expect((await loadInspectors(file)).records.map((i) => i.id)).toEqual(['QH001']);
    expect((await loadInspectors(file, { sheet: '旧名单' })).records.map((i) => i.id)).toEqual(['QH009']);
    expect((await loadInspectors(file, { sheet: '2' })).records.map((i) => i.id)).toEqual(['QH009']);
    await expect(loadInspectors(file, { sheet: '人员' })).rejects.toThrow(/没有工作表“人员”.*“说明”、“旧名单”、“在岗”/);
  });

  it('tells the office to save .xls/.et and encrypted workbooks as .xlsx or CSV, by content whatever the name', async () => {
    const dir = tempDir();
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    const legacy = path.join(dir, 'employers.csv');
    writeFileSync(legacy, cfb);
    const encrypted = path.join(dir, 'employers.xlsx');
    writeFileSync(encrypted, Buffer.concat([cfb, Buffer.from('EncryptionInfo', 'utf16le'), Buffer.from('EncryptedPackage', 'utf16le')]));
    const a = await runMain(drawArgs(legacy, path.join(FIXTURES, 'inspectors.csv'), path.join(dir, 'a')), { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('请用 Excel/WPS 另存为 .xlsx 或 CSV（UTF-8）');
    expect(a.stderr).not.toContain('CSV 格式错误');
    const b = await runMain(drawArgs(encrypted, path.join(FIXTURES, 'inspectors.csv'), path.join(dir, 'b')), { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('加密');
  });
});
