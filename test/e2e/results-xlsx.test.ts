import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { parseCsvText } from '../../src/io/csv.js';
import { FIXTURES, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { readBack } from '../support/xlsx.js';

/**
 * The results register as a workbook, in-process: template as .xlsx (and its CSV twin), filled with
 * exceljs as Excel would save it (real date cells), checked, published from the .xlsx, and the
 * publication verified from the archived workbook.
 */

const now = new Date('2026-03-21T02:00:00Z');
const run = (cwd: string, ...args: string[]) => runMain(args, { cwd, now });

function columnsOf(ws: ExcelJS.Worksheet): Map<string, number> {
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => cols.set(String(c.value), n));
  return cols;
}

describe('results register as .xlsx', () => {
  const dir = tempDir('shuangsui-results-xlsx-');
  const draw = path.join(dir, 'draws', '2026H1');
  const xlsx = path.join(draw, 'results-register.xlsx');
  let template: ExcelJS.Workbook;
  let drawnRows = 0;

  beforeAll(async () => {
    for (const f of ['employers.csv', 'inspectors.csv', 'plan.yaml']) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    const drawn = await run(dir, 'draw', '--employers', 'employers.csv', '--inspectors', 'inspectors.csv', '--plan', 'plan.yaml', '--period', '2026H1', '--seed', 'xlsx', '--as-of', '2026-01-05', '--out', 'draws/2026H1');
    expect(drawn.code).toBe(0);
    drawnRows = parseCsvText(readFileSync(path.join(draw, 'inspection-list.csv'), 'utf8'), 'list').rows.length;
    const made = await run(dir, 'results', 'template', 'draws/2026H1', '--format', 'csv,xlsx');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    template = await readBack(xlsx);
  }, 60_000);

  it('writes the workbook beside its CSV twin: codes as text cells, header frozen, drop-downs for 检查结果 and 检查方式', () => {
    expect(existsSync(path.join(draw, 'results-register.csv'))).toBe(true);
    const ws = template.worksheets[0]!;
    expect(template.worksheets).toHaveLength(1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cols = columnsOf(ws);
    const csv = parseCsvText(readFileSync(path.join(draw, 'results-register.csv'), 'utf8'), 'csv');
    expect([...cols.keys()]).toEqual(csv.header);
    expect(ws.actualRowCount).toBe(drawnRows + 1);
    for (const name of ['统一社会信用代码', '检查人员工号']) {
      const cell = ws.getRow(2).getCell(cols.get(name)!);
      expect(typeof cell.value).toBe('string');
      expect(cell.value).toBe(csv.rows[0]!.cells[csv.header.indexOf(name)]);
      expect(ws.getColumn(cols.get(name)!).numFmt).toBe('@');
    }
    // read back, exceljs keys the lists by cell
    const lists = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const at = (name: string, row: number) => lists[`${ws.getColumn(cols.get(name)!).letter}${row}`];
    for (const row of [2, drawnRows + 1]) {
      expect(at('检查结果', row)).toMatchObject({ type: 'list' });
      expect(at('检查结果', row)!.formulae[0]).toContain('未发现问题');
      expect(at('检查方式', row)!.formulae[0]).toContain('实地检查');
    }
    expect(at('检查日期', 2)).toBeUndefined();
  });

  it('checks and publishes a filled workbook, verify rebuilds it from the archived copy, and findings name sheet and cell', async () => {
    const ws = template.worksheets[0]!;
    const cols = columnsOf(ws);
    for (let r = 2; r <= drawnRows + 1; r++) {
      const row = ws.getRow(r);
      const date = row.getCell(cols.get('检查日期')!);
      date.value = new Date('2026-03-02T00:00:00Z');
      date.numFmt = 'yyyy-mm-dd';
      row.getCell(cols.get('检查方式')!).value = '实地检查';
      row.getCell(cols.get('检查结果')!).value = '未发现问题';
    }
    writeFileSync(xlsx, Buffer.from(await template.xlsx.writeBuffer()));

    const check = await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'draws/2026H1/results-register.xlsx', '--as-of', '2026-03-20');
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const pub = await run(dir, 'results', 'publish', 'draws/2026H1', '--results', 'draws/2026H1/results-register.xlsx', '--as-of', '2026-03-20', '--sheet', '检查结果登记表');
    expect(pub.code).toBe(0);
    const out = path.join(draw, 'results');
    expect(readFileSync(path.join(out, 'register.xlsx')).equals(readFileSync(xlsx))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(out, 'results-manifest.json'), 'utf8')) as { register: Record<string, unknown> };
    expect(manifest.register).toMatchObject({ path: 'register.xlsx', sheet: '检查结果登记表', sheet_position: 1 });
    const table = parseCsvText(readFileSync(path.join(out, 'results-publication.csv'), 'utf8'), 'pub');
    expect(table.rows).toHaveLength(drawnRows);
    expect(table.rows[0]!.cells[table.header.indexOf('检查日期')]).toBe('2026-03-02');
    const verified = await run(dir, 'verify', 'draws/2026H1/results');
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);

    // a value outside the list (typed past the drop-down, or pasted) is a finding at its cell
    ws.getRow(3).getCell(cols.get('检查结果')!).value = '基本合格';
    writeFileSync(path.join(dir, 'bad.xlsx'), Buffer.from(await template.xlsx.writeBuffer()));
    const bad = await run(dir, 'results', 'check', 'draws/2026H1', '--results', 'bad.xlsx', '--as-of', '2026-03-20');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`bad.xlsx:检查结果登记表!${ws.getColumn(cols.get('检查结果')!).letter}3 检查结果“基本合格”`);
  });
});
