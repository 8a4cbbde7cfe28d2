import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, CsvWriter } from '../../src/io/csv.js';
import { cellText, joinedCsvCell } from '../../src/commands/penalty/batch-text.js';

const SPACES = ['\t', '\n', '\r', ' ', '\u00a0', '\u3000', '\ufeff'];
const textArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '"', ',', 'a', '清', '；', "'", ...SPACES), maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
);

describe('penalty --batch quotes a joined cell from its parts', () => {
  it('joinedCsvCell is csvCell of the joined text, for any parts and separator', () => {
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 6 }), textArb, (parts, sep) => {
        expect(joinedCsvCell(parts.map(cellText), cellText(sep))).toBe(csvCell(parts.join(sep)));
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
});
