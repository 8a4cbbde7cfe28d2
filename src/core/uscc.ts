/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 * 18 characters from a 31-character alphabet (no I, O, Z, S, V); the last one is a
 * check character: 31 − (Σ value·weight mod 31), with 31 written as 0.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccFault =
  | { kind: 'length'; length: number }
  | { kind: 'char'; char: string; position: number }
  | { kind: 'check'; expected: string; got: string };

/** Full-width letters/digits and lower case are what people paste from documents; they are the same code. */
export function normaliseUscc(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`not a USCC character: ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/** null when the (normalised) code is valid. */
export function usccFault(code: string): UsccFault | null {
  const chars = [...code];
  if (chars.length !== 18) return { kind: 'length', length: chars.length };
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(chars[i]!)) return { kind: 'char', char: chars[i]!, position: i + 1 };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { kind: 'check', expected, got: code[17]! };
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccFault(code) === null;
}
