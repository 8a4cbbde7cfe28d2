import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempDir } from '../support/cli.js';
import { readBack, writeWorkbook } from '../support/xlsx.js';
import { runMain } from '../support/main.js';
import { FIXTURES } from '../support/cli.js';
import { parseCsvText } from '../../src/io/csv.js';
import { sha256Hex } from '../../src/io/files.js';
import { buildWorkbook } from '../../src/io/xlsx.js';

// .xlsx outputs: opened in Excel, every code must show exactly as in the canonical CSV.

const csvRows = (file: string) => {
  const t = parseCsvText(readFileSync(file, 'utf8'), file);
  return { header: t.header, rows: t.rows.map((r) => r.cells) };
};

/** Every cell of a sheet that is not plain text, a date, or empty: a formula would be one. */
function nonText(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (![ExcelJS.ValueType.String, ExcelJS.ValueType.Date, ExcelJS.ValueType.Merge, ExcelJS.ValueType.Null].includes(cell.type)) out.push(`${cell.address}:${cell.type}`);
    }),
  );
  return out;
}

describe('draw --format xlsx', () => {
  it('writes workbooks whose codes are string cells equal to the CSV, the publication titled and footed, and verify checks them by content', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const r = await runMain(['draw', '--demo', '--seed', 'demo', '--as-of', '2026-07-01', '--out', out, '--format', 'csv,xlsx'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);

    const pubCsv = csvRows(path.join(out, 'publication.csv'));
    const pub = (await readBack(path.join(out, 'publication.xlsx'))).worksheets[0]!;
    expect(pub.name).toBe('清河县人力资源和社会保障局2026H2');
    expect(String(pub.getCell('A1').value)).toContain('“双随机、一公开”抽查结果公示（2026H2，2026-07-01至2026-12-31）');
    expect(pub.getRow(2).values).toEqual([undefined, ...pubCsv.header]);
    const codeCols = ['统一社会信用代码', '执法证号'].map((h) => pubCsv.header.indexOf(h));
    expect(pubCsv.rows.length).toBeGreaterThan(10);
    pubCsv.rows.forEach((cells, i) => {
      for (const c of codeCols) {
        const cell = pub.getRow(i + 3).getCell(c + 1);
        expect(cell.type, cell.address).toBe(ExcelJS.ValueType.String);
        expect(cell.value, cell.address).toBe(cells[c]);
      }
      expect(pub.getRow(i + 3).getCell(1).value).toBe(cells[0]);
    });
    const manifestSha = sha256Hex(readFileSync(path.join(out, 'manifest.json')));
    const footer = String(pub.getRow(pubCsv.rows.length + 3).getCell(1).value);
    expect(footer).toContain('随机种子 demo');
    expect(footer).toContain(manifestSha);
    expect(pub.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(nonText(pub)).toEqual([]);

    const listCsv = csvRows(path.join(out, 'inspection-list.csv'));
    const list = (await readBack(path.join(out, 'inspection-list.xlsx'))).worksheets[0]!;
    for (const h of ['统一社会信用代码', '检查人员工号', '执法证号', '抽签号']) {
      const c = listCsv.header.indexOf(h);
      listCsv.rows.forEach((cells, i) => {
        const cell = list.getRow(i + 2).getCell(c + 1);
        expect(cell.type, `${h} ${cell.address}`).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(cells[c]);
      });
    }
    expect(nonText(list)).toEqual([]);

    const v = await runMain(['verify', out], { cwd: dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('publication.xlsx：与规范记录 publication.csv 逐格一致（.xlsx 按内容核对，不比较字节）');

    // Excel's damage, done to the posted workbook: the first USCC saved as a number
    const wb = await readBack(path.join(out, 'publication.xlsx'));
    const cell = wb.worksheets[0]!.getRow(3).getCell(codeCols[0]! + 1);
    const code = String(cell.value);
    cell.value = Number(code.replace(/\D/g, '').slice(0, 15));
    writeFileSync(path.join(out, 'publication.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const bad = await runMain(['verify', out], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('内容与规范记录 publication.csv 不一致');
    expect(bad.stdout).toContain(`${pub.name}!${cell.address}：应为“${code}”`);
  });
});

describe('buildWorkbook', () => {
  it('stores values that start with = + - @ as text, never as formulas, and ISO dates in date columns as date cells', async () => {
    const hostile = ['=HYPERLINK("http://x","点我")', '+1+2', '-3', '@SUM(A1)'];
    const data = await buildWorkbook([{ name: '结果', header: ['单位名称', '决定日期'], rows: hostile.map((h) => [h, '2026-03-05']) }], new Date(0));
    const file = path.join(tempDir(), 'x.xlsx');
    writeFileSync(file, data);
    const ws = (await readBack(file)).worksheets[0]!;
    hostile.forEach((h, i) => {
      expect(ws.getCell(`A${i + 2}`).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(`A${i + 2}`).value).toBe(h);
      expect(ws.getCell(`B${i + 2}`).type).toBe(ExcelJS.ValueType.Date);
      expect(ws.getCell(`B${i + 2}`).numFmt).toBe('yyyy-mm-dd');
    });
    expect(nonText(ws)).toEqual([]);
  });
});

/** A CSV of ours as a table of cells; the workbook must hold the same, as strings (dates as dates). */
async function expectSameCells(xlsx: string, csv: string, codeHeaders: string[]) {
  const want = csvRows(csv);
  const ws = (await readBack(xlsx)).worksheets[0]!;
  expect(ws.getRow(1).values).toEqual([undefined, ...want.header]);
  expect(ws.actualRowCount).toBe(want.rows.length + 1);
  want.rows.forEach((cells, i) =>
    cells.forEach((v, j) => {
      const cell = ws.getRow(i + 2).getCell(j + 1);
      const got = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : (cell.value ?? '');
      expect(got, cell.address).toBe(v);
      if (codeHeaders.includes(want.header[j]!)) expect(cell.type, cell.address).toBe(ExcelJS.ValueType.String);
    }),
  );
  expect(nonText(ws)).toEqual([]);
}

describe('penalty --batch and check deadlines with workbooks', () => {
  it('penalty --batch reads an .xlsx (title row, numbers, date cells) and writes results.xlsx equal to the CSV results', async () => {
    const dir = tempDir();
    const src = csvRows(path.join(FIXTURES, 'penalty-cases.csv'));
    const typed = src.rows.map((r) => r.map((v, j) => (v === '' ? null : /^\d+$/.test(v) && src.header[j] !== '案件编号' ? Number(v) : /日期|_date$/.test(src.header[j]!) ? new Date(`${v}T00:00:00Z`) : v)));
    await writeWorkbook(path.join(dir, 'cases.xlsx'), [{ name: '案件', rows: [['2026年第一季度案件'], src.header, ...typed] }]);
    const a = await runMain(['penalty', '--batch', path.join(FIXTURES, 'penalty-cases.csv'), '--out', path.join(dir, 'results.csv')], { cwd: dir });
    const b = await runMain(['penalty', '--batch', path.join(dir, 'cases.xlsx'), '--out', path.join(dir, 'results.xlsx')], { cwd: dir });
    expect(b.code, b.stderr).toBe(a.code);
    expect(b.stderr).toContain('第 2 行作为表头');
    await expectSameCells(path.join(dir, 'results.xlsx'), path.join(dir, 'results.csv'), ['案件编号', '规则编号']);
  });

  it('check deadlines --format csv,xlsx writes both, with 案号 as text and the same cells', async () => {
    const dir = tempDir();
    const r = await runMain(['check', 'deadlines', '--demo', '--as-of', '2026-06-30', '--out', path.join(dir, 'deadlines.csv'), '--format', 'csv,xlsx'], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    await expectSameCells(path.join(dir, 'deadlines.xlsx'), path.join(dir, 'deadlines.csv'), ['案号']);
    const ws = (await readBack(path.join(dir, 'deadlines.xlsx'))).worksheets[0]!;
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('C2').numFmt).toBe('yyyy-mm-dd');
  });
});

describe('init --format xlsx', () => {
  it('makes workbook templates (notes sheet, drop-down lists, codes as text) that draw exactly as the CSV templates do', async () => {
    const root = tempDir();
    const a = await runMain(['init', path.join(root, 'csv')], { cwd: root });
    const b = await runMain(['init', path.join(root, 'xlsx'), '--format', 'xlsx'], { cwd: root });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain(`--employers ${path.join(root, 'xlsx', 'employers.xlsx')}`);
    expect(readFileSync(path.join(root, 'xlsx', 'compliance.yaml'), 'utf8')).toContain('decisions: decisions.xlsx');

    const wb = await readBack(path.join(root, 'xlsx', 'employers.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['employers', '填写说明']);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (h: string) => header.indexOf(h) + 1;
    expect(ws.getRow(2).getCell(col('统一社会信用代码')).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getColumn(col('统一社会信用代码')).numFmt).toBe('@');
    expect(ws.getRow(4).getCell(col('上次检查日期')).type).toBe(ExcelJS.ValueType.Date); // 2024/6/3 in the CSV
    const lists = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    const letter = (h: string) => String.fromCharCode(64 + col(h));
    expect(lists[`${letter('经营异常')}2`]?.formulae[0]).toBe('"是,否"');
    expect(lists[`${letter('经营异常')}5000`]?.formulae[0]).toBe('"是,否"');
    expect(lists[`${letter('单位类型')}2`]?.formulae[0]).toContain('个体工商户');
    expect(String(wb.worksheets[1]!.getRow(2).getCell(2).value)).toContain('18 位统一社会信用代码');

    const draw = (d: string, ext: string) =>
      runMain(['draw', '--employers', path.join(root, d, `employers.${ext}`), '--inspectors', path.join(root, d, `inspectors.${ext}`), '--plan', path.join(root, d, 'plan.yaml'), '--period', '2026H1', '--seed', 's', '--as-of', '2026-03-02', '--out', path.join(root, d, 'out')], { cwd: root });
    expect((await draw('csv', 'csv')).code).toBe(0);
    const x = await draw('xlsx', 'xlsx');
    expect(x.code, x.stderr).toBe(0);
    for (const f of ['inspection-list.csv', 'publication.csv']) expect(readFileSync(path.join(root, 'xlsx', 'out', f)).equals(readFileSync(path.join(root, 'csv', 'out', f)))).toBe(true);
  });
});
