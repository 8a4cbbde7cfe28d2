/**
 * Cell values as office spreadsheets write them. Every parser returns undefined for
 * "not this type" so callers can report the cell instead of guessing.
 */

/** ISO date string YYYY-MM-DD; the only date form the cores see. */
export type IsoDate = string;

const DATE_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

export function parseDate(raw: string): IsoDate | undefined {
  const s = raw.normalize('NFKC').trim();
  for (const re of DATE_FORMS) {
    const mt = re.exec(s);
    if (!mt) continue;
    const y = Number(mt[1]);
    const mo = Number(mt[2]);
    const d = Number(mt[3]);
    if (!isRealDate(y, mo, d)) return undefined;
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return undefined;
}

function isRealDate(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', 't']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', '×', 'f']);

export function parseBool(raw: string): boolean | undefined {
  const s = raw.normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

/** Non-negative whole numbers, with optional thousands separators (1,234 or 1，234). */
export function parseCount(raw: string): number | undefined {
  const s = raw.normalize('NFKC').trim();
  if (!/^\d{1,3}(,\d{3})+$|^\d+$/.test(s)) return undefined;
  const n = Number(s.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Lists in one cell: separated by ; ；、 , or ，(the separators people type in Excel). */
export function parseList(raw: string): string[] {
  return raw
    .normalize('NFKC')
    .split(/[;、,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function todayIso(now: Date): IsoDate {
  // Offices work on China Standard Time; a cron run at 00:30 CST is still "today" there.
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return cst.toISOString().slice(0, 10);
}
