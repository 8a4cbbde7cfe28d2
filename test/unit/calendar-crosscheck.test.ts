import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { loadCalendar } from '../../src/io/calendar.js';
import { eachDay, isWeekend, isWorkingDay } from '../../src/core/calendar/index.js';

/**
 * Dev-time cross-check of rules/calendar/2020..2026 against the public data set of the
 * npm package chinese-days (a dev dependency only: the runtime never imports it, because
 * it silently guesses Monday-to-Friday for years it does not know).
 */
const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const cal = await loadCalendar();

describe('rules/calendar agrees with chinese-days', () => {
  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026])('every day of %i', (year) => {
    const diffs: string[] = [];
    for (const d of eachDay(`${year}-01-01`, `${year}-12-31`)) {
      const theirs = d in data.workdays ? true : d in data.holidays ? false : !isWeekend(d);
      if (theirs !== isWorkingDay(cal, d)) diffs.push(`${d}: chinese-days ${theirs ? 'work' : 'off'}`);
    }
    expect(diffs).toEqual([]);
  });
});
