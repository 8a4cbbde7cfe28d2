import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../src/errors.js';
import { parseCsvFast } from '../../src/io/fast-csv.js';
import { formatCsv } from '../../src/io/csv.js';
import { EMPLOYER_HEADER, employerRow, generateEmployers } from '../../src/demo/synthetic.js';
import { problemText } from '../../src/ui/problem-text.js';

/** What csv-parse makes of the text: header and non-blank rows (cells only), or null if it refuses. */
function reference(text: string): string[][] | null {
  try {
    const recs = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    if (recs.length === 0) return null;
    return [recs[0]!, ...recs.slice(1).filter((r) => !r.every((c) => c.trim() === ''))];
  } catch {
    return null;
  }
}

function cellsOf(text: string): string[][] | null {
  try {
    const t = parseCsvFast(text, 'x.csv');
    return [t.header, ...t.rows.map((r) => r.cells)];
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return null;
  }
}

function failure(text: string): { line?: number; column?: string | number; message: string } {
  try {
    parseCsvFast(text, 'x.csv');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const p = e.problems[0]!;
    return { line: p.line, column: p.column, message: problemText(p) };
  }
  throw new Error('parsed without error');
}

const linesOf = (text: string) => parseCsvFast(text, 'x.csv').rows.map((r) => r.line);

describe('parseCsvFast reads well-formed files cell for cell as csv-parse does', () => {
  it.each([
    ['plain', '统一社会信用代码,单位名称\n91350100M000100Y43,清河县华兴有限公司\n'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4'],
    ['CR only', 'a,b\r1,2\r3,4\r'],
    ['BOM', '\uFEFFa,b\n1,2'],
    ['quoted comma, quote and newline', 'a,b\n"x,y","say ""hi"""\n"multi\nline",z\nlast,row'],
    ['quoted CRLF', 'a,b\r\n"x\r\ny",1\r\nc,2'],
    ['empty lines and blank rows', '\n\na,b\n\n1,2\n,\n  ,\t\n\n3,4\n\n'],
    ['quoted empty row', 'a\n""\nb'],
    ['ragged rows (shape is checked later, by the schema)', 'a,b,c\n1\n1,2,3,4\n'],
    ['trailing comma at end', 'a,b\n1,'],
    ['NUL after a closing quote', 'a,b\n"x"\u0000,y'],
    ['header only', 'a,b\n'],
    ['CJK full-width punctuation', '名称，代码\n"清河县，华兴",１２\n'],
  ])('%s', (_name, text) => expect(cellsOf(text)).toEqual(reference(text)));

  const cell = fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '清', '河', '县', '，', '、') }) },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', '华') }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
  const quote = (c: string) => (/[",\r\n\t;]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);

  it('on files written with proper quoting, any line ending: same cells, and every row on its editor line', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(), (rows, eol, bom, trailing) => {
        const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join(eol) + (trailing ? eol : '');
        expect(cellsOf(text)).toEqual(reference(text));
        // the editor's line of each row: one more than the line breaks before it (CRLF is one)
        const starts: number[] = [];
        let line = 1;
        rows.forEach((r, k) => {
          if (k > 0 && !r.every((c) => c.trim() === '')) starts.push(line);
          line += 1 + r.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        });
        expect(linesOf(text)).toEqual(starts);
      }),
      { numRuns: 300 },
    );
  });

  it('on formatCsv output of generated employers (what the benchmark reads)', () => {
    const rows = [...generateEmployers({ seed: 'diff', count: 300 })].map(employerRow);
    rows[7]![1] = '=HYPERLINK("http://x"),\n第二行';
    rows[9]![11] = '"quoted", phone';
    const text = formatCsv([...EMPLOYER_HEADER], rows).toString('utf8');
    expect(cellsOf(text)).toEqual(reference(text));
    expect(parseCsvFast(text, 'e.csv').rows).toHaveLength(300);
  });

  it('refuses what csv-parse refuses (arbitrary, mostly malformed text)', () => {
    // one kind of newline: csv-parse keeps other kinds inside cells, where this scanner ends the row
    const junk = fc.string({ unit: fc.constantFrom('a', '清', ',', '"', '""', '\n', ' ', '\uFEFF'), maxLength: 40 });
    fc.assert(
      fc.property(junk, (text) => {
        const ref = reference(text);
        const got = cellsOf(text);
        if (ref === null) expect(got).toBeNull();
        else if (got !== null) expect(got).toEqual(ref);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('line numbers are the editor’s, in CRLF files too', () => {
  it('after quoted CRLFs, rows keep their own line (csv-parse drifted one per quoted CRLF)', () => {
    const text = 'a,b\r\n"x\r\ny",1\r\n"p\r\nq\r\nr",2\r\nc,3\r\n';
    expect(linesOf(text)).toEqual([2, 4, 7]);
  });
  it('an unclosed quote is reported where it opens, with the cell and its first characters', () => {
    const text = 'a,b\r\n1,2\r\n3,"清河县\r\n华兴\r\n4,5\r\n6,7\r\n8,9\r\n';
    const f = failure(text);
    expect(f.line).toBe(3);
    expect(f.message).toContain('第 2 个单元格');
    expect(f.message).toContain('清河县');
  });
  it('a stray quote is reported at its line and cell', () => {
    const f = failure('a,b\r\n"x\r\ny",1\r\n2,ab"c\r\n');
    expect(f.line).toBe(4);
    expect(f.message).toContain('第 2 个单元格（“ab"c');
  });
  it('a newline of another kind outside quotes ends the row (a row appended by another editor), not a cell', () => {
    const t = parseCsvFast('a,b\r\n1,2\n3,4\r5,6\r\n', 'x.csv');
    expect(t.rows.map((r) => [r.line, ...r.cells])).toEqual([[2, '1', '2'], [3, '3', '4'], [4, '5', '6']]);
  });
});

describe('delimiter detection from the header line', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3', ',', 3],
    ['tab (Excel "Unicode 文本")', 'a\tb\tc\n1\t2,5\t3', '\t', 3],
    ['semicolon', 'a;b;c\n1;2,5;3', ';', 3],
    ['one column', 'a\n1', ',', 1],
    ['quoted delimiters do not count', '"a,b,c"\tx\n1\t2', '\t', 2],
  ])('%s', (_n, text, d, columns) => {
    const t = parseCsvFast(text, 'x.csv');
    expect(t.delimiter).toBe(d);
    expect(t.header).toHaveLength(columns);
    expect(t.rows[0]!.cells).toHaveLength(columns);
  });
});
