import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, CsvWriter } from '../../src/io/csv.js';
import { cellText, RecordBytes, ValueMemo } from '../../src/commands/penalty/batch-text.js';

const SPACES = ['\t', '\n', '\r', ' ', '\u00a0', '\u3000', '\ufeff'];
const textArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '"', ',', 'a', '清', '；', "'", ...SPACES), maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
);

describe('penalty --batch quotes a joined cell from its parts', () => {
  it('a joined cell is csvCell of the joined text, for any parts and separator', () => {
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 6 }), textArb, (parts, sep) => {
        const b = new RecordBytes();
        b.first('');
        b.joined(parts.map(cellText), cellText(sep));
        expect(Buffer.concat(b.finish()).toString('utf8')).toBe(',' + csvCell(parts.join(sep)));
      }),
      { numRuns: 3000 },
    );
  });

  it('cellText carries csvCell', () => {
    fc.assert(
      fc.property(textArb, (s) => {
        expect(cellText(s).csv).toBe(csvCell(s));
      }),
    );
  });

  it('an escaped record is the bytes row() writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(textArb, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const a = new CsvWriter(['h', 'i']);
        const b = new CsvWriter(['h', 'i']);
        for (const r of rows) {
          a.row(r);
          b.escapedRow(r.map(csvCell).join(','));
        }
        expect(Buffer.concat(b.finishPieces()).equals(a.finish())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('RecordBytes writes the bytes row() writes, whether a text is written once or again', () => {
    // a cell is a raw text, a CellText, or parts joined by a separator; texts repeat so that their kept bytes are used
    const cellArb = fc.oneof(
      fc.oneof(textArb, fc.string({ maxLength: 40 }), fc.integer().map(String)).map((raw) => ({ raw })),
      fc.nat(4).map((i) => ({ text: i })),
      fc.tuple(fc.array(fc.nat(4), { maxLength: 4 }), fc.nat(4)).map(([parts, sep]) => ({ parts, sep })),
    );
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 5, maxLength: 5 }), fc.array(fc.array(cellArb, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (pool, rows) => {
        const texts = pool.map(cellText);
        // a writer with no header: its BOM and the header's empty line come before the records
        const a = new CsvWriter([]);
        const b = new RecordBytes();
        for (const row of rows) {
          const cells = row.map((c) => ('raw' in c ? c.raw : 'text' in c ? pool[c.text]! : c.parts.map((i) => pool[i]!).join(pool[c.sep]!)));
          a.row(cells);
          row.forEach((c, j) => {
            if (j === 0) {
              // a record starts with a raw cell (the case's first column)
              b.first(cells[0]!);
              return;
            }
            if ('raw' in c) b.raw(c.raw);
            else if ('text' in c) b.cell(texts[c.text]!);
            else b.joined(c.parts.map((i) => texts[i]!), texts[c.sep]!);
          });
          b.end();
        }
        expect(Buffer.concat(b.finish()).equals(a.finish().subarray(3 + 2))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('penalty --batch keeps texts by a case value only while they are asked for again', () => {
  it('keeps repeating values, stops keeping one-off values, and answers from what it kept', () => {
    const counts = new ValueMemo<number>();
    for (let k = 0; k < 5000; k++) {
      const v = k % 100;
      if (counts.get(v) === undefined) counts.keep(v, cellText(`n${v}`));
    }
    for (let v = 0; v < 100; v++) expect(counts.get(v)?.raw).toBe(`n${v}`);

    const amounts = new ValueMemo<bigint>();
    for (let k = 0; k < 2000; k++) {
      const x = cellText(`a${k}`);
      expect(amounts.get(BigInt(k))).toBeUndefined();
      // the text given is the text returned, kept or not
      expect(amounts.keep(BigInt(k), x)).toBe(x);
    }
    expect(amounts.get(5n)?.raw).toBe('a5');
    expect(amounts.get(1999n)).toBeUndefined();
  });
});
