import type { IsoDate } from '../values.js';

function toUtc(d: IsoDate): number {
  // the ISO form by position (late fees take two per case); anything else as before
  if (d.length === 10 && d.charCodeAt(4) === 45 && d.charCodeAt(7) === 45) return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, da);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** The same calendar day n years later; 29 February falls back to 28 February. */
export function addYears(d: IsoDate, n: number): IsoDate {
  const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
  const ny = y + n;
  const last = new Date(Date.UTC(ny, mo, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(Math.min(da, last)).padStart(2, '0')}`;
}
