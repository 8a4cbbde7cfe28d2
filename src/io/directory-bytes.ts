import { EMPLOYER_SPEC, type Employer, type UnitType } from '../core/records.js';
import { parseCell, type CellValue, type HeaderMap } from '../core/table-schema.js';
import { USCC_ALPHABET } from '../core/uscc.js';

/**
 * The common directory row read straight from its UTF-8 bytes: no decoded chunk, no string per cell.
 * Decoding a million rows and cutting them into twelve strings each was most of a draw's time and
 * most of its garbage. A row comes here only when the chunk has no quote at all (so every line
 * break ends a record and every delimiter ends a cell) and the row has no control character and no
 * byte 0xC2 (C1 controls, NBSP): then its cells are exactly the scanner's. It answers with an
 * Employer only where directory.ts's fastEmployerRow (and so validateRows) would accept the row
 * without a word; anything else is null and the row is decoded and judged the ordinary way.
 *
 *  - the USCC cell: 18 bytes of [0-9A-Z] (so it is its own NFKC form and needs no trimming), not
 *    digits-E-digits (Excel's exponent), every character in the alphabet and the check character
 *    right (usccFault, on bytes);
 *  - the name: not empty after trim(); it is not decoded unless the caller wants names;
 *  - every other cell: parsed by parseCell from its decoded text once per distinct byte sequence
 *    (bytes equal ⇔ text equal for UTF-8), so a value and a refusal are parseCell's own.
 */

/** 'bad': parseCell refused the cell (the row goes the ordinary way, which words the refusal) */
const BAD = Symbol('bad');
type Cached = CellValue | typeof BAD;

/** How many distinct cells a column remembers; past that, a cell is decoded and parsed each time. */
const CACHE_CAP = 1 << 16;

/** value of a USCC character, −1 for a byte outside the alphabet */
const ALPHA = new Int8Array(256).fill(-1);
for (let k = 0; k < USCC_ALPHABET.length; k++) ALPHA[USCC_ALPHABET.charCodeAt(k)] = k;
const ALPHA_CODE = Uint8Array.from(USCC_ALPHABET, (c) => c.charCodeAt(0));
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const NO_EXTRA: [string, string][] = [];

/**
 * Cells of one column, by their bytes: a parse per distinct cell. An open-addressing table over a
 * pool of the cells' bytes (a Map keyed by a 32-bit hash was ~100 ns a look-up: the keys were heap numbers).
 */
class CellCache {
  private slots = new Int32Array(1 << 10).fill(-1);
  private hashes: Int32Array = new Int32Array(1 << 9);
  private starts: Int32Array = new Int32Array(1 << 9);
  private lengths: Int32Array = new Int32Array(1 << 9);
  private pool = new Uint8Array(1 << 14);
  private used = 0;
  private readonly values: Cached[] = [];
  /** the entry of the row before: flags and counts repeat from row to row */
  private last = -1;
  private empty: { value: Cached } | null = null;
  /**
   * cells of 1-3 bytes (counts, 是/否), by their bytes packed in a number: no hash to compute and no
   * bytes to compare (len << 24 | b0 << 16 | b1 << 8 | b2 tells every such cell apart)
   */
  private readonly small = new Map<number, Cached>();
  constructor(private readonly parse: (raw: string) => Cached) {}

  private same(k: number, b: Buffer, s: number, e: number): boolean {
    const len = this.lengths[k]!;
    if (len !== e - s) return false;
    const pool = this.pool;
    const at = this.starts[k]!;
    for (let i = 0; i < len; i++) if (pool[at + i] !== b[s + i]) return false;
    return true;
  }

  get(b: Buffer, s: number, e: number): Cached {
    if (s === e) return (this.empty ??= { value: this.parse('') }).value;
    const len = e - s;
    if (len <= 3) {
      const key = len === 1 ? 0x1000000 | (b[s]! << 16) : len === 2 ? 0x2000000 | (b[s]! << 16) | (b[s + 1]! << 8) : 0x3000000 | (b[s]! << 16) | (b[s + 1]! << 8) | b[s + 2]!;
      let v = this.small.get(key);
      if (v === undefined) {
        v = this.parse(b.toString('utf8', s, e));
        if (this.small.size < CACHE_CAP) this.small.set(key, v);
      }
      return v;
    }
    if (this.last >= 0 && this.same(this.last, b, s, e)) return this.values[this.last]!;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    let x = h & mask;
    for (let k = this.slots[x]!; k !== -1; x = (x + 1) & mask, k = this.slots[x]!) {
      if (this.hashes[k] === h && this.same(k, b, s, e)) {
        this.last = k;
        return this.values[k]!;
      }
    }
    const value = this.parse(b.toString('utf8', s, e));
    if (this.values.length < CACHE_CAP) this.insert(x, h, b, s, e, value);
    return value;
  }

  private insert(x: number, h: number, b: Buffer, s: number, e: number, value: Cached): void {
    const k = this.values.length;
    if (k === this.hashes.length) {
      this.hashes = grow(this.hashes, k * 2);
      this.starts = grow(this.starts, k * 2);
      this.lengths = grow(this.lengths, k * 2);
    }
    if (this.used + (e - s) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + (e - s)));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(b.subarray(s, e), this.used);
    this.hashes[k] = h;
    this.starts[k] = this.used;
    this.lengths[k] = e - s;
    this.used += e - s;
    this.values.push(value);
    this.slots[x] = k;
    this.last = k;
    if ((k + 1) * 2 > this.slots.length) {
      // keep the table at most half full
      const slots = new Int32Array(this.slots.length * 2).fill(-1);
      const m = slots.length - 1;
      for (let j = 0; j <= k; j++) {
        let y = this.hashes[j]! & m;
        while (slots[y] !== -1) y = (y + 1) & m;
        slots[y] = j;
      }
      this.slots = slots;
    }
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Where the cells of a row lie in its chunk: cell k is bytes [start[k], end[k]). */
export interface CellBounds {
  start: Int32Array;
  end: Int32Array;
  /** cells in the line (those past the array's length are counted, not placed) */
  count: number;
  /** no byte in the line that sends it the ordinary way */
  plain: boolean;
}

export const CELL_END = 1;
export const LINE_END = 2;
const NOT_PLAIN = 3;
/** the lead byte of a 3-byte UTF-8 sequence (every CJK character): its two continuation bytes are skipped */
const LEAD3 = 4;
const kinds = new Map<number, Uint8Array>();

/**
 * What a byte means to the byte reader: nothing (0), the delimiter, a line break, or something that
 * sends the row the ordinary way (a control character, and 0xC2: C1 controls and NBSP start with it).
 * utf8: the bytes are known to be valid UTF-8 (the pass checks each chunk with isUtf8 first), so the
 * lead byte of a 3-byte sequence may skip its continuation bytes (0x80-0xBF: never a delimiter, line
 * break or control). Two thirds of a Chinese row's bytes are continuation bytes: splitLine was ~40%
 * faster on the 1M bench file. Bytes read again later (fetch) are not known to be UTF-8 any more.
 */
export function byteKind(delim: number, utf8 = false): Uint8Array {
  const id = utf8 ? delim | 0x100 : delim;
  let k = kinds.get(id);
  if (!k) {
    k = new Uint8Array(256);
    for (let c = 0; c < 0x20; c++) k[c] = NOT_PLAIN;
    k[0x7f] = NOT_PLAIN;
    k[0xc2] = NOT_PLAIN;
    if (utf8) for (let c = 0xe0; c < 0xf0; c++) k[c] = LEAD3;
    k[0x0a] = LINE_END;
    k[0x0d] = LINE_END;
    k[delim] = CELL_END;
    kinds.set(id, k);
  }
  return k;
}

/**
 * The cells of the quote-free line that starts at p, into c (count and plain too); returns where the
 * line ends (at its line break, or n).
 */
export function splitLine(b: Uint8Array, p: number, n: number, kind: Uint8Array, c: CellBounds): number {
  const cs = c.start;
  const ce = c.end;
  const width = cs.length;
  let k = 0;
  let cellStart = p;
  let plain = true;
  for (; p < n; p++) {
    const x = kind[b[p]!]!;
    if (x === 0) continue;
    if (x === LEAD3) {
      p += 2;
      continue;
    }
    if (x === CELL_END) {
      if (k < width) {
        cs[k] = cellStart;
        ce[k] = p;
      }
      k++;
      cellStart = p + 1;
    } else if (x === LINE_END) break;
    else plain = false;
  }
  // (valid UTF-8 ends no line inside a sequence: this only guards the bound)
  if (p > n) p = n;
  if (k < width) {
    cs[k] = cellStart;
    ce[k] = p;
  }
  c.count = k + 1;
  c.plain = plain;
  return p;
}

export interface ByteRow {
  /** the employer of an accepted row, null if the row must be judged the ordinary way */
  employer: (b: Buffer, cells: CellBounds, line: number, names: boolean, extras: boolean) => Employer | null;
  /** 32-bit fingerprint of the accepted row's USCC: hash32 of directory.ts over its bytes (ASCII: bytes = code units) */
  fingerprint: (b: Buffer, cells: CellBounds) => number;
}

/**
 * The reader for a header (null when a column would need more than this reader knows: a notBefore
 * rule, an extra column the caller keeps).
 */
export function byteRowReader(header: readonly string[], map: HeaderMap): ByteRow | null {
  const cols = EMPLOYER_SPEC.columns;
  if (cols.some((c) => c.notBefore !== undefined)) return null;
  const at = (key: string) => map.index.get(key);
  const iU = at('uscc');
  const iName = at('name');
  if (iU === undefined || iName === undefined) return null;
  const typed = (key: string): ((b: Buffer, c: CellBounds) => Cached) => {
    const type = cols.find((x) => x.key === key)!.type;
    const parse = (raw: string): Cached => {
      const p = parseCell(type, raw);
      return 'error' in p ? BAD : p.value;
    };
    const i = at(key);
    if (i === undefined) {
      const v = parse('');
      return () => v;
    }
    const cache = new CellCache(parse);
    return (b, c) => cache.get(b, c.start[i]!, c.end[i]!);
  };
  const type = typed('type');
  const industry = typed('industry');
  const region = typed('region');
  const employees = typed('employees');
  const complaints = typed('complaints');
  const abnormal = typed('abnormal');
  const serious = typed('serious_violation');
  const key = typed('key');
  const last = typed('last_inspected');

  const fingerprint = (b: Buffer, c: CellBounds): number => {
    let h = 0x811c9dc5;
    for (let i = c.start[iU]!, e = c.end[iU]!; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };

  /** usccFault(code) === null for a code of 18 bytes [0-9A-Z] that is not digits-E-digits */
  const usccOk = (b: Buffer, s: number, e: number): boolean => {
    if (e - s !== 18) return false;
    let sum = 0;
    let es = 0;
    let digits = 0;
    for (let k = 0; k < 18; k++) {
      const x = b[s + k]!;
      const v = ALPHA[x]!;
      if (v < 0) return false;
      if (v < 10) digits++;
      else if (x === 69) es++;
      if (k < 17) sum += v * WEIGHTS[k]!;
    }
    // /^\d+E\d+$/ is Excel's exponent: left to validateRows
    if (es === 1 && digits === 17 && b[s] !== 69 && b[s + 17] !== 69) return false;
    const want = 31 - (sum % 31);
    return ALPHA_CODE[want === 31 ? 0 : want] === b[s + 17];
  };

  /** name.trim() !== '': ASCII blanks skipped; a lead byte that may start a Unicode space is decoded */
  const named = (b: Buffer, s: number, e: number): boolean => {
    for (let i = s; i < e; i++) {
      const x = b[i]!;
      if (x === 0x20 || x === 0x09) continue;
      if (x < 0x80) return true;
      if (x === 0xe1 || x === 0xe2 || x === 0xe3 || x === 0xef) return b.toString('utf8', i, e).trim() !== '';
      return true;
    }
    return false;
  };

  /** names, extras: with its name (else ''), with its extra columns (else none); fetch wants both, the draw's stream neither */
  const employer = (b: Buffer, c: CellBounds, line: number, names: boolean, extras: boolean): Employer | null => {
    if (!c.plain || c.count !== header.length) return null;
    const us = c.start[iU]!;
    if (!usccOk(b, us, c.end[iU]!)) return null;
    const ns = c.start[iName]!;
    const ne = c.end[iName]!;
    if (!named(b, ns, ne)) return null;
    const t = type(b, c);
    const ind = industry(b, c);
    const reg = region(b, c);
    const em = employees(b, c);
    const co = complaints(b, c);
    const ab = abnormal(b, c);
    const se = serious(b, c);
    const k = key(b, c);
    const la = last(b, c);
    if (t === BAD || ind === BAD || reg === BAD || em === BAD || co === BAD || ab === BAD || se === BAD || k === BAD || la === BAD) return null;
    return {
      uscc: String.fromCharCode(b[us]!, b[us + 1]!, b[us + 2]!, b[us + 3]!, b[us + 4]!, b[us + 5]!, b[us + 6]!, b[us + 7]!, b[us + 8]!, b[us + 9]!, b[us + 10]!, b[us + 11]!, b[us + 12]!, b[us + 13]!, b[us + 14]!, b[us + 15]!, b[us + 16]!, b[us + 17]!),
      name: names ? b.toString('utf8', ns, ne).trim() : '',
      type: (t as UnitType | null) ?? null,
      industry: (ind as string | null) ?? null,
      region: (reg as string | null) ?? null,
      employees: (em as number | null) ?? null,
      complaints: (co as number | null) ?? 0,
      abnormal: ab === true,
      seriousViolation: se === true,
      key: k === true,
      lastInspected: (la as string | null) ?? null,
      line,
      extra: extras && map.extra.length ? map.extra.map((i) => [header[i]!, b.toString('utf8', c.start[i]!, c.end[i]!)]) : NO_EXTRA,
    };
  };
  return { employer, fingerprint };
}
