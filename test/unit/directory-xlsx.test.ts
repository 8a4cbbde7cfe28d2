import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { readDirectory } from '../../src/io/directory.js';
import { spillSeam } from '../../src/io/directory-xlsx.js';
import { readSheetRows } from '../../src/io/xlsx.js';
import { EMPLOYER_SPEC, type Employer } from '../../src/core/records.js';
import { InputError } from '../../src/errors.js';
import { wholeWorkbook } from '../support/whole-workbook.js';
import { testUscc } from '../support/usccs.js';

// The .xlsx directory streams (src/io/directory-xlsx.ts over readSheetRows) instead of reading the
// whole sheet into rows and every row into an Employer. Random small workbooks, with damaged cells
// (codes stored as numbers, formulas with and without a saved value, error values, the serial of
// 29 Feb 1900), title rows above the header, broken headers, blank rows and several sheets, go
// through the old whole-sheet path (test/support/whole-workbook.ts) and the streamed one: the same
// employers, or the same problems (message, line, sheet, cell, value), the same warnings in the same
// order, the same hash; and every row fetched again (from memory and from the spill file) is the row
// the stream handed on.

const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-xlsx-stream-'));
let fileNo = 0;
const seam = spillSeam.bufferBytes;
afterAll(() => {
  spillSeam.bufferBytes = seam;
});

const HEADER = EMPLOYER_SPEC.columns.map((c) => c.zh);
const USCC = HEADER.indexOf('统一社会信用代码');
const DATE = HEADER.indexOf('上次检查日期');

type Cell = ExcelJS.CellValue;
const dateCell = (iso: string): Cell => new Date(`${iso}T00:00:00Z`);

const usccCell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 14, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => testUscc(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `'${testUscc(n)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => testUscc(n).toLowerCase()) },
  { weight: 1, arbitrary: fc.constantFrom<Cell>(916540000000000000, 1001, null, '91321099ABCDEFGHIJ', { error: '#N/A' } as Cell, { formula: 'A1' } as Cell) },
);
const anyCell = (values: Cell[]): fc.Arbitrary<Cell> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom<Cell>({ formula: 'B2&""', result: '甲公司' } as Cell, { formula: 'B2' } as Cell, { error: '#VALUE!' } as Cell, null) },
  );
const row = fc.record({
  uscc: usccCell,
  name: anyCell(['甲公司', '乙,丙', '换\n行', ' ', '', '=1+1', '华', { richText: [{ text: '丁' }, { font: { bold: true }, text: '公司' }] } as Cell]),
  type: anyCell(['企业', '个体工商户', '', '公司']),
  industry: anyCell(['制造业', '建筑业', null]),
  region: anyCell(['城关镇', '东城街道', null, 12]),
  employees: anyCell([12, 300, '', -1, 1.5, '20']),
  complaints: anyCell([0, 1, 3, null, '2']),
  abnormal: anyCell(['是', '否', null, true, false, '也许']),
  serious: anyCell(['否', '是', null]),
  key: anyCell(['否', '是', null]),
  last: anyCell([null, dateCell('2025-09-01'), dateCell('2026-02-28'), '2026-01-05', '昨天', 60, 45000]),
  extra: fc.constantFrom<Cell>(null, '备注', 13800000000),
  blank: fc.constantFrom(false, false, false, false, false, false, false, false, true),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;
const clean = (base: number) =>
  fc.array(fc.record({ name: fc.constantFrom('甲公司', '乙公司'), region: fc.constantFrom('城关镇', '东城街道'), employees: fc.constantFrom(12, 300) }), { minLength: 5, maxLength: 40 }).map((rs) =>
    rs.map((r, k): Row => ({ uscc: testUscc(base + k), name: r.name, type: '企业', industry: '制造业', region: r.region, employees: r.employees, complaints: 0, abnormal: '否', serious: '否', key: '否', last: null, extra: null, blank: false })),
  );
const book = fc.record({
  rows: fc.oneof(fc.array(row, { maxLength: 20 }), clean(0), clean(100)),
  title: fc.constantFrom<string[][]>([], [], [['××县市场主体名录库（2026年6月）']], [['名录'], ['制表：劳动保障监察大队']]),
  header: fc.constantFrom('full', 'full', 'full', 'extra', 'missing', 'numberHeader'),
  /** sheets before the directory: none, an empty one, a hidden one with content, a notes sheet after */
  others: fc.constantFrom('none', 'none', 'emptyFirst', 'hiddenFirst', 'notesAfter', 'tabOrder', 'tabOrderEmpty'),
  sheetOption: fc.constantFrom(undefined, undefined, undefined, '名录', '2'),
  lenient: fc.boolean(),
  extras: fc.boolean(),
});
type Book = typeof book extends fc.Arbitrary<infer T> ? T : never;

async function write(b: Book, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const directory = (ws: ExcelJS.Worksheet) => {
    for (const t of b.title) ws.addRow(t);
    let header: Cell[] = [...HEADER];
    if (b.header === 'extra') header.push('备注');
    if (b.header === 'missing') header = header.filter((_, i) => i !== 1);
    if (b.header === 'numberHeader') header.push(2026);
    ws.addRow(header);
    for (const r of b.rows) {
      if (r.blank) {
        ws.addRow([]);
        continue;
      }
      let cells: Cell[] = [r.uscc, r.name, r.type, r.industry, r.region, r.employees, r.complaints, r.abnormal, r.serious, r.key, r.last];
      if (b.header === 'missing') cells = cells.filter((_, i) => i !== 1);
      if (b.header === 'extra') cells.push(r.extra);
      const added = ws.addRow(cells);
      // a date column holds date cells, and numbers formatted as dates (serial 60 is 29 Feb 1900)
      if (typeof r.last === 'number' && b.header !== 'missing') added.getCell(DATE + 1).numFmt = 'yyyy-mm-dd';
      if (r.uscc instanceof Date) added.getCell(USCC + 1).numFmt = 'yyyy-mm-dd';
    }
  };
  if (b.others === 'tabOrder' || b.others === 'tabOrderEmpty') {
    // the zip holds the second tab before the first, so the reader meets them out of tab order: exceljs's
    // streaming writer puts sheet N into the zip in the order the sheets were added, and lists the tabs in
    // the order of its (private) _worksheets array, swapped here
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const ww = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
    const zipFirst = ww.addWorksheet(b.others === 'tabOrder' ? '说明' : '名录');
    const zipSecond = ww.addWorksheet(b.others === 'tabOrder' ? '名录' : '空表');
    const tabs = (ww as unknown as { _worksheets: unknown[] })._worksheets;
    [tabs[1], tabs[2]] = [tabs[2], tabs[1]];
    if (b.others === 'tabOrder') {
      zipFirst.addRow(['填写说明']).commit();
      directory(zipSecond as unknown as ExcelJS.Worksheet);
    } else directory(zipFirst as unknown as ExcelJS.Worksheet);
    zipFirst.commit();
    zipSecond.commit();
    await ww.commit();
    writeFileSync(file, Buffer.concat(chunks));
    return;
  }
  if (b.others === 'emptyFirst') wb.addWorksheet('空表');
  if (b.others === 'hiddenFirst') wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['不是名录', 1]);
  directory(wb.addWorksheet('名录'));
  if (b.others === 'notesAfter') wb.addWorksheet('说明').addRow(['填写说明']);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

type Outcome = { ok: unknown; warned: string[] } | { error: string; problems: unknown; total: unknown; warned: string[] };

async function outcome(fn: (warn: (s: string) => void) => Promise<unknown>): Promise<Outcome> {
  const warned: string[] = [];
  try {
    return { ok: await fn((s) => warned.push(s)), warned };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message, problems: e.problems, total: e.total, warned };
  }
}

describe('the streamed .xlsx directory reads as the whole sheet did', () => {
  it('random workbooks: same employers or problems, same warnings, same hash; fetch gives back every row', async () => {
    await fc.assert(
      fc.asyncProperty(book, fc.boolean(), async (b, spillToFile) => {
        const name = path.join(dir, `e${fileNo++}.xlsx`);
        await write(b, name);
        const opts = { sheet: b.sheetOption, lenient: b.lenient };
        const old: Employer[] = [];
        const whole = await outcome(async (warn) => {
          const d = await wholeWorkbook(readFileSync(name), name, (e) => old.push(e), { ...opts, warn });
          return { header: d.header, encoding: d.encoding, delimiter: d.delimiter, sha256: d.sha256, skipped: d.skipped, warnings: d.warnings, rows: d.rows };
        });
        spillSeam.bufferBytes = spillToFile ? 64 : seam;
        const streamed: Employer[] = [];
        let fetch: ((rows: readonly number[]) => Employer[]) | null = null;
        const stream = await outcome(async (warn) => {
          const d = await readDirectory(name, (e) => streamed.push(e), { ...opts, warn, extras: b.extras });
          fetch = d.fetch;
          return { header: d.header, encoding: d.encoding, delimiter: d.delimiter, sha256: d.sha256, skipped: d.skipped, warnings: d.warnings, rows: d.rows };
        });
        spillSeam.bufferBytes = seam;
        expect(stream).toEqual(whole);
        if (!('ok' in whole)) return;
        expect(streamed).toEqual(b.extras ? old : old.map((e) => ({ ...e, extra: [] })));
        // every row read back is the complete employer the whole sheet gave
        expect(fetch!(old.map((_, i) => i).reverse())).toEqual([...old].reverse());
        expect(fetch!([])).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('readSheetRows: a failed read is retried without handing a row twice', () => {
  const options = { isHeader: (cells: string[]) => cells[0] === '代码', columnKind: () => 'other' as const };
  const workbook = async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    for (const r of [['代码', '名称'], ['1', '甲'], ['2', '乙']]) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  // a zip that breaks inside exceljs (a local header that claims more than there is)
  const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 0xff)]);

  it('retries once after a failure inside exceljs before any row, and hands each row once', async () => {
    const good = await workbook();
    let reads = 0;
    const lines: number[] = [];
    const head = await readSheetRows(() => Readable.from([reads++ === 0 ? broken : good]), 'a.xlsx', options, { head: () => {}, row: (line) => lines.push(line) });
    expect(reads).toBe(2);
    expect(head).toMatchObject({ sheet: '名录', headerRow: 1, header: ['代码', '名称'] });
    expect(lines).toEqual([2, 3]);
  });

  it('reports a workbook that fails twice as unreadable, and passes a failure of the sink on unchanged', async () => {
    await expect(readSheetRows(() => Readable.from([broken]), 'a.xlsx', options, { head: () => {}, row: () => {} })).rejects.toBeInstanceOf(InputError);
    const good = await workbook();
    const boom = new Error('disk full');
    let reads = 0;
    const read = readSheetRows(() => (reads++, Readable.from([good])), 'a.xlsx', options, {
      head: () => {},
      row: () => {
        throw boom;
      },
    });
    await expect(read).rejects.toBe(boom);
    expect(reads).toBe(1);
  });
});
