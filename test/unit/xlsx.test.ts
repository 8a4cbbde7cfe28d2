import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';
import { buildWorkbook, columnLetter, compareWorkbook, displayWidth, fileKind, isDateFormat, outputTargets, parseFormats, SHEET_MAX_ROWS, sheetName } from '../../src/io/xlsx.js';

describe('xlsx helpers', () => {
  it('names columns as Excel does', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('tells a date format from a number format', () => {
    for (const f of ['yyyy-mm-dd', 'm/d/yy', 'yyyy"年"m"月"d"日"', '[$-804]yyyy年m月d日', 'h:mm:ss']) expect(isDateFormat(f), f).toBe(true);
    for (const f of [undefined, 'General', '0', '0.00', '#,##0', '@', '"d"0', '[Red]0.00']) expect(isDateFormat(f), String(f)).toBe(false);
  });

  it('knows a workbook by its first bytes, whatever the name', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
    const cfb = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(fileKind(zip, 'employers.csv')).toBe('xlsx');
    expect(fileKind(cfb, 'employers.xlsx')).toBe('legacy');
    expect(fileKind(new Uint8Array([...cfb, ...Buffer.from('EncryptedPackage', 'utf16le')]), 'a.xlsx')).toBe('encrypted');
    expect(fileKind(Buffer.from('<html><table>'), '导出.xls')).toBe('legacy');
    expect(fileKind(Buffer.from('统一社会信用代码,单位名称\n'), 'employers.xlsx')).toBe('text');
  });

  it('puts each format of an output where --out and --format say', () => {
    expect(outputTargets('r.csv', undefined)).toEqual({ csv: 'r.csv' });
    expect(outputTargets('r.xlsx', undefined)).toEqual({ xlsx: 'r.xlsx' });
    expect(outputTargets('r.csv', 'xlsx')).toEqual({ xlsx: 'r.xlsx' });
    expect(outputTargets('r.csv', 'csv,xlsx')).toEqual({ csv: 'r.csv', xlsx: 'r.xlsx' });
    expect(outputTargets('r.xlsx', 'csv')).toEqual({ csv: 'r.csv' });
    expect(outputTargets('report', 'csv,xlsx')).toEqual({ csv: 'report.csv', xlsx: 'report.xlsx' });
    expect(outputTargets('report', 'csv')).toEqual({ csv: 'report' });
  });

  it('refuses an unknown --format as a usage error', () => {
    setLang('zh');
    expect(() => parseFormats('xls')).toThrow(UsageError);
    expect(() => parseFormats('')).toThrow(UsageError);
    expect([...parseFormats('CSV，xlsx')]).toEqual(['csv', 'xlsx']);
  });

  it('makes sheet names Excel accepts and sizes CJK text double', () => {
    expect(sheetName('清河县人力资源和社会保障局2026H2')).toBe('清河县人力资源和社会保障局2026H2');
    expect(sheetName('a/b:c[d]*?')).toBe('a-b-c-d---');
    expect([...sheetName('一'.repeat(40))].length).toBe(31);
    expect(displayWidth('单位名称')).toBe(8);
    expect(displayWidth('USCC')).toBe(4);
  });
});

describe('an .xlsx output longer than a sheet holds', () => {
  it('is refused with exit 2 naming the sheet, before anything is written; a short one is written', async () => {
    const row = ['a'];
    // header + rows: one line more than a sheet holds (a sheet of exactly the limit takes ~30 s to write: not tested)
    const over = { name: '公示期限', header: ['案号'], rows: new Array<string[]>(SHEET_MAX_ROWS).fill(row) };
    const err = await buildWorkbook([over], new Date(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('公示期限');
    expect((err as Error).message).toContain(String(SHEET_MAX_ROWS + 1));
    const small = await buildWorkbook([{ name: 's', title: 't', header: ['案号'], rows: [['1'], ['=1+1']] }], new Date(0));
    expect(small.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe("a workbook compared with a province's rows", () => {
  it('140,000 rows: equal, then one changed cell found (the expected lines were spread as arguments: a stack overflow)', async () => {
    const rows = Array.from({ length: 140_000 }, (_, i) => [String(i)]);
    const sheet = { name: 's', title: 't', header: ['n'], rows, footer: 'f' };
    const bytes = await buildWorkbook([sheet], new Date(0));
    expect(await compareWorkbook(bytes, [sheet])).toEqual([]);
    const changed = rows.slice();
    changed[139_999] = ['x'];
    expect(await compareWorkbook(bytes, [{ ...sheet, rows: changed }])).toEqual([{ cell: 's!A140002', expected: 'x', found: '139999' }]);
  }, 60_000);
});
