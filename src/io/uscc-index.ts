/**
 * The directory's USCC uniqueness index (src/io/directory.ts): for each row with a valid code, its
 * ordinal, found by a 32-bit fingerprint of the code. Open addressing with linear probing; a slot keeps
 * the ordinal (4 bytes) and 16 bits of the fingerprint (2 bytes), so a probe that meets another code's
 * slot is told apart without reading anything else, and the one in 65,536 that is not is confirmed
 * against the row itself by the caller (as a real duplicate is). No fingerprint is kept by row: that
 * column (4 bytes a row) and a table of ordinals rounded up to a power of two were ~110 MB of a 10^7-row
 * draw's peak; this is ~7.5 bytes a row.
 *
 * A table is sized for the rows the caller expects, at load 0.8 (any size: the home slot is the
 * fingerprint scaled to the table, not masked). If the estimate proves short, a further table is added
 * for the rows still expected once the last one is 90% full, and a lookup asks each in turn: nothing is
 * ever copied or rehashed (which would need every fingerprint again, and old and new tables at once).
 */

const LOAD = 0.8;
const FULL = 0.9;
const MIN_SLOTS = 1024;

interface Table {
  /** ordinal + 1; 0 is an empty slot (a fresh table needs no fill) */
  ord: Int32Array;
  tag: Uint16Array;
  used: number;
  limit: number;
}

export class UsccIndex {
  private readonly tables: Table[] = [];

  /** `rows`: how many rows are expected; `more()`: how many are still expected, asked if a table fills up. */
  constructor(
    rows: number,
    private readonly more: () => number,
  ) {
    this.addTable(rows);
  }

  private addTable(rows: number): void {
    const n = Math.max(MIN_SLOTS, Math.ceil(rows / LOAD));
    this.tables.push({ ord: new Int32Array(n), tag: new Uint16Array(n), used: 0, limit: Math.floor(n * FULL) });
  }

  /** how many tables there are (1 unless the estimate was short) */
  get tableCount(): number {
    return this.tables.length;
  }

  /**
   * Calls `same` with the ordinal of each recorded row whose fingerprint may be `h` (all of them with
   * it, and by chance others sharing its 16 bits), until `same` returns a value other than undefined,
   * which is returned.
   */
  find<T>(h: number, same: (ordinal: number) => T | undefined): T | undefined {
    const tag = h & 0xffff;
    for (const t of this.tables) {
      const n = t.ord.length;
      const { ord, tag: tags } = t;
      for (let x = home(h, n); ord[x] !== 0; x = x + 1 === n ? 0 : x + 1) {
        if (tags[x] !== tag) continue;
        const r = same(ord[x]! - 1);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }

  /**
   * The home slot of h in the table rows now go to, read ahead of need: the byte reader asks while it
   * still has the row's cells to look up, so that the cache miss on a table larger than the CPU's
   * caches overlaps that work. 0 only if h is surely new (the slot is empty and there is no other table).
   */
  touch(h: number): number {
    const t = this.tables[this.tables.length - 1]!;
    const v = t.ord[home(h, t.ord.length)]!;
    return this.tables.length === 1 ? v : v | 1;
  }

  /** Whether a recorded row's fingerprint may be h (its 16 bits met on h's probe path in some table). */
  mayHave(h: number): boolean {
    const tag = h & 0xffff;
    for (const t of this.tables) {
      const n = t.ord.length;
      const { ord, tag: tags } = t;
      for (let x = home(h, n); ord[x] !== 0; x = x + 1 === n ? 0 : x + 1) if (tags[x] === tag) return true;
    }
    return false;
  }

  /** Records row `ordinal` with fingerprint h. */
  insert(ordinal: number, h: number): void {
    let t = this.tables[this.tables.length - 1]!;
    if (t.used >= t.limit) {
      this.addTable(Math.max(this.more(), t.ord.length >>> 3));
      t = this.tables[this.tables.length - 1]!;
    }
    const n = t.ord.length;
    let x = home(h, n);
    while (t.ord[x] !== 0) x = x + 1 === n ? 0 : x + 1;
    t.ord[x] = ordinal + 1;
    t.tag[x] = h & 0xffff;
    t.used++;
  }
}

/** the home slot: the fingerprint's high bits scaled to the table (its low 16 bits are the tag) */
function home(h: number, n: number): number {
  return Math.min(n - 1, Math.floor(((h >>> 0) / 4294967296) * n));
}
