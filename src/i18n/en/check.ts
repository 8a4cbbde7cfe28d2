import type { calendar as zhCalendar, check as zhCheck } from '../zh/check.js';

export const calendar: typeof zhCalendar = {
  description: 'Working-day calendar: State Council holiday notices (with make-up workdays) and regional overlays',
  addDescription: 'The Nth working day after a date (the start day is not counted; day 1 is the next working day)',
  countDescription: 'Working days between two dates (start excluded, end included)',
  showDescription: 'List the days off and make-up workdays of a year',
  dateArg: 'start date (2026-02-12, 2026/2/12, 2026年2月12日)',
  nArg: 'number of working days',
  fromArg: 'start date (not counted)',
  toArg: 'end date (counted)',
  yearArg: 'year, e.g. 2026',
  optRegion: 'add a regional overlay: xinjiang, ningxia (the office fills in its year)',
  optCalendar: "load the office's own calendar file (national year or overlay; repeatable)",
  badDateArg: (what: string, raw: string) => `${what} "${raw}" is not a valid date (use 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日)`,
  badN: (raw: string) => `number of working days "${raw}" is invalid: a whole number from 0 to 3660`,
  badYearArg: (raw: string) => `year "${raw}" is invalid: four digits, e.g. 2026`,
  uncovered: (years: number[]) =>
    `No working-day calendar for ${years.join(', ')}: cannot count working days (never guessed as Monday to Friday). ` +
    `Once the State Council publishes that year's holiday notice, add rules/calendar/${years[0]}.yaml in the format of rules/calendar/2026.yaml, ` +
    `or load the office's own ${years[0]} calendar with --calendar FILE (calendar.files in compliance.yaml).`,
  unknownRegion: (region: string, available: string[]) => `unknown region "${region}" (available: ${available.join(', ') || 'none'})`,
  fileNotMapping: (file: string) => `${file}: a calendar file must be a mapping at the top level`,
  unknownKey: (key: string, allowed: string[]) => `unknown key "${key}" (allowed: ${allowed.join(', ')})`,
  badKind: 'kind must be national (a whole year) or overlay (regional additions)',
  notList: 'must be a list',
  notMapping: 'must be a mapping',
  notBool: 'must be true or false',
  badYear: 'invalid year: four digits',
  yearAndYears: 'use either year/holidays or years, not both',
  dateOutsideYear: (y: number) => `date is not in ${y} or an adjacent year`,
  badDayOrRange: 'must be a date (2026-02-15) or a range (2026-02-15..2026-02-23)',
  makeUpNotWeekend: (d: string) => `${d} is not a Saturday or Sunday, so it cannot be a make-up workday`,
  emptyHoliday: 'has neither off (days off) nor make_up (make-up workdays)',
  national: 'national',
  addResult: (start: string, n: number, result: string, wd: string) => `working day ${n} after ${start}: ${result} (${wd})`,
  countResult: (from: string, to: string, n: number) => `${from} to ${to}: ${n} working days (${from} excluded, ${to} included)`,
  provisionalCaveat: (what: string) => `note: this used a provisional calendar (${what}); check it against the official notice.`,
  showTitle: (y: number) => `Working-day calendar ${y}`,
  noticeLine: (title: string, num: string | null, date: string | null) =>
    `basis: 《${title}》${num ? ` (${num})` : ' (document number to be checked)'}${date ? `, ${date}` : ''}`,
  overlaysLine: (names: string[]) => `overlays: ${names.join(', ')}`,
  colDate: 'date',
  colWeekday: 'weekday',
  colType: 'type',
  colName: 'holiday',
  colSource: 'source',
  typeOff: 'off',
  typeWorkday: 'make-up workday',
  provisionalMark: ' (provisional)',
  showSummary: (off: number, work: number) => `${off} days off (weekends inside holidays included), ${work} make-up workdays.`,
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

export const check: typeof zhCheck = {
  description: 'Compliance checks: disclosure deadlines, certificates, draw frequency, case time limits, annual statistics (for a monthly cron job)',
};
