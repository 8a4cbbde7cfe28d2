import { describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { loadDecisions, loadEmployers, loadInspectors, parseTable } from '../../src/io/tables.js';
import { EMPLOYER_SPEC } from '../../src/core/records.js';
import { InputError } from '../../src/errors.js';
import { problemText } from '../../src/ui/problem-text.js';
import { formatCsv, neutraliseCell, parseCsvText } from '../../src/io/csv.js';
import { decodeText } from '../../src/io/encoding.js';
import { writeFilesAtomic } from '../../src/io/files.js';
import { tempDir } from '../support/cli.js';
import { testUscc } from '../support/usccs.js';

const HEADER_ZH = '统一社会信用代码,单位名称,单位类型,行业,所属区域,职工人数,投诉举报次数,经营异常,严重违法记录,重点监管,上次检查日期';
const HEADER_EN = 'uscc,name,type,industry,region,employees,complaints,abnormal,serious_violation,key,last_inspected';
const row = (n: number, name = `清河县测试${n}有限公司`) => `${testUscc(n)},${name},企业,制造业,城关镇,"1,200",2,否,否,是,2026年3月5日`;

function write(name: string, data: string | Buffer): string {
  const f = path.join(tempDir(), name);
  writeFileSync(f, data);
  return f;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('employer directory loading', () => {
  it('reads a GBK file (Excel/WPS on Chinese Windows) with correct Chinese text', async () => {
    const text = [HEADER_ZH, row(1, '清河县龍泉镇老王面馆'), row(2)].join('\r\n');
    const f = write('gbk.csv', iconv.encode(text, 'gbk'));
    const t = await loadEmployers(f);
    expect(t.encoding).toBe('gb18030');
    expect(t.records.map((r) => r.name)).toEqual(['清河县龍泉镇老王面馆', '清河县测试2有限公司']);
    expect(t.records[0]!.employees).toBe(1200);
    expect(t.records[0]!.lastInspected).toBe('2026-03-05');
    expect(t.records[0]!.key).toBe(true);
  });

  it('reads UTF-8 with a BOM and strips it from the first header', async () => {
    const f = write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER_ZH, row(3)].join('\n'))]));
    const t = await loadEmployers(f);
    expect(t.encoding).toBe('utf8-bom');
    expect(t.records[0]!.uscc).toBe(testUscc(3));
  });

  it('accepts English headers, full-width and spaced headers, and keeps unknown columns', async () => {
    const en = await loadEmployers(write('en.csv', [HEADER_EN + ',phone', row(4) + ',13800000000'].join('\n')));
    expect(en.records[0]!.name).toBe('清河县测试4有限公司');
    expect(en.records[0]!.extra).toEqual([['phone', '13800000000']]);
    const odd = await loadEmployers(write('odd.csv', [' 统一社会信用代码 ,单位名称 ,ＴＹＰＥ', `${testUscc(5)},甲,个体工商户`].join('\n')));
    expect(odd.records[0]!.type).toBe('个体工商户');
  });

  it('gives the same records whatever the column order', async () => {
    const cols = HEADER_ZH.split(',');
    const cells = row(6).replace('"1,200"', '1200').split(',');
    const order = cols.map((_, i) => i).reverse();
    const a = await loadEmployers(write('a.csv', [cols.join(','), cells.join(',')].join('\n')));
    const b = await loadEmployers(write('b.csv', [order.map((i) => cols[i]).join(','), order.map((i) => cells[i]).join(',')].join('\n')));
    expect({ ...b.records[0], line: 0 }).toEqual({ ...a.records[0], line: 0 });
  });

  it('names a missing required column and lists the headers found', async () => {
    const e = await inputError(loadEmployers(write('missing.csv', '统一社会信用代码,行业\n' + `${testUscc(7)},制造业`)));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]!.message).toContain('单位名称');
    expect(e.problems[0]!.message).toContain('统一社会信用代码、行业');
  });

  it('reports every invalid and duplicate code at once, with line numbers', async () => {
    const bad = testUscc(9).slice(0, 17) + (testUscc(9)[17] === '0' ? '1' : '0');
    const text = [HEADER_ZH, row(8), `${bad},乙,企业,,,,,,,,`, row(8, '重复'), '91321099ABC,丙,企业,,,,,,,,', row(10), `${testUscc(11)},丁,外资,,,,,也许,,,2026-02-30`].join('\n');
    const e = await inputError(loadEmployers(write('bad.csv', text)));
    const got = e.problems.map((p) => [p.line, p.column]);
    expect(got).toEqual([
      [3, '统一社会信用代码'],
      [4, '统一社会信用代码'],
      [5, '统一社会信用代码'],
      [7, '单位类型'],
      [7, '经营异常'],
      [7, '上次检查日期'],
    ]);
    expect(problemText(e.problems[0]!)).toContain('校验码');
    expect(problemText(e.problems[1]!)).toContain('第 2 行');
    expect(problemText(e.problems[2]!)).toContain('18 位');
    expect(e.problems.every((p) => p.file?.endsWith('bad.csv'))).toBe(true);
  });

  it('--lenient skips bad rows with a warning instead of refusing the file', async () => {
    const warnings: string[] = [];
    const text = [HEADER_ZH, row(12), '91321099ABC,丙,企业,,,,,,,,', row(13)].join('\n');
    const t = await loadEmployers(write('lenient.csv', text), { lenient: true, warn: (s) => warnings.push(s) });
    expect(t.records.map((r) => r.line)).toEqual([2, 4]);
    expect(t.skipped).toBe(1);
    expect(warnings.join('\n')).toContain(':3');
  });

  it('numbers lines from the start of a record that spans lines', () => {
    const parsed = parseCsvText('a,b\n1,"x\ny"\n\n3,4\n', 'f.csv');
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('reports a CSV syntax error with its line', () => {
    expect(() => parseTable(`${HEADER_ZH}\n${row(14)}\n"unterminated,x`, EMPLOYER_SPEC, 'f.csv')).toThrow(InputError);
  });
});

describe('roster and decisions', () => {
  it('parses specialty and recusal lists with ; ； 、 separators', async () => {
    const f = write('ins.csv', `工号,姓名,执法证号,执法证有效期至,专业领域,状态,回避单位\nQH001,张三,32000001,2027/6/30,工资支付；社会保险、劳动合同,在岗,${testUscc(1)};${testUscc(2)}`);
    const t = await loadInspectors(f);
    expect(t.records[0]!.specialties).toEqual(['工资支付', '社会保险', '劳动合同']);
    expect(t.records[0]!.recusals).toEqual([testUscc(1), testUscc(2)]);
    expect(t.records[0]!.certExpiry).toBe('2027-06-30');
  });

  it('rejects a recusal that is not a valid code, and duplicate inspector ids', async () => {
    const f = write('ins2.csv', `工号,姓名,执法证号,回避单位\nQH001,张三,1,91321099ABC\nQH001,李四,2,`);
    const e = await inputError(loadInspectors(f));
    expect(e.problems.map((p) => [p.line, p.column])).toEqual([
      [2, '回避单位'],
      [3, '工号'],
    ]);
  });

  it('reads decisions with every date form', async () => {
    const f = write('dec.csv', '案号,决定类型,决定日期,公示日期\nA1,行政处罚,2025.9.30,2025/10/16\nA2,行政许可,20260212,');
    const t = await loadDecisions(f);
    expect(t.records.map((d) => [d.decidedOn, d.publishedOn])).toEqual([
      ['2025-09-30', '2025-10-16'],
      ['2026-02-12', null],
    ]);
  });
});

describe('CSV output', () => {
  it('neutralises formula injection in every cell', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    }
    expect(neutraliseCell('清河县=公司')).toBe('清河县=公司');
    const bytes = formatCsv(['单位名称'], [['=1+1'], ['正常']]);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8').slice(1)).toBe("单位名称\r\n'=1+1\r\n正常\r\n");
  });

  it('writes GBK that decodes back, and refuses characters GBK cannot hold', () => {
    const gbk = formatCsv(['单位名称'], [['清河县']], 'gbk');
    expect(decodeText(gbk, 'auto', 'x').text).toBe('单位名称\r\n清河县\r\n');
    expect(() => formatCsv(['单位名称'], [['𠀀记']], 'gbk', 'out.csv')).toThrow(InputError);
    expect(decodeText(formatCsv(['名'], [['𠀀记']], 'gb18030'), 'gb18030', 'x').text).toContain('𠀀记');
  });

  it('never overwrites an existing output without force, and leaves no temporary files', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeFileSync(b, 'official');
    await expect(writeFilesAtomic([{ path: a, data: 'new a' }, { path: b, data: 'new b' }])).rejects.toThrow(InputError);
    expect(existsSync(a)).toBe(false);
    expect(readFileSync(b, 'utf8')).toBe('official');
    await writeFilesAtomic([{ path: a, data: 'new a' }, { path: b, data: 'new b' }], { force: true });
    expect(readFileSync(b, 'utf8')).toBe('new b');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('writes pieces still being made, and leaves nothing when one cannot be made', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.csv');
    async function* pieces(fail: boolean) {
      yield Buffer.from('first,');
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('the second half failed');
      yield Buffer.from('second');
    }
    await expect(writeFilesAtomic([{ path: a, data: pieces(true) }])).rejects.toThrow('the second half failed');
    // no output and no stray temporary file
    expect(readdirSync(dir)).toEqual([]);
    await writeFilesAtomic([{ path: a, data: pieces(false) }]);
    expect(readFileSync(a, 'utf8')).toBe('first,second');
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });
});
