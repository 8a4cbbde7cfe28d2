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

/**
 * What a careless "另存为" in Excel/WPS does to a code (证号, 信用代码, 工号, 案号) held as a number:
 *  - exponent: 65040000000000 becomes 6.504E+13 (the last digits are gone for good);
 *  - decimal: 6504000000123 becomes 6504000000123.0;
 *  - apostrophe: the hidden text marker '6504000000123 is exported with the cell.
 * The first two cannot be undone here and are refused; the apostrophe is stripped, with a warning.
 */
export type ExcelDamage = 'exponent' | 'decimal' | 'apostrophe';

export function excelDamage(raw: string): ExcelDamage | null {
  const s = raw.normalize('NFKC').trim();
  if (/^[+-]?\d+(\.\d*)?[eE][+-]?\d+$/.test(s)) return 'exponent';
  if (/^\d+\.0+$/.test(s)) return 'decimal';
  if (s.startsWith("'") || s.startsWith('‘') || s.startsWith('’')) return 'apostrophe';
  return null;
}

/**
 * The default form of an enforcement certificate number (执法证号): digits and letters only, so an
 * exponent, an apostrophe or a decimal point is caught. Provinces differ; a plan may set its own
 * (cert_no_pattern, see docs/input.md).
 */
export const DEFAULT_CERT_NO_PATTERN = '[0-9A-Za-z]+';

/**
 * C0 control characters other than tab, CR and LF, DEL, and the C1 controls (U+009B is a one-character
 * ANSI escape on some terminals): never legitimate in a spreadsheet cell.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A control character as a person can read it: NUL, \x1b, … */
export function controlName(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0) return 'NUL (\\x00)';
  if (code === 0x1b) return 'ESC (\\x1b)';
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** Control characters (and the ESC that starts an ANSI sequence) written as \n, \x1b, …: a cell never reaches a terminal raw. */
export function escapeControls(s: string, keepNewlines = false): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return keepNewlines ? c : '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return keepNewlines ? c : '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * Why a YAML value is not a whole number in [min, max]: quoted ("5" is text in YAML: refused, with
 * the reason, rather than read as a number the person may not have meant), not a whole number
 * (including .nan and .inf), or out of range. null when it is fine.
 */
export function intFault(v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): 'quoted' | 'notInteger' | 'range' | null {
  if (typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) return 'quoted';
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return typeof v === 'number' && Number.isInteger(v) ? 'range' : 'notInteger';
  if (v < min) return 'notInteger';
  return v > max ? 'range' : null;
}

/** A YAML value as the person wrote it: .nan and .inf, not JSON's null. */
export function showYamlValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (v === Infinity) return '.inf';
    if (v === -Infinity) return '-.inf';
    return String(v);
  }
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? showYamlValue(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A copy of a cell's text that does not hold on to the text it was cut from: V8 makes a slice of 13 or
 * more characters a view that keeps its whole parent alive, which for a streamed file is the entire
 * chunk (a short string is copied anyway).
 */
export const detached = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));
