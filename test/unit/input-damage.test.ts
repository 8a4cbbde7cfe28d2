import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { excelDamage, intFault, showYamlValue, escapeControls } from '../../src/core/values.js';
import { closest, editDistance } from '../../src/core/draw/unmatched.js';
import { decodeText } from '../../src/io/encoding.js';
import { onlyResaved } from '../../src/io/resave.js';
import { formatCsv } from '../../src/io/csv.js';
import { InputError } from '../../src/errors.js';

describe('Excel damage on code columns', () => {
  it.each([
    ['6.50400E+13', 'exponent'],
    ['9.16540e17', 'exponent'],
    ['3299010166200.0', 'decimal'],
    ["'3299010166200", 'apostrophe'],
    ['3299010166200', null],
    ['91350100MA0000001P', null],
    ['清劳监罚〔2026〕1号', null],
  ])('%s → %s', (raw, kind) => expect(excelDamage(raw)).toBe(kind));
});

describe('YAML numbers', () => {
  it('quoted, not whole, out of range, fine', () => {
    expect(intFault('5', 1, 10)).toBe('quoted');
    expect(intFault(Number.NaN, 1)).toBe('notInteger');
    expect(intFault(1e9, 1, 36500)).toBe('range');
    expect(intFault(1e300, 1)).toBe('range');
    expect(intFault(0, 1)).toBe('notInteger');
    expect(intFault(180, 1, 36500)).toBeNull();
  });
  it('.nan and .inf are shown as written', () => {
    expect([Number.NaN, Infinity, -Infinity].map(showYamlValue)).toEqual(['.nan', '.inf', '-.inf']);
    expect(showYamlValue({ a: Infinity })).toBe('{"a":".inf"}');
  });
  it('control characters are shown escaped', () => {
    expect(escapeControls('a\u001b[31mb\u0000\u009b')).toBe('a\\x1b[31mb\\x00\\x9b');
  });
});

describe('closest directory values', () => {
  it('finds the values joined by a full-width comma and near typos', () => {
    expect(closest('建筑业，制造业', ['建筑业', '制造业', '住宿和餐饮业'])).toEqual(['制造业', '建筑业']);
    expect(closest('城关', ['城关镇', '东山镇', '西溪乡'])).toEqual(['城关镇']);
    expect(closest('制造', ['建筑业', '制造业'])).toEqual(['制造业']);
    expect(editDistance('建筑业', '建築业')).toBe(1);
  });
});

describe('encodings', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const located = (b: Buffer, forced: 'auto' | 'utf8' | 'gbk' = 'auto') => {
    try {
      decodeText(b, forced, 'f.csv');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { line: e.problems[0]?.line, message: e.message };
    }
    return null;
  };
  it('GBK files are GBK, UTF-8 files with one GBK row are located', () => {
    expect(decodeText(iconv.encode('名称,代码\r\n清河县,1\r\n', 'gbk'), 'auto', 'f').text).toBe('名称,代码\r\n清河县,1\r\n');
    const mixed = Buffer.concat([utf8('名称,代码\r\n清河县甲公司,1\r\n清河县乙公司,2\r\n'), iconv.encode('丙公司,3\r\n', 'gbk'), utf8('丁公司,4\r\n')]);
    expect(located(mixed)).toMatchObject({ line: 4 });
    expect(located(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode('名称\n清河县\n', 'gbk')]))?.message).toContain('BOM');
    expect(located(iconv.encode('名称\n清河县\n', 'gbk'), 'utf8')).toMatchObject({ line: 1 });
  });
});

describe('verify: an output only re-saved', () => {
  const original = formatCsv(['单位名称', '检查事项'], [['清河县甲公司', '工资支付'], ['乙,公司', '劳动合同']]);
  const text = original.subarray(3).toString('utf8');
  it.each([
    ['BOM removed', Buffer.from(text, 'utf8'), ['bom']],
    ['CRLF → LF', Buffer.concat([original.subarray(0, 3), Buffer.from(text.replace(/\r\n/g, '\n'))]), ['lineEndings']],
    ['GBK re-encoding', iconv.encode(text, 'gbk'), ['encoding']],
    ['final newline dropped', original.subarray(0, original.length - 2), ['finalNewline']],
    ['cells quoted differently', Buffer.concat([original.subarray(0, 3), Buffer.from(text.replace('清河县甲公司', '"清河县甲公司"'))]), ['quoting']],
  ])('%s', (_n, found, changes) => expect(onlyResaved(original, found as Buffer)?.changes).toEqual(changes));
  it('a changed cell is not a re-save', () => {
    expect(onlyResaved(original, Buffer.concat([original.subarray(0, 3), Buffer.from(text.replace('甲', '丙'))]))).toBeNull();
  });
});
