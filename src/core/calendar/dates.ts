import type { IsoDate } from '../values.js';

/**
 * Day arithmetic on ISO dates through UTC day numbers: no time zones, no DST,
 * so a date is the same day on every machine the cron job runs on.
 */
const MS_PER_DAY = 86_400_000;

export function toDayNumber(iso: IsoDate): number {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + n);
}

export function yearOf(iso: IsoDate): number {
  return Number(iso.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(iso: IsoDate): number {
  return new Date(toDayNumber(iso) * MS_PER_DAY).getUTCDay();
}

export function isWeekend(iso: IsoDate): boolean {
  const d = weekday(iso);
  return d === 0 || d === 6;
}

/** Calendar days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Every date from `from` to `to`, both included. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let n = toDayNumber(from), end = toDayNumber(to); n <= end; n++) out.push(fromDayNumber(n));
  return out;
}
