/**
 * Money in the penalty core is integer fen held as bigint: a fine of 1,234.56 yuan is 123456n.
 * Multiples of a money fact (1–5 倍, 50%–100%) are held as integer ten-thousandths (basis points of 1),
 * so 0.5 倍 is 5000n and every product stays exact until the single, documented rounding step.
 */
export type Fen = bigint;
/** multiplier × 10,000 (1 倍 = 10000n) */
export type Ratio = bigint;

export const RATIO_ONE = 10000n;

const PLAIN_YUAN = /^\d{1,13}$/;

/**
 * "12,000", "12000.5", "1.2万", "￥3,000元" → fen. At most two decimals (three or more would not be fen).
 * Returns undefined for anything else so callers can say what was expected.
 */
export function parseYuan(raw: string | number): Fen | undefined {
  // whole yuan in plain digits, what most cells hold: the general path gives the same (13 digits stay
  // below 2^53 fen, so the double is exact, and BigInt of a number is cheaper than of a text)
  if (typeof raw === 'string' && PLAIN_YUAN.test(raw)) return BigInt(Number(raw) * 100);
  let s = String(raw).normalize('NFKC').trim().replace(/^[¥￥]/, '').replace(/元$/, '').trim();
  let scale = 1n;
  if (s.endsWith('万')) {
    scale = 10000n;
    s = s.slice(0, -1).trim();
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return undefined;
  s = s.replace(/,/g, '');
  const [int, frac = ''] = s.split('.') as [string, string?];
  // with 万 four more decimals are still whole fen (1.2345万 = 12,345 元)
  const maxDecimals = scale === 1n ? 2 : 6;
  if (frac.length > maxDecimals) return undefined;
  const digits = BigInt(int + frac.padEnd(maxDecimals, '0'));
  const fen = (digits * scale * 100n) / 10n ** BigInt(maxDecimals);
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return fen;
}

/** "1.5" / 1.5 / "150%" → ratio in ten-thousandths; undefined if not exact to 1/10000. */
export function parseRatio(raw: string | number): Ratio | undefined {
  let s = String(raw).normalize('NFKC').trim();
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  const [int, frac = ''] = s.split('.') as [string, string?];
  const places = percent ? 2 : 4;
  if (frac.length > places) return undefined;
  return BigInt(int + frac.padEnd(places, '0'));
}

export function fenToYuanNumber(f: Fen): number {
  // integer fen / 100 is the nearest double to the decimal amount, which JSON prints exactly as written
  return Number(f) / 100;
}

/** "1234567" → "1,234,567": a comma before every group of three digits from the right. */
function thousands(digits: string): string {
  const lead = digits.length % 3 || 3;
  let out = digits.slice(0, lead);
  for (let i = lead; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return out;
}

/** 1234567n → "12,345.67"; whole yuan print without decimals: 120000n → "1,200". */
export function formatYuan(f: Fen): string {
  const neg = f < 0n;
  const a = neg ? -f : f;
  const yuan = a / 100n;
  const fen = a % 100n;
  const int = thousands(yuan.toString());
  return (neg ? '-' : '') + int + (fen === 0n ? '' : '.' + fen.toString().padStart(2, '0'));
}

/** 15000n → "1.5"; 5000n → "0.5" */
export function formatRatio(r: Ratio): string {
  const int = r / RATIO_ONE;
  const frac = (r % RATIO_ONE).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}

/** ceil(a / b) for non-negative bigints */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** a × r, rounded up (so a lower bound never drops below the law) or down (so an upper bound never exceeds it) */
export function applyRatio(a: Fen, r: Ratio, round: 'up' | 'down'): Fen {
  const p = a * r;
  return round === 'up' ? ceilDiv(p, RATIO_ONE) : p / RATIO_ONE;
}

/** round half up to whole fen: the late fee is the only amount that is computed rather than bounded */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}
