import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBool, parseCount, parseDate, parseList, todayIso } from '../../src/core/values.js';

describe('cell values as offices type them', () => {
  it('reads every documented date form to the same ISO date', () => {
    for (const s of ['2026-01-05', '2026/1/5', '2026.1.5', '2026年1月5日', '2026年01月05日', ' 2026-1-5 ', '20260105', '２０２６-01-05']) {
      expect(parseDate(s), s).toBe('2026-01-05');
    }
  });

  it('refuses impossible dates instead of rolling them over', () => {
    for (const s of ['2026-02-29', '2025-13-01', '2026/4/31', '26-1-5', 'tomorrow', '2026-01-05x']) {
      expect(parseDate(s), s).toBeUndefined();
    }
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
  });

  it('round-trips any real date through each written form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const [y, mo, da] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const iso = d.toISOString().slice(0, 10);
        return [`${y}/${mo}/${da}`, `${y}.${mo}.${da}`, `${y}年${mo}月${da}日`].every((s) => parseDate(s) === iso);
      }),
    );
  });

  it('reads yes/no in Chinese and English forms', () => {
    expect(['是', 'Y', 'true', '1', 'TRUE'].map(parseBool)).toEqual([true, true, true, true, true]);
    expect(['否', 'n', 'False', '0'].map(parseBool)).toEqual([false, false, false, false]);
    expect(parseBool('也许')).toBeUndefined();
  });

  it('reads counts with thousands separators, and refuses malformed ones', () => {
    expect(['1,234', '1234', '１，２３４', '0'].map(parseCount)).toEqual([1234, 1234, 1234, 0]);
    expect(['12,34', '-3', '1.5', 'abc'].map(parseCount)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('splits lists on ; ； 、 and commas', () => {
    expect(parseList('工资支付；社会保险、劳动合同;  工时休假 ,')).toEqual(['工资支付', '社会保险', '劳动合同', '工时休假']);
  });

  it('takes today in China Standard Time', () => {
    expect(todayIso(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
    expect(todayIso(new Date('2026-11-20T15:59:00Z'))).toBe('2026-11-20');
  });
});
