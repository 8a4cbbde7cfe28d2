import { CodedInputError, type Problem } from '../../errors.js';
import { parseDate, type IsoDate } from '../values.js';
import { bool, custom, date, FieldReader, isAbsent, isMapping, joinParam, list, nested, text, type YamlPath, type YamlPlaces } from '../yaml-fields.js';
import { addDays, eachDay, fromDayNumber, isWeekend, toDayNumber, yearOf } from './dates.js';

/**
 * The working-day calendar: weekends, plus the State Council's yearly notice (days off and
 * 调休 make-up workdays), plus regional or office overlays. A year is usable only when a
 * national file for it is loaded: outside that the answer is an error, never a Monday-to-Friday
 * guess, because the one thing a deadline checker must not do is silently miss a holiday.
 */

export type ProblemAt = (path: (string | number)[], message: string, value?: unknown) => Problem;

export interface Notice {
  title: string;
  number: string | null;
  date: IsoDate | null;
}

export interface CalendarYear {
  year: number;
  notices: Notice[];
  provisional: boolean;
  note: string | null;
  /** 正月初一 of this Gregorian year, when the file gives it (national files do) */
  springFestival: IsoDate | null;
  holidays: { name: string; off: IsoDate[]; makeUp: IsoDate[] }[];
}

export interface CalendarFile {
  /** national: a complete year (it makes the year usable); overlay: amends years others made usable */
  kind: 'national' | 'overlay';
  /** a short name for messages: 全国, 新疆, or the file's own `name` */
  name: string;
  region: string | null;
  origin: string;
  years: CalendarYear[];
}

export interface DayNote {
  name: string;
  /** which file set it (the national notice, 新疆 overlay, an office file) */
  source: string;
  provisional: boolean;
}

export interface Calendar {
  covered: Map<number, { sources: string[]; notices: Notice[]; springFestival: IsoDate | null }>;
  off: Map<IsoDate, DayNote>;
  workdays: Map<IsoDate, DayNote>;
  /** year → names of provisional overlays in force for it: results using that year carry a caveat */
  provisional: Map<number, string[]>;
  overlays: string[];
  /**
   * Years the national calendar covers but a regional overlay in use does not: they are taken out of
   * `covered`, so a date in one is an error naming the overlay file to complete, never a silent
   * national-only answer under the heading "叠加：新疆".
   */
  overlayGaps: Map<number, { name: string; origin: string }>;
}

/**
 * Exit 2 naming the missing year(s) and how to add them: the national file, or the regional overlay's.
 * Codes, not words: calendar.uncovered {years} or calendar.overlay_uncovered {name, years, origin}; each
 * row whose deadline fell in such a year is calendar.no_row {year} on the case-number column (named by
 * columnCode, since its heading depends on the language the edge words it in).
 */
export class UncoveredYearError extends CodedInputError {
  readonly years: number[];
  /** rows: the rows (case number, line) whose deadline fell in an uncovered year, when a check knows them */
  constructor(years: number[], gaps?: Calendar['overlayGaps'], rows: { line: number; caseNo: string; year: number }[] = [], file?: string) {
    const sorted = [...new Set(years)].sort((a, b) => a - b);
    const gap = sorted.map((y) => gaps?.get(y)).find((g) => g !== undefined);
    super(
      gap ? 'calendar.overlay_uncovered' : 'calendar.uncovered',
      gap ? { name: gap.name, years: joinParam(sorted.filter((y) => gaps!.has(y))), origin: gap.origin } : { years: joinParam(sorted) },
      rows.map((r) => ({ file, line: r.line, columnCode: 'case_no', value: r.caseNo, code: 'calendar.no_row', params: { year: r.year } })),
    );
    this.name = 'UncoveredYearError';
    this.years = sorted;
  }
}

const KINDS = ['national', 'overlay'] as const;
const FILE_KEYS = ['kind', 'name', 'region', 'year', 'years', 'notices', 'provisional', 'note', 'spring_festival', 'holidays'];

/**
 * A calendar file as YAML data: either one year at the top level (`year:`, `holidays:`),
 * or several under `years:` (regional overlays carry a year per notice). Every problem is collected
 * (calendar.* codes, docs/codes.md); the file comes back only when there are none.
 * `nationalName` is what a national file without `name:` is called in messages (全国 / national).
 */
export function readCalendarFile(data: unknown, places: YamlPlaces, origin: string, nationalName: string): { file?: CalendarFile; problems: Problem[] } {
  const r = new FieldReader(places, 'calendar');
  if (!isMapping(data)) {
    r.report([], 'calendar.file.mapping', { origin });
    return { problems: r.problems };
  }
  r.unknownKeys(data, FILE_KEYS, []);
  const kind = data.kind;
  if (!KINDS.includes(kind as (typeof KINDS)[number])) r.report(['kind'], 'calendar.kind', undefined, kind);
  const name = data.name === undefined ? null : String(data.name);
  const region = isAbsent(data.region) ? null : String(data.region);

  // Days named by a year's notice may fall just outside it (元旦 2023 began on 2022-12-31), so one year either side is allowed.
  const days = (y: number) =>
    list(
      custom<IsoDate[]>((rr, item, p) => {
        const parts = String(item).trim().split(/\s*(?:\.\.|至|~|～)\s*/);
        const dates = parts.map((x) => parseDate(x));
        if (parts.length > 2 || dates.some((d) => d === undefined)) return void rr.report(p, 'calendar.day', undefined, item);
        const [a, b] = [dates[0]!, dates[dates.length - 1]!];
        if (toDayNumber(b) < toDayNumber(a) || toDayNumber(b) - toDayNumber(a) > 40) return void rr.report(p, 'calendar.day', undefined, item);
        if (Math.abs(yearOf(a) - y) > 1 || Math.abs(yearOf(b) - y) > 1) return void rr.report(p, 'calendar.date.year', { year: y }, item);
        return eachDay(a, b);
      }),
      { single: true },
    );
  const notice = nested({ title: text({ required: true, emptyIsAbsent: true }), number: custom((_r, v) => String(v)), date: date() });

  const years: CalendarYear[] = [];
  const parseYear = (y: number, body: Record<string, unknown>, path: YamlPath, topLevel: boolean) => {
    const shape = {
      notices: list(notice),
      provisional: bool(),
      note: custom((_r, v) => String(v)),
      spring_festival: custom<IsoDate>((rr, v, p) => {
        const d = parseDate(String(v));
        if (d !== undefined && yearOf(d) === y) return d;
        return void rr.report(p, 'calendar.date.year', { year: y }, v);
      }),
      holidays: list(
        custom((rr, h, hp) => {
          const o = rr.object(h, hp, { name: text({ required: true }), off: days(y), make_up: days(y) });
          if (!o) return undefined;
          const off = (o.off ?? []).flat();
          const makeUp = (o.make_up ?? []).flat();
          for (const d of makeUp) if (!isWeekend(d)) rr.report([...hp, 'make_up'], 'calendar.make_up.weekday', { date: d }, d);
          if (isAbsent((h as Record<string, unknown>).off) && isAbsent((h as Record<string, unknown>).make_up)) rr.report(hp, 'calendar.holiday.empty');
          return { name: String((h as Record<string, unknown>).name ?? ''), off, makeUp };
        }),
      ),
    };
    const o = r.fields(body, path, shape, { unknown: !topLevel });
    years.push({ year: y, notices: (o.notices ?? []).map((n) => ({ title: n.title ?? '', number: n.number ?? null, date: n.date ?? null })), provisional: o.provisional === true, note: o.note ?? null, springFestival: o.spring_festival ?? null, holidays: o.holidays ?? [] });
  };

  const validYear = (v: unknown) => {
    const n = typeof v === 'number' ? v : Number(String(v));
    return Number.isInteger(n) && n >= 1900 && n <= 2200 ? n : undefined;
  };
  if (data.years !== undefined) {
    if (data.year !== undefined || data.holidays !== undefined) r.report(['years'], 'calendar.years.both');
    if (!isMapping(data.years)) r.report(['years'], 'calendar.mapping');
    else
      for (const [k, body] of Object.entries(data.years)) {
        const y = validYear(k);
        // YAML reads `2026:` as a number key; the number is what finds its line again
        if (y === undefined) r.report(['years', k], 'calendar.year', undefined, k);
        else if (!isMapping(body)) r.report(['years', y], 'calendar.mapping');
        else parseYear(y, body, ['years', y], false);
      }
  } else {
    const y = validYear(data.year);
    if (y === undefined) r.report(['year'], 'calendar.year', undefined, data.year);
    else parseYear(y, data, [], true);
  }
  if (r.problems.length) return { problems: r.problems };
  const label = name ?? (kind === 'national' ? nationalName : region ?? origin);
  return { file: { kind: kind as CalendarFile['kind'], name: label, region, origin, years }, problems: r.problems };
}

/**
 * National files first, then overlays in the order given: a later file wins on the same date,
 * so an office's own file can undo a regional day it does not observe.
 */
export function buildCalendar(files: readonly CalendarFile[]): Calendar {
  const cal: Calendar = { covered: new Map(), off: new Map(), workdays: new Map(), provisional: new Map(), overlays: [], overlayGaps: new Map() };
  const ordered = [...files.filter((f) => f.kind === 'national'), ...files.filter((f) => f.kind === 'overlay')];
  for (const f of ordered) {
    if (f.kind === 'overlay') cal.overlays.push(f.name);
    for (const y of f.years) {
      if (f.kind === 'national') {
        const c = cal.covered.get(y.year) ?? { sources: [], notices: [], springFestival: null };
        c.sources.push(f.origin);
        c.notices.push(...y.notices);
        c.springFestival = y.springFestival ?? c.springFestival;
        cal.covered.set(y.year, c);
      }
      if (y.provisional) cal.provisional.set(y.year, [...(cal.provisional.get(y.year) ?? []), f.name]);
      for (const h of y.holidays) {
        const note = (): DayNote => ({ name: h.name, source: f.name, provisional: y.provisional });
        for (const d of h.off) {
          cal.off.set(d, note());
          cal.workdays.delete(d);
        }
        for (const d of h.makeUp) {
          cal.workdays.set(d, note());
          cal.off.delete(d);
        }
      }
    }
  }
  // a regional overlay (one naming its region) must have every year it is used for: its days off are
  // real working days lost, so a year it lacks cannot be answered from the national calendar alone
  for (const f of ordered) {
    if (f.kind !== 'overlay' || f.region === null) continue;
    const has = new Set(f.years.map((y) => y.year));
    for (const y of [...cal.covered.keys()]) {
      if (has.has(y)) continue;
      cal.covered.delete(y);
      if (!cal.overlayGaps.has(y)) cal.overlayGaps.set(y, { name: f.name, origin: f.origin });
    }
  }
  return cal;
}

export function isCovered(cal: Calendar, date: IsoDate): boolean {
  return cal.covered.has(yearOf(date));
}

function requireCovered(cal: Calendar, date: IsoDate): void {
  if (!isCovered(cal, date)) throw new UncoveredYearError([yearOf(date)], cal.overlayGaps);
}

export function isWorkingDay(cal: Calendar, date: IsoDate): boolean {
  requireCovered(cal, date);
  if (cal.off.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  return !isWeekend(date);
}

/**
 * Working days as arrays over the covered years, built once per calendar on first use: a
 * province's 10^6 decisions then cost O(1) each instead of a walk of up to a year of days.
 * Uncovered days count as days off here; the callers first find where a day-by-day walk would
 * have reached an uncovered year (`stop`), so an uncovered year is still an error, never an answer.
 */
interface WorkdayIndex {
  /** the maps' sizes when built: a calendar changed after its first use is indexed again */
  sizes: [number, number, number];
  /** day number of 1 January of the first covered year, and of the day after the last covered year */
  first: number;
  end: number;
  /** cum[i]: working days in [first, first + i] */
  cum: Int32Array;
  /** nth[k]: offset from `first` of the (k+1)-th working day */
  nth: Int32Array;
  /** stop[i]: offset of the first day after offset i in an uncovered year (end - first at most) */
  stop: Int32Array;
  /** the ISO date at each offset, and back: results are looked up rather than formatted or parsed */
  iso: string[];
  offset: Map<string, number>;
  /** 1 where the day's year is covered */
  covered: Uint8Array;
}

const indexes = new WeakMap<Calendar, WorkdayIndex>();

function workdayIndex(cal: Calendar): WorkdayIndex {
  const known = indexes.get(cal);
  if (known && known.sizes[0] === cal.covered.size && known.sizes[1] === cal.off.size && known.sizes[2] === cal.workdays.size) return known;
  const years = [...cal.covered.keys()];
  const jan1 = (y: number) => toDayNumber(`${String(y).padStart(4, '0')}-01-01`);
  const first = years.length ? jan1(Math.min(...years)) : 0;
  const end = years.length ? jan1(Math.max(...years) + 1) : 0;
  const len = end - first;
  const cum = new Int32Array(len);
  const stop = new Int32Array(len);
  const nth: number[] = [];
  const iso: string[] = new Array(len);
  const offset = new Map<string, number>();
  const covered = new Uint8Array(len + 1);
  let count = 0;
  for (let i = 0; i < len; i++) {
    const d = fromDayNumber(first + i);
    iso[i] = d;
    offset.set(d, i);
    covered[i] = cal.covered.has(yearOf(d)) ? 1 : 0;
    if (covered[i] && isWorkingDay(cal, d)) {
      nth.push(i);
      count++;
    }
    cum[i] = count;
  }
  for (let i = len - 1, next = len; i >= 0; i--) {
    stop[i] = next;
    if (!covered[i]) next = i;
  }
  const ix: WorkdayIndex = { sizes: [cal.covered.size, cal.off.size, cal.workdays.size], first, end, cum, nth: Int32Array.from(nth), stop, iso, offset, covered };
  indexes.set(cal, ix);
  return ix;
}

/**
 * Offset of a date from the index's first day (negative or past the end for days outside it), after
 * the same coverage check as requireCovered: the index answers it for every date it holds.
 */
function coveredOffset(cal: Calendar, ix: WorkdayIndex, date: IsoDate): number {
  const o = ix.offset.get(date);
  if (o !== undefined && ix.covered[o]) return o;
  requireCovered(cal, date);
  return o ?? toDayNumber(date) - ix.first;
}

/** The offset at which a day-by-day walk from offset `o` would meet an uncovered year. */
const stopAfter = (ix: WorkdayIndex, o: number) => (o >= 0 && o < ix.stop.length ? ix.stop[o]! : o + 1);

const uncoveredAt = (cal: Calendar, ix: WorkdayIndex, o: number) =>
  new UncoveredYearError([yearOf(o >= 0 && o < ix.iso.length ? ix.iso[o]! : fromDayNumber(ix.first + o))], cal.overlayGaps);

/** Working days in [first, first + o], for any offset. */
const cumAt = (ix: WorkdayIndex, o: number) => (o < 0 ? 0 : o >= ix.cum.length ? ix.nth.length : ix.cum[o]!);

/**
 * The n-th working day after `start`: the start day is not counted and day 1 is the next
 * working day (民法典 第201条; 行政处罚法 第85条). n = 0 gives the start day itself.
 */
export function addWorkingDays(cal: Calendar, start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  const ix = workdayIndex(cal);
  const s = coveredOffset(cal, ix, start);
  if (n === 0) return start;
  const stop = stopAfter(ix, s);
  // the (cum + n)-th working day; uncovered years hold none, so a target beyond one lies past `stop`
  const k = cumAt(ix, s) + n - 1;
  const target = k < ix.nth.length ? ix.nth[k]! : Infinity;
  if (target >= stop) throw uncoveredAt(cal, ix, stop);
  return ix.iso[target]!;
}

/**
 * Working days in (from, to]: the same convention as addWorkingDays, so
 * countWorkingDays(a, addWorkingDays(a, n)) === n. Negative when `to` is before `from`.
 */
export function countWorkingDays(cal: Calendar, from: IsoDate, to: IsoDate): number {
  const ix = workdayIndex(cal);
  const f = coveredOffset(cal, ix, from);
  const t = coveredOffset(cal, ix, to);
  const a = t >= f ? f : t;
  const b = t >= f ? t : f;
  if (a === b) return 0;
  const stop = stopAfter(ix, a);
  if (stop <= b) throw uncoveredAt(cal, ix, stop);
  // n * sign, not ±n: an empty span backwards is -0, as it always was
  return (cumAt(ix, b) - cumAt(ix, a)) * (t >= f ? 1 : -1);
}

/** A calendar-day deadline that ends on a day off moves to the next working day (民法典 第203条). */
export function rollForward(cal: Calendar, date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

/** The provisional overlays a computation over [from, to] relied on, for a caveat under the result. */
export function provisionalIn(cal: Calendar, from: IsoDate, to: IsoDate): string[] {
  const out = new Set<string>();
  for (let y = Math.min(yearOf(from), yearOf(to)); y <= Math.max(yearOf(from), yearOf(to)); y++) {
    for (const name of cal.provisional.get(y) ?? []) out.add(`${name} ${y}`);
  }
  return [...out];
}

export interface ShownDay {
  date: IsoDate;
  type: 'off' | 'workday';
  name: string;
  source: string;
  provisional: boolean;
}

/** The days of a year that differ from a plain Monday-to-Friday week, in date order. */
export function showYear(cal: Calendar, year: number): ShownDay[] {
  if (!cal.covered.has(year)) throw new UncoveredYearError([year], cal.overlayGaps);
  const out: ShownDay[] = [];
  for (const [date, n] of cal.off) if (yearOf(date) === year && !isWeekend(date)) out.push({ date, type: 'off', ...n });
  // weekend days inside a holiday block are listed too, so the block reads as the notice reads
  for (const [date, n] of cal.off) if (yearOf(date) === year && isWeekend(date)) out.push({ date, type: 'off', ...n });
  for (const [date, n] of cal.workdays) if (yearOf(date) === year) out.push({ date, type: 'workday', ...n });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
