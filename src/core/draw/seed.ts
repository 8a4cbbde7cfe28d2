/**
 * The canonical seed of docs/draw.md §6 from lottery numbers as people type them: "05 12 19 23 28 31 + 09"
 * → "5.12.19.23.28.31./9./". Each group (separated by +, /, ;, | or a line break) sorted ascending,
 * numbers without leading zeros, "." after each number, "/" after each group, ASCII only.
 */
export function canonicalSeed(typed: string): string | null {
  const text = typed.normalize('NFKC').trim();
  if (text === '' || !/^[\d\s.,、+/;|]+$/.test(text)) return null;
  const groups = text
    .split(/[+/;|\n]/)
    .map((g) => g.split(/[\s.,、]+/).filter(Boolean))
    .filter((g) => g.length > 0);
  if (groups.length === 0) return null;
  return groups.map((g) => g.map((n) => BigInt(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => `${n}.`).join('') + '/').join('');
}
