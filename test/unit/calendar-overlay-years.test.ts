import { thrownWords } from '../support/worded.js';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/io/calendar.js';
import { addWorkingDays, showYear, UncoveredYearError } from '../../src/core/calendar/index.js';

const national = await loadCalendar();
const xinjiang = await loadCalendar({ region: 'xinjiang' });

describe('a regional overlay covers only the years it has: no silent national-only answer', () => {
  it('2023 新疆 (自治区人民政府办公厅, 2022-12-25): 肉孜节 04-21 and 古尔邦节 06-28..06-30 are days off', () => {
    // nationally the 7th working day after 2023-06-20 is 06-30; in 新疆 three of those days are off
    expect(addWorkingDays(national, '2023-06-20', 7)).toBe('2023-06-30');
    expect(addWorkingDays(xinjiang, '2023-06-20', 7)).toBe('2023-07-05');
    expect(addWorkingDays(xinjiang, '2023-04-20', 1)).toBe('2023-04-23');
  });
  it('2022 新疆: 肉孜节 05-05 and 古尔邦节 07-09..07-13, marked provisional (reprints only)', () => {
    expect(addWorkingDays(xinjiang, '2022-07-08', 1)).toBe('2022-07-14');
    expect(addWorkingDays(xinjiang, '2022-05-04', 1)).toBe('2022-05-06');
    expect(xinjiang.provisional.get(2022)).toEqual(['新疆']);
  });
  it('a year the overlay lacks is an error naming the overlay file, as a missing national year is', () => {
    for (const y of [2020, 2021, 2024]) {
      let err: unknown;
      try {
        addWorkingDays(xinjiang, `${y}-06-01`, 5);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UncoveredYearError);
      expect(thrownWords(() => addWorkingDays(xinjiang, `${y}-06-01`, 5))).toContain(`新疆 ${y} 年地方节日未收录`);
      expect(thrownWords(() => addWorkingDays(xinjiang, `${y}-06-01`, 5))).toContain('rules/calendar/regions/xinjiang.yaml');
    }
    expect(thrownWords(() => showYear(xinjiang, 2024))).toContain('新疆 2024 年地方节日未收录');
    // the national calendar alone still answers those years
    expect(addWorkingDays(national, '2024-06-03', 5)).toBe('2024-06-11');
  });
  it('an overlay with no years at all (宁夏, to be filled in by the office) refuses every year', async () => {
    const ningxia = await loadCalendar({ region: 'ningxia' });
    expect(thrownWords(() => addWorkingDays(ningxia, '2026-03-02', 1))).toContain('宁夏 2026 年地方节日未收录');
  });
  it('2026 national notice carries its number 国办发明电〔2025〕7号', () => {
    expect(national.covered.get(2026)!.notices[0]).toMatchObject({ number: '国办发明电〔2025〕7号', date: '2025-11-04' });
  });
});

describe('check keeps the overlay message when it collects the years a register needs', () => {
  it('a 2024 case under 新疆 names the overlay file, not a national one that exists', async () => {
    const { checkCases } = await import('../../src/core/check/index.js');
    expect(thrownWords(() => checkCases([{ caseNo: 'A1', openedOn: '2024-03-01', extended: false, closedOn: null, referredOn: null, line: 2 }], xinjiang, '2024-11-21', 5))).toContain('新疆 2024 年地方节日未收录');
  });
});
