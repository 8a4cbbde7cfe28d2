import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { csvCell, CsvWriter, formatCsv, isSpaceCode } from '../../src/io/csv.js';
import { InputError } from '../../src/errors.js';

/** The quoting rule as it was written before csvCell tested character codes (issue 14): the reference. */
function referenceCell(raw: string): string {
  const cell = /^[=+\-@\t\r\n]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** formatCsv as it was: every record joined, then encoded whole (UTF-8 with a BOM). */
function referenceCsv(rows: string[][], enc: 'utf8' | 'gb18030'): Buffer {
  const text = rows.map((r) => r.map(referenceCell).join(',') + '\r\n').join('');
  return enc === 'utf8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : iconv.encode(text, enc);
}

const SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b'];
const cellArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '"', ',', 'a', '清', "'", ...SPACES), maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

describe('csvCell by character codes is the regex rule it replaced', () => {
  it('isSpaceCode agrees with /\\s/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('random cells: the same text as the reference', () => {
    fc.assert(fc.property(cellArb, (s) => {
          expect(csvCell(s)).toBe(referenceCell(s));
        }), { numRuns: 3000 });
  });

  it('random tables, UTF-8 and GB18030, small and crossing the writer\'s chunks: the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.constantFrom('utf8' as const, 'gb18030' as const), (rows, enc) => {
        expect(formatCsv(rows[0]!, rows.slice(1), enc).equals(referenceCsv(rows, enc))).toBe(true);
      }),
      { numRuns: 200 },
    );
    // records past the 8 MB buffer (UTF-8) and the 1 M-character chunk (GB18030)
    const long = ['清'.repeat(400_000), 'x,y', '=1'];
    for (const [enc, n] of [['utf8', 8], ['gb18030', 3]] as const) {
      const rows = Array.from({ length: n }, () => long);
      expect(formatCsv(['a', 'b', 'c'], rows, enc).equals(referenceCsv([['a', 'b', 'c'], ...rows], enc))).toBe(true);
    }
  });

  it('GBK: every cell it cannot hold is named by record and column, and nothing is returned', () => {
    const w = new CsvWriter(['名称', '备注'], 'gbk', 'out.csv');
    w.row(['清河', 'ok']);
    w.row(['😀', 'x']);
    w.row(['a', '\u{20000}']);
    let err: unknown;
    try {
      w.finish();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, '名称', '😀'],
      [4, '备注', '\u{20000}'],
    ]);
  });
});
