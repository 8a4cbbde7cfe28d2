import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { parseCsvText } from '../../src/io/csv.js';
import { parseCsvFast } from '../../src/io/fast-csv.js';
import { formatCsv } from '../../src/io/csv.js';
import { EMPLOYER_HEADER, employerRow, generateEmployers } from '../../src/demo/synthetic.js';

type Outcome = { ok: true; value: unknown } | { ok: false; line: number | undefined; message: string; problems: unknown };

function run(parse: (t: string, f: string) => unknown, text: string): Outcome {
  try {
    return { ok: true, value: parse(text, 'x.csv') };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { ok: false, line: e.problems[0]?.line, message: e.message, problems: e.problems };
  }
}

/** The fast scanner must agree with csv-parse on everything: rows, lines, errors and their lines. */
function same(text: string): void {
  expect(run(parseCsvFast, text)).toEqual(run(parseCsvText, text));
}

describe('parseCsvFast agrees with csv-parse', () => {
  it.each([
    ['plain', '统一社会信用代码,单位名称\n91350100M000100Y43,清河县华兴有限公司\n'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4'],
    ['CR only', 'a,b\r1,2\r3,4\r'],
    ['BOM', '\uFEFFa,b\n1,2'],
    ['two BOMs keep the second', '\uFEFF\uFEFFa,b\n1,2'],
    ['quoted comma, quote and newline', 'a,b\n"x,y","say ""hi"""\n"multi\nline",z\nlast,row'],
    ['quoted CRLF counts twice (csv-parse quirk)', 'a,b\r\n"x\r\ny",1\r\nc,2'],
    ['empty lines and blank rows', '\n\na,b\n\n1,2\n,\n  ,\t\n\n3,4\n\n'],
    ['quoted empty row', 'a\n""\nb'],
    ['ragged rows', 'a,b,c\n1\n1,2,3,4\n'],
    ['trailing comma at end', 'a,b\n1,'],
    ['stray LF in a CRLF file is content', 'a,b\r\n1\n2,3\r\n'],
    ['stray CR in an LF file is content', 'a,b\n1\r2,3\n4,5'],
    ['CRLF in a CR file', 'a\rb\r\nc\r'],
    ['NUL after a closing quote', 'a,b\n"x"\u0000,y'],
    ['header only', 'a,b\n'],
    ['only blank rows after header', 'a,b\n,\n'],
    ['empty file', ''],
    ['only newlines', '\n\r\n\n'],
    ['only a BOM', '\uFEFF'],
    ['quote inside an unquoted field', 'a,b\n1,2\nx"y,3'],
    ['text after a closing quote', 'a,b\n"x"y,1'],
    ['closing quote before the wrong newline', 'a\r"b"\n'],
    ['unterminated quote', 'a,b\n1,"abc\n2,3\n'],
    ['unterminated quote ending in CRLF', 'a,b\r\n1,"abc\r\n'],
    ['unterminated escaped quote', 'a\n"b""'],
    ['lone quote', '"'],
    ['CJK full-width punctuation', '名称，代码\n"清河县，华兴",１２\n'],
  ])('%s', (_name, text) => same(text));

  const cell = fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '清', '河', '县', '，', '、', '\t') }) },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', '华') }) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 8 });

  it('on well-formed files written with proper quoting, any line ending', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(), (rows, eol, bom, trailing) => {
        const quote = (c: string) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);
        const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join(eol) + (trailing ? eol : '');
        same(text);
      }),
      { numRuns: 400 },
    );
  });

  it('on arbitrary, mostly malformed text (both fail, at the same line)', () => {
    const junk = fc.string({ unit: fc.constantFrom('a', '清', ',', '"', '""', '\n', '\r', '\r\n', ' ', '\u0000', '\uFEFF'), maxLength: 40 });
    fc.assert(fc.property(junk, (text) => same(text)), { numRuns: 3000 });
  });

  it('on formatCsv output of generated employers (what the benchmark reads)', () => {
    const rows = [...generateEmployers({ seed: 'diff', count: 300 })].map(employerRow);
    rows[7]![1] = '=HYPERLINK("http://x"),\n第二行';
    rows[9]![11] = '"quoted", phone';
    const text = formatCsv([...EMPLOYER_HEADER], rows).toString('utf8');
    same(text);
    expect(parseCsvFast(text, 'e.csv').rows).toHaveLength(300);
  });
});
