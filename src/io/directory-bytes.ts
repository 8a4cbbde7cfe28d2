import { EMPLOYER_SPEC, type Employer, type UnitType } from '../core/records.js';
import { parseCell, type CellValue, type HeaderMap } from '../core/table-schema.js';
import { USCC_ALPHABET } from '../core/uscc.js';
import type { JudgedField } from '../core/draw/employer.js';

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

const NO_EXTRA: [string, string][] = [];

/**
 * The key of a cell whose bytes pack into a number, or 0: up to 3 bytes (counts, 是/否), 4-7 ASCII
 * digits (counts), and YYYY-MM-DD shapes (dates). The tag (length + 1, or 0x40 for a date) keeps
 * each shape apart, and within a shape the packing is one-to-one, so equal keys mean equal bytes.
 */
export function packedKey(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len <= 3) return ((len + 1) << 24) | (len > 0 ? b[s]! << 16 : 0) | (len > 1 ? b[s + 1]! << 8 : 0) | (len > 2 ? b[s + 2]! : 0);
  if (len <= 7) {
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) return 0;
      v = v * 10 + d;
    }
    return ((len + 1) << 24) | v;
  }
  if (len === 10 && b[s + 4] === 45 && b[s + 7] === 45) {
    let v = 0;
    for (let i = s; i < e; i++) {
      if (i === s + 4 || i === s + 7) continue;
      const d = b[i]! - 48;
      if (d < 0 || d > 9) return 0;
      v = v * 10 + d;
    }
    return 0x40000000 | v;
  }
  return 0;
}

/**
 * Cells of one column, by their bytes: a parse per distinct cell, and an id per distinct cell (the
 * draw's columns judge a combination of ids once: see ProfiledSink). Two open-addressing tables:
 * packedKey's numbers for short cells, counts and dates (a Map with number keys was ~70 ns a look-up
 * in the 1M draw), and a pool of the other cells' bytes, hashed over their length and a few words.
 */
export class CellCache {
  readonly values: Cached[] = [];
  private ikeys = new Int32Array(1 << 8);
  private iids = new Int32Array(1 << 8);
  /** a key's slot is the top bits of its product with 2^32/φ (its low bits are the key's own low bits) */
  private ishift = 32 - 8;
  private slots = new Int32Array(1 << 8).fill(-1);
  private hashes: Int32Array = new Int32Array(1 << 7);
  private starts: Int32Array = new Int32Array(1 << 7);
  private lengths: Int32Array = new Int32Array(1 << 7);
  /** pooled cell → its id */
  private ids: Int32Array = new Int32Array(1 << 7);
  private pool = new Uint8Array(1 << 12);
  private poolView = new DataView(this.pool.buffer);
  private viewOf: Buffer | null = null;
  private cellView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private used = 0;
  private packed = 0;
  private pooled = 0;
  constructor(private readonly parse: (raw: string) => Cached) {}

  /** the cell's value (parseCell's, or BAD) */
  get(b: Buffer, s: number, e: number): Cached {
    const k = this.id(b, s, e);
    return k >= 0 ? this.values[k]! : this.parse(text(b, s, e));
  }

  /** the cell's id (an index into values), or −1 once the column has more than CACHE_CAP distinct cells */
  id(b: Buffer, s: number, e: number): number {
    const key = packedKey(b, s, e);
    if (key !== 0) {
      const keys = this.ikeys;
      const mask = keys.length - 1;
      let x = Math.imul(key, 0x9e3779b1) >>> this.ishift;
      for (; keys[x] !== 0; x = (x + 1) & mask) if (keys[x] === key) return this.iids[x]!;
      if (this.values.length >= CACHE_CAP) return -1;
      const k = this.values.length;
      this.values.push(this.parse(text(b, s, e)));
      keys[x] = key;
      this.iids[x] = k;
      if (++this.packed * 2 > keys.length) this.regrowPacked();
      return k;
    }
    const len = e - s;
    const dv = this.view(b);
    // len ≥ 4 here (shorter cells pack)
    let h = Math.imul(len, 0x9e3779b1) ^ dv.getInt32(s, true);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ dv.getInt32(e - 4, true);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ dv.getInt32(s + (len >> 1) - 2, true);
    h ^= h >>> 16;
    const mask = this.slots.length - 1;
    let x = h & mask;
    for (let k = this.slots[x]!; k !== -1; x = (x + 1) & mask, k = this.slots[x]!) if (this.hashes[k] === h && this.same(k, b, s, e)) return this.ids[k]!;
    if (this.values.length >= CACHE_CAP) return -1;
    return this.insert(x, h, b, s, e);
  }


  private same(k: number, b: Buffer, s: number, e: number): boolean {
    const len = this.lengths[k]!;
    if (len !== e - s) return false;
    const pool = this.poolView;
    const dv = this.view(b);
    const at = this.starts[k]!;
    // four bytes at a time (len ≥ 4 here): the last word may overlap the one before
    let i = 0;
    for (; i + 4 < len; i += 4) if (pool.getInt32(at + i, true) !== dv.getInt32(s + i, true)) return false;
    return pool.getInt32(at + len - 4, true) === dv.getInt32(e - 4, true);
  }

  /**
   * A DataView of the cells' bytes, made once per buffer (a chunk): its getInt32 is one load where four
   * byte loads made a word before (the pooled cells' look-ups took ~25% less in a benchmark on the 1M
   * bench file's cells).
   */
  private view(b: Buffer): DataView<ArrayBufferLike> {
    if (b !== this.viewOf) {
      this.viewOf = b;
      this.cellView = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    return this.cellView;
  }

  private regrowPacked(): void {
    const keys = new Int32Array(this.ikeys.length * 2);
    const ids = new Int32Array(keys.length);
    const mask = keys.length - 1;
    for (let y = 0; y < this.ikeys.length; y++) {
      const key = this.ikeys[y]!;
      if (key === 0) continue;
      let x = Math.imul(key, 0x9e3779b1) >>> (this.ishift - 1);
      while (keys[x] !== 0) x = (x + 1) & mask;
      keys[x] = key;
      ids[x] = this.iids[y]!;
    }
    this.ikeys = keys;
    this.iids = ids;
    this.ishift--;
  }

  private insert(x: number, h: number, b: Buffer, s: number, e: number): number {
    const j = this.pooled;
    if (j === this.hashes.length) {
      this.hashes = grow(this.hashes, j * 2);
      this.starts = grow(this.starts, j * 2);
      this.lengths = grow(this.lengths, j * 2);
      this.ids = grow(this.ids, j * 2);
    }
    if (this.used + (e - s) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + (e - s)));
      pool.set(this.pool);
      this.pool = pool;
      this.poolView = new DataView(pool.buffer);
    }
    this.pool.set(b.subarray(s, e), this.used);
    const k = this.values.length;
    this.values.push(this.parse(text(b, s, e)));
    this.hashes[j] = h;
    this.starts[j] = this.used;
    this.lengths[j] = e - s;
    this.ids[j] = k;
    this.used += e - s;
    this.slots[x] = j;
    this.pooled = j + 1;
    if ((j + 1) * 2 > this.slots.length) {
      // keep the table at most half full
      const slots = new Int32Array(this.slots.length * 2).fill(-1);
      const m = slots.length - 1;
      for (let i = 0; i <= j; i++) {
        let y = this.hashes[i]! & m;
        while (slots[y] !== -1) y = (y + 1) & m;
        slots[y] = i;
      }
      this.slots = slots;
    }
    return k;
  }
}

const text = (b: Buffer, s: number, e: number): string => b.toString('utf8', s, e);

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
 * line ends (at its line break, or n). Self-contained (its constants are byteKind's, written out): the
 * ticket worker runs it from its source text (splitChunk).
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
    if (x === 4 /* LEAD3 */) {
      p += 2;
      continue;
    }
    if (x === 1 /* CELL_END */) {
      if (k < width) {
        cs[k] = cellStart;
        ce[k] = p;
      }
      k++;
      cellStart = p + 1;
    } else if (x === 2 /* LINE_END */) break;
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

/**
 * The tables usccCheck reads: each byte's value in the USCC alphabet (−1 outside it), the alphabet's
 * bytes, and the check character's weights. Self-contained, for the ticket worker.
 */
export function usccTables(alphabet: string): UsccTables {
  const alpha = new Int8Array(256).fill(-1);
  for (let k = 0; k < alphabet.length; k++) alpha[alphabet.charCodeAt(k)] = k;
  return { alpha, code: Uint8Array.from(alphabet, (c) => c.charCodeAt(0)), weights: Int32Array.of(1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28) };
}

export interface UsccTables {
  alpha: Int8Array;
  code: Uint8Array;
  weights: Int32Array;
}

/**
 * usccFault(code) === null, on bytes, for the cell b[s, e): 18 bytes of [0-9A-Z], not digits-E-digits
 * (Excel's exponent: left to validateRows), every character in the alphabet and the check character
 * right. Returns the FNV-1a of the 18 bytes (≥ 0) for a good code, −1 for any other cell.
 * Self-contained, for the ticket worker.
 */
export function usccCheck(b: Uint8Array, s: number, e: number, t: UsccTables): number {
  if (e - s !== 18) return -1;
  let sum = 0;
  let es = 0;
  let digits = 0;
  let h = 0x811c9dc5;
  for (let k = 0; k < 18; k++) {
    const x = b[s + k]!;
    const v = t.alpha[x]!;
    if (v < 0) return -1;
    h = Math.imul(h ^ x, 0x01000193);
    if (v < 10) digits++;
    else if (x === 69) es++;
    if (k < 17) sum += v * t.weights[k]!;
  }
  if (es === 1 && digits === 17 && b[s] !== 69 && b[s + 17] !== 69) return -1;
  const want = 31 - (sum % 31);
  return t.code[want === 31 ? 0 : want] === b[s + 17] ? h >>> 0 : -1;
}

/**
 * The 32-bit fingerprint of a USCC from its FNV-1a (usccCheck's): hash32 of directory.ts over its
 * bytes (ASCII: bytes = code units). Self-contained, for the ticket worker.
 */
export function usccFingerprint(fnv: number): number {
  let h = fnv | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** name.trim() !== '' for the cell b[s, e): ASCII blanks skipped; a lead byte that may start a Unicode space is decoded. Self-contained, for the ticket worker. */
export function isNamed(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const x = b[i]!;
    if (x === 0x20 || x === 0x09) continue;
    if (x < 0x80) return true;
    if (x === 0xe1 || x === 0xe2 || x === 0xe3 || x === 0xef) return b.toString('utf8', i, e).trim() !== '';
    return true;
  }
  return false;
}

/** What splitChunk needs of the header: its width and where the USCC and the name are. */
export interface ChunkShape {
  width: number;
  uscc: number;
  name: number;
}

/** splitChunk's record of a line: where it starts and ends, FLAGS, the USCC's fingerprint, then each cell's end (width of them). */
export const REC_START = 0;
export const REC_END = 1;
export const REC_FLAGS = 2;
export const REC_FINGERPRINT = 3;
export const REC_CELLS = 4;
/** FLAGS: no byte that sends the row the ordinary way (CellBounds.plain) */
export const REC_PLAIN = 1;
/** FLAGS: a line break follows the line */
export const REC_BREAK = 2;
/** FLAGS: plain, as many cells as the header, the USCC good (usccCheck) and the name not blank: the byte reader may take the row */
export const REC_CODE_OK = 4;
/** FLAGS: the line's cell count is FLAGS >>> REC_COUNT_SHIFT */
export const REC_COUNT_SHIFT = 8;

/** Functions splitChunk calls, passed in so that its source text runs the same in the ticket worker. */
export interface ChunkSplitFns {
  splitLine: typeof splitLine;
  usccCheck: typeof usccCheck;
  usccFingerprint: typeof usccFingerprint;
  isNamed: typeof isNamed;
  tables: UsccTables;
}

/**
 * A quote-free, valid UTF-8 chunk cut into lines and cells, one record a line (REC_*): the byte
 * reader's first steps (splitLine, and acceptCode's checks of the shape, the USCC and the name),
 * done for a whole chunk at once so that the ticket worker can do them for the next chunk while the
 * main thread reads this one (about a fifth of the 1M draw's read). One implementation: the main
 * thread calls it too when there is no worker. Self-contained (what it calls comes in `f`): the worker
 * runs it from its source text. Returns the records, back to back (the array may be longer).
 */
export function splitChunk(b: Buffer, kind: Uint8Array, shape: ChunkShape, f: ChunkSplitFns): Int32Array {
  const width = shape.width;
  const stride = 4 + width;
  const n = b.length;
  const c = { start: new Int32Array(width), end: new Int32Array(width), count: 0, plain: true };
  // about 100 bytes a line to begin with: grown by doubling
  let out = new Int32Array(((n >> 6) + 8) * stride);
  let o = 0;
  let p = 0;
  while (p < n) {
    if (o + stride > out.length) {
      const bigger = new Int32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    const rowStart = p;
    p = f.splitLine(b, p, n, kind, c);
    // (a count past 2^24 − 1 is no row's: the row is not taken, and its cells are not read from here)
    let flags = (c.plain ? 1 : 0) | (Math.min(c.count, 0xffffff) << 8);
    let fingerprint = 0;
    const lineEnd = p;
    if (p < n) {
      p += b[p] === 13 && p + 1 < n && b[p + 1] === 10 ? 2 : 1;
      flags |= 2;
    }
    if (c.plain && c.count === width) {
      const fnv = f.usccCheck(b, c.start[shape.uscc]!, c.end[shape.uscc]!, f.tables);
      if (fnv >= 0 && f.isNamed(b, c.start[shape.name]!, c.end[shape.name]!)) {
        flags |= 4;
        fingerprint = f.usccFingerprint(fnv);
      }
    }
    out[o] = rowStart;
    out[o + 1] = lineEnd;
    out[o + 2] = flags;
    out[o + 3] = fingerprint;
    for (let k = 0; k < width; k++) out[o + 4 + k] = c.end[k]!;
    o += stride;
  }
  return out.subarray(0, o);
}

/**
 * splitChunk on another thread (the ticket worker's): chunks are sent in file order and their records
 * taken back in the same order.
 */
export interface ChunkSplitter {
  /** hash: the chunk's bytes are also the next bytes of `hashes` (the caller then does not update it with them) */
  send(chunk: Buffer, kind: Uint8Array, shape: ChunkShape, hash: boolean): void;
  take(): Int32Array;
  /** the input hash (directory.ts InputHash) a send with `hash` updates, if any */
  readonly hashes: object | null;
}

/** The functions splitChunk calls, on this thread. */
export const CHUNK_SPLIT_FNS: ChunkSplitFns = { splitLine, usccCheck, usccFingerprint, isNamed, tables: usccTables(USCC_ALPHABET) };

/** Cells of a splitChunk record into c, as splitLine would have placed them (the ends are stored; each start is the cell before's end + 1). */
export function recordCells(recs: Int32Array, o: number, c: CellBounds): void {
  const width = c.start.length;
  const flags = recs[o + REC_FLAGS]!;
  c.count = flags >>> REC_COUNT_SHIFT;
  c.plain = (flags & REC_PLAIN) !== 0;
  let s = recs[o + REC_START]!;
  const cells = Math.min(width, c.count);
  for (let k = 0; k < cells; k++) {
    c.start[k] = s;
    const e = recs[o + REC_CELLS + k]!;
    c.end[k] = e;
    s = e + 1;
  }
}

export interface ByteRow {
  /** the employer of an accepted row, null if the row must be judged the ordinary way */
  employer: (b: Buffer, cells: CellBounds, line: number, names: boolean, extras: boolean) => Employer | null;
  /** whether employer() would accept the row; the row's cells are then kept for built, profileOf, lastInspected */
  accept: (b: Buffer, cells: CellBounds) => boolean;
  /** accept's second step, for a row whose shape, USCC and name splitChunk has checked: the typed cells */
  acceptCells: (b: Buffer, cells: CellBounds) => boolean;
  /** the Employer of the row accept() has just taken */
  built: (b: Buffer, cells: CellBounds, line: number, names: boolean, extras: boolean) => Employer;
  /**
   * the profile of the row accept() has just taken, for this sink: looked up by the ids of its cells in
   * sink.fields, made by sink.profile(the row's Employer) when first seen; −1 when it cannot be (a column
   * with more distinct cells than its cache holds, or more profiles than PROFILE_CAP)
   */
  profileOf: (sink: ProfiledSink, b: Buffer, cells: CellBounds, line: number) => number;
  /** the last inspection date of the row accept() has just taken */
  lastInspected: () => string | null;
  /** where the accepted row's USCC (18 ASCII bytes) starts */
  usccAt: (cells: CellBounds) => number;
  /** the header's width and where the USCC and the name are (splitChunk's checks are acceptCode's) */
  shape: ChunkShape;
}

/** The Employer fields a profile can be made of (all but the USCC, name, last inspection, line, extras). */
const PROFILE_FIELDS: readonly JudgedField[] = ['type', 'industry', 'region', 'employees', 'complaints', 'abnormal', 'seriousViolation', 'key'];

/**
 * Where the draw's columns take the common row without an Employer object. Rows that agree in
 * `fields` are one profile: the sink judges the first such row whole (`profile`, which returns the
 * sink's own number for it) and gets every row as (that number, last inspection, USCC bytes). A sink
 * may leave out a field only if what it computes per profile does not read it.
 */
export interface ProfiledSink {
  readonly fields: readonly JudgedField[];
  profile(e: Employer): number;
  /** code: the row's USCC is the 18 bytes code[at … at+18) (valid, upper-case ASCII) */
  row(profile: number, lastInspected: string | null, code: Uint8Array, at: number): void;
}

/** profiles a read remembers; past that, rows of a new profile go to the sink as Employers */
const PROFILE_CAP = 1 << 16;

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
  // the typed cells, in this order: PROFILE_FIELDS, then last_inspected
  const KEYS = ['type', 'industry', 'region', 'employees', 'complaints', 'abnormal', 'serious_violation', 'key', 'last_inspected'];
  const LAST = 8;
  const caches = KEYS.map((key) => {
    const type = cols.find((x) => x.key === key)!.type;
    return new CellCache((raw) => {
      const p = parseCell(type, raw);
      return 'error' in p ? BAD : p.value;
    });
  });
  /** the column of each typed cell, −1 if the header lacks it (read as an empty cell) */
  const column = Int32Array.from(KEYS, (key) => at(key) ?? -1);
  /** the accepted row's cells: ids (−1: past the cache) and values */
  const ids = new Int32Array(KEYS.length);
  const vals: Cached[] = new Array<Cached>(KEYS.length).fill(null);

  const tables = CHUNK_SPLIT_FNS.tables;
  const acceptCode = (b: Buffer, c: CellBounds): boolean => {
    if (!c.plain || c.count !== header.length) return false;
    if (usccCheck(b, c.start[iU]!, c.end[iU]!, tables) < 0) return false;
    return isNamed(b, c.start[iName]!, c.end[iName]!);
  };
  const accept = (b: Buffer, c: CellBounds): boolean => acceptCode(b, c) && acceptCells(b, c);
  const acceptCells = (b: Buffer, c: CellBounds): boolean => {
    for (let f = 0; f < KEYS.length; f++) {
      const i = column[f]!;
      const s = i < 0 ? 0 : c.start[i]!;
      const e = i < 0 ? 0 : c.end[i]!;
      const cache = caches[f]!;
      const id = cache.id(b, s, e);
      const v = id >= 0 ? cache.values[id]! : cache.get(b, s, e);
      if (v === BAD) return false;
      ids[f] = id;
      vals[f] = v;
    }
    return true;
  };

  /** names, extras: with its name (else ''), with its extra columns (else none); fetch wants both, the draw's stream neither */
  const built = (b: Buffer, c: CellBounds, line: number, names: boolean, extras: boolean): Employer => {
    const us = c.start[iU]!;
    return {
      uscc: String.fromCharCode(b[us]!, b[us + 1]!, b[us + 2]!, b[us + 3]!, b[us + 4]!, b[us + 5]!, b[us + 6]!, b[us + 7]!, b[us + 8]!, b[us + 9]!, b[us + 10]!, b[us + 11]!, b[us + 12]!, b[us + 13]!, b[us + 14]!, b[us + 15]!, b[us + 16]!, b[us + 17]!),
      name: names ? b.toString('utf8', c.start[iName]!, c.end[iName]!).trim() : '',
      type: (vals[0] as UnitType | null) ?? null,
      industry: (vals[1] as string | null) ?? null,
      region: (vals[2] as string | null) ?? null,
      employees: (vals[3] as number | null) ?? null,
      complaints: (vals[4] as number | null) ?? 0,
      abnormal: vals[5] === true,
      seriousViolation: vals[6] === true,
      key: vals[7] === true,
      lastInspected: (vals[LAST] as string | null) ?? null,
      line,
      extra: extras && map.extra.length ? map.extra.map((i) => [header[i]!, b.toString('utf8', c.start[i]!, c.end[i]!)]) : NO_EXTRA,
    };
  };

  const employer = (b: Buffer, c: CellBounds, line: number, names: boolean, extras: boolean): Employer | null =>
    accept(b, c) ? built(b, c, line, names, extras) : null;

  // ---- profiles: an open-addressing table over the ids of the sink's fields
  let sinkOf: ProfiledSink | null = null;
  let fields = new Int32Array(0);
  let keys = new Int32Array(0);
  let results = new Int32Array(0);
  let slots = new Int32Array(0);
  let count = 0;
  const hashIds = (row: Int32Array, at: number): number => {
    let h = 0x811c9dc5;
    for (let f = 0; f < fields.length; f++) h = Math.imul(h ^ row[at + f]!, 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  };
  let packed = true;
  let width = new Int32Array(0);
  let shift = new Int32Array(0);
  let pshift = 32 - 7;
  let packedKeys = new Int32Array(64);
  /** the slots again, for n slots, from the kept ids (packed or not) */
  const reslot = (n: number) => {
    const w = fields.length;
    slots = new Int32Array(n).fill(-1);
    pshift = 32 - Math.log2(n);
    const m = n - 1;
    for (let k = 0; k < count; k++) {
      let y = packed ? Math.imul(packedKeys[k]!, 0x9e3779b1) >>> pshift : hashIds(keys, k * w) & m;
      while (slots[y] !== -1) y = (y + 1) & m;
      slots[y] = k;
    }
  };
  /** field f's ids now reach id: wider, and the kept profiles packed again (or no longer packed) */
  const widen = (f: number, id: number) => {
    width[f] = 32 - Math.clz32(id);
    let at = 0;
    for (let g = 0; g < width.length; g++) {
      shift[g] = at;
      at += width[g]!;
    }
    if (at > 31) packed = false;
    else {
      const w = fields.length;
      for (let k = 0; k < count; k++) {
        let key = 0;
        for (let g = 0; g < w; g++) key |= keys[k * w + g]! << shift[g]!;
        packedKeys[k] = key;
      }
    }
    reslot(slots.length);
  };
  const profileOf = (sink: ProfiledSink, b: Buffer, c: CellBounds, line: number): number => {
    if (sinkOf !== sink) {
      sinkOf = sink;
      fields = Int32Array.from(sink.fields, (f) => PROFILE_FIELDS.indexOf(f));
      keys = new Int32Array(fields.length * 64);
      results = new Int32Array(64);
      packedKeys = new Int32Array(64);
      width = new Int32Array(fields.length);
      shift = new Int32Array(fields.length);
      packed = true;
      count = 0;
      slots = new Int32Array(128).fill(-1);
      pshift = 32 - 7;
    }
    const w = fields.length;
    // the ids packed in one number while they fit in 31 bits (each field as wide as its largest id so
    // far): one compare a look-up; past that, the ids are compared one by one
    let key = 0;
    if (packed) {
      for (let f = 0; f < w; f++) {
        const id = ids[fields[f]!]!;
        if (id >>> width[f]! !== 0) {
          if (id < 0) return -1;
          widen(f, id);
          if (!packed) break;
          f = -1;
          key = 0;
          continue;
        }
        key |= id << shift[f]!;
      }
    }
    let x: number;
    if (packed) {
      const mask = slots.length - 1;
      x = Math.imul(key, 0x9e3779b1) >>> pshift;
      for (let k = slots[x]!; k !== -1; x = (x + 1) & mask, k = slots[x]!) if (packedKeys[k] === key) return results[k]!;
    } else {
      for (let f = 0; f < w; f++) if (ids[fields[f]!]! < 0) return -1;
      let h = 0x811c9dc5;
      for (let f = 0; f < w; f++) h = Math.imul(h ^ ids[fields[f]!]!, 0x01000193);
      h = (h ^ (h >>> 15)) >>> 0;
      const mask = slots.length - 1;
      x = h & mask;
      probe: for (let k = slots[x]!; k !== -1; x = (x + 1) & mask, k = slots[x]!) {
        for (let f = 0; f < w; f++) if (keys[k * w + f] !== ids[fields[f]!]) continue probe;
        return results[k]!;
      }
    }
    if (count >= PROFILE_CAP) return -1;
    const r = sink.profile(built(b, c, line, false, false));
    if (count === results.length) {
      const k2 = new Int32Array(keys.length * 2);
      k2.set(keys);
      keys = k2;
      const r2 = new Int32Array(results.length * 2);
      r2.set(results);
      results = r2;
    }
    for (let f = 0; f < w; f++) keys[count * w + f] = ids[fields[f]!]!;
    if (count === packedKeys.length) {
      const p2 = new Int32Array(count * 2);
      p2.set(packedKeys);
      packedKeys = p2;
    }
    packedKeys[count] = key;
    results[count] = r;
    slots[x] = count++;
    // keep the table at most half full
    if (count * 2 > slots.length) reslot(slots.length * 2);
    return r;
  };

  return {
    employer,
    accept,
    acceptCells,
    built,
    profileOf,
    lastInspected: () => (vals[LAST] as string | null) ?? null,
    usccAt: (c) => c.start[iU]!,
    shape: { width: header.length, uscc: iU, name: iName },
  };
}
