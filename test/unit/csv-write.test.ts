import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvCell, formatCsv, neutraliseCell } from '../../src/io/csv.js';

/** csv-parse is the independent reader: what Excel-like software will make of our bytes. */
function readBack(bytes: Buffer): string[][] {
  return parse(bytes.toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
}

const FORMULA = /^[=+\-@\t\r\n]/;

describe('every cell written stays one cell, with no live formula', () => {
  const hostile = fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '1', 'a', '清', ',', ';', '"', "'", '\n', '\r', '\r\n', '\t', ' ', '\u0000', '\u001b'),
    maxLength: 12,
  });
  const cell = fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 6 }));

  it('random cells round-trip through formatCsv and csv-parse', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 6 }), (header, rows) => {
        const width = header.length;
        const body = rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? ''));
        const back = readBack(formatCsv(header, body));
        expect(back).toEqual([header, ...body].map((r) => r.map(neutraliseCell)));
        for (const r of back) for (const c of r) expect(FORMULA.test(c)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a lone LF or CR inside a cell is quoted (the row no longer splits into a live "=1+1" row)', () => {
    for (const nl of ['\n', '\r', '\r\n']) {
      const back = readBack(formatCsv(['名称', '备注'], [[`清河县${nl}=1+1`, 'x']]));
      expect(back).toEqual([['名称', '备注'], [`清河县${nl}=1+1`, 'x']]);
    }
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('=1+1')).toBe("'=1+1");
  });
});
