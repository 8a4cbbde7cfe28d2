import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { stringifyRows } from '../../src/io/csv.js';

/** stringifyRows must write exactly what csv-stringify wrote with formatCsv's options. */
const reference = (rows: string[][]) => stringify(rows, { record_delimiter: '\r\n', quoted_match: /^\s|\s$/ });

// cells built from the characters that matter to quoting, CJK, formula starts and every kind of white space
const cellChar = fc.constantFrom('a', '1', '=', '+', '-', '@', '"', ',', ';', '\r', '\n', '\t', ' ', '\u3000', '\u00a0', '\ufeff', '\u2028', '中', '号', '𠀀', "'", '\\');
const cell = fc.oneof(fc.constant(''), fc.string({ unit: cellChar, maxLength: 8 }), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

describe('stringifyRows', () => {
  it('writes the same text as csv-stringify on random tables', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), async (rows) => {
        await new Promise((resolve) => setImmediate(resolve));
        expect(stringifyRows(rows)).toBe(reference(rows));
      }),
      { numRuns: 1500 },
    );
  });

  it('handles the edges the same way: no rows, an empty record, a single empty cell', () => {
    for (const rows of [[], [[]], [['']], [['', '']], [[' ']], [['a'], []]] as string[][][]) expect(stringifyRows(rows)).toBe(reference(rows));
  });
});
