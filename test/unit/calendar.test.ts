import { thrownWords } from '../support/worded.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseYamlText } from '../../src/io/yaml.js';
import { calendarFrom, loadCalendar } from '../../src/io/calendar.js';
import {
  addWorkingDays,
  buildCalendar,
  countWorkingDays,
  isWorkingDay,
  rollForward,
  UncoveredYearError,
  addDays,
  type CalendarFile,
} from '../../src/core/calendar/index.js';
import { InputError } from '../../src/errors.js';

const national = await loadCalendar();
const xinjiang = await loadCalendar({ region: 'xinjiang' });

function fileFrom(text: string, name = 'test.yaml'): CalendarFile {
  const src = parseYamlText(text, name);
  return calendarFrom(src);
}

describe('known answers from the reference', () => {
  it.each([
    ['2025-09-30', 7, '2025-10-16'],
    ['2026-02-12', 7, '2026-02-28'],
    ['2025-01-24', 7, '2025-02-10'],
  ])('%s + %d working days = %s', (start, n, want) => {
    expect(addWorkingDays(national, start, n)).toBe(want);
  });
});

describe('around every 2024-2026 holiday', () => {
  // [start, n, expected]: worked out by hand from the State Council notices
  it.each([
    // 2024
    ['2023-12-29', 1, '2024-01-02'], // 元旦 01-01 off
    ['2024-02-02', 1, '2024-02-04'], // Sun 02-04 worked
    ['2024-02-09', 1, '2024-02-18'], // 春节 02-10..17 off, Sun 02-18 worked
    ['2024-04-03', 1, '2024-04-07'], // 清明 04-04..06 off, Sun 04-07 worked
    ['2024-04-26', 1, '2024-04-28'], // Sun 04-28 worked
    ['2024-04-30', 1, '2024-05-06'], // 劳动节 05-01..05
    ['2024-05-10', 1, '2024-05-11'], // Sat 05-11 worked
    ['2024-06-07', 1, '2024-06-11'], // 端午 06-10 off
    ['2024-09-13', 1, '2024-09-14'], // Sat 09-14 worked
    ['2024-09-14', 1, '2024-09-18'], // 中秋 09-15..17
    ['2024-09-27', 1, '2024-09-29'], // Sun 09-29 worked
    ['2024-09-30', 1, '2024-10-08'], // 国庆 10-01..07
    ['2024-10-11', 1, '2024-10-12'], // Sat 10-12 worked
    // 2025
    ['2024-12-31', 1, '2025-01-02'],
    ['2025-01-27', 1, '2025-02-05'], // 春节 01-28..02-04 (除夕 added by 国务院令第795号)
    ['2025-02-07', 1, '2025-02-08'],
    ['2025-04-03', 1, '2025-04-07'],
    ['2025-04-25', 1, '2025-04-27'],
    ['2025-04-30', 1, '2025-05-06'], // 05-02 now statutory
    ['2025-05-30', 1, '2025-06-03'], // 端午 05-31..06-02
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-10-10', 1, '2025-10-11'],
    // 2026
    ['2025-12-31', 1, '2026-01-04'], // 元旦 01-01..03, Sun 01-04 worked
    ['2026-02-13', 1, '2026-02-14'], // Sat 02-14 worked
    ['2026-02-14', 1, '2026-02-24'], // 春节 02-15..23
    ['2026-02-27', 1, '2026-02-28'],
    ['2026-04-03', 1, '2026-04-07'], // 清明 04-04..06
    ['2026-04-30', 1, '2026-05-06'], // 劳动节 05-01..05
    ['2026-05-08', 1, '2026-05-09'],
    ['2026-06-18', 1, '2026-06-22'], // 端午 06-19..21
    ['2026-09-18', 1, '2026-09-20'], // Sun 09-20 worked
    ['2026-09-24', 1, '2026-09-28'], // 中秋 09-25..27
    ['2026-09-30', 1, '2026-10-08'], // 国庆 10-01..07
    ['2026-10-09', 1, '2026-10-10'],
    ['2026-09-30', 20, '2026-11-03'], // 10-08, 10-09, Sat 10-10, then five-day weeks
  ])('%s + %d = %s', (start, n, want) => {
    expect(addWorkingDays(national, start, n)).toBe(want);
  });

  it('a working Saturday is a working day and a weekday inside a holiday is not', () => {
    expect(isWorkingDay(national, '2026-02-28')).toBe(true);
    expect(isWorkingDay(national, '2026-02-16')).toBe(false);
    expect(isWorkingDay(national, '2026-03-07')).toBe(false);
    expect(isWorkingDay(national, '2026-03-09')).toBe(true);
  });
});

describe('uncovered years', () => {
  it('refuses a date in 2027 and names the year and the way to add it', () => {
    expect(() => addWorkingDays(national, '2027-01-04', 1)).toThrow(UncoveredYearError);
    const words = thrownWords(() => isWorkingDay(national, '2027-03-01'));
    expect(words).toContain('2027');
    expect(words).toContain('rules/calendar/2027.yaml');
    expect(words).toContain('--calendar');
  });

  it('refuses a computation that runs past 2026-12-31', () => {
    expect(addWorkingDays(national, '2026-12-21', 8)).toBe('2026-12-31');
    expect(thrownWords(() => addWorkingDays(national, '2026-12-21', 9))).toMatch(/2027/);
    expect(thrownWords(() => countWorkingDays(national, '2026-12-01', '2027-01-05'))).toMatch(/2027/);
  });

  it('works once a 2027 national file is added', () => {
    const y2027 = fileFrom('kind: national\nyear: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n');
    const cal = buildCalendar([y2027, ...[2026].map(() => fileFrom('kind: national\nyear: 2026\nholidays: []\n'))]);
    expect(addWorkingDays(cal, '2026-12-31', 1)).toBe('2027-01-04');
  });

  it('an overlay alone does not make a year usable', () => {
    const overlay = fileFrom('kind: overlay\nname: 某县\nyears:\n  2027:\n    holidays:\n      - name: 某节\n        off: 2027-03-01\n');
    expect(() => isWorkingDay(buildCalendar([overlay]), '2027-03-02')).toThrow(UncoveredYearError);
  });
});

describe('新疆 overlay', () => {
  it('moves a deadline across 2026-03-20 (肉孜节)', () => {
    expect(addWorkingDays(national, '2026-03-19', 1)).toBe('2026-03-20');
    expect(addWorkingDays(xinjiang, '2026-03-19', 1)).toBe('2026-03-23');
    expect(addWorkingDays(national, '2026-03-12', 7)).toBe('2026-03-23');
    expect(addWorkingDays(xinjiang, '2026-03-12', 7)).toBe('2026-03-24');
  });
  it('2025 古尔邦节 takes three weekdays', () => {
    expect(countWorkingDays(national, '2025-06-05', '2025-06-11')).toBe(4);
    expect(countWorkingDays(xinjiang, '2025-06-05', '2025-06-11')).toBe(1);
  });
  it('marks 2026 as provisional', () => {
    expect(xinjiang.provisional.get(2026)).toEqual(['新疆']);
    expect(xinjiang.provisional.get(2025)).toBeUndefined();
  });
  it('an office overlay applied later can undo a regional day off', () => {
    const undo = fileFrom('kind: overlay\nname: 本局\nyears:\n  2026:\n    holidays:\n      - name: 本局不放\n        make_up: [2026-03-21]\n');
    const files = [fileFrom('kind: national\nyear: 2026\nholidays: []\n'), undo];
    expect(isWorkingDay(buildCalendar(files), '2026-03-21')).toBe(true);
  });
});

describe('parsing calendar files', () => {
  it('collects every problem with its key path', () => {
    const text = 'kind: nation\nyear: 2026\nholidays:\n  - name: 春节\n    off: 2026-02-31\n    make_up: [2026-02-16]\n  - name: x\n';
    try {
      fileFrom(text);
      expect.unreachable();
    } catch (e) {
      const keys = (e as InputError).problems.map((p) => p.key);
      expect(keys).toEqual(expect.arrayContaining(['kind', 'holidays[0].off', 'holidays[0].make_up', 'holidays[1]']));
      expect((e as InputError).problems.find((p) => p.key === 'holidays[0].off')?.line).toBe(5);
    }
  });
  it('accepts the date forms of the data layer and ranges with 至', () => {
    const f = fileFrom('kind: national\nyear: 2026\nholidays:\n  - name: 春节\n    off: 2026年2月15日至2026年2月23日\n');
    expect(f.years[0]!.holidays[0]!.off).toHaveLength(9);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: 0, max: 365 * 7 - 60 }).map((n) => addDays('2020-01-01', n));
  it('countWorkingDays(a, addWorkingDays(a, n)) = n, and the result is a working day', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (a, n) => {
        const d = addWorkingDays(national, a, n);
        return countWorkingDays(national, a, d) === n && isWorkingDay(national, d);
      }),
      { numRuns: 300 },
    );
  });
  it('rollForward lands on a working day no earlier than the date', () => {
    fc.assert(
      fc.property(day, (a) => {
        const r = rollForward(national, a);
        return r >= a && isWorkingDay(national, r) && (r === a) === isWorkingDay(national, a);
      }),
      { numRuns: 300 },
    );
  });
});
