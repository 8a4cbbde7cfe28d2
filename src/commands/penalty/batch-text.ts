import { flagText, formatReason } from '../../ui/penalty-render.js';
import type { FactSpec, FlagName, Reason, Result, Rule } from '../../core/penalty/types.js';
import { parseFactValue, type FactParse } from '../../core/penalty/facts.js';
import { csvCell, isFormulaStartCode, isSpaceCode } from '../../io/csv.js';

/**
 * penalty --batch renders the same few texts on most of its rows (the version chosen, the
 * conditions of the level that held, "cannot judge 第三十三条: missing …", each review flag). These
 * memos render each distinct text once. A text is looked up by the tuple of exactly the fields its
 * renderer reads, through one Map per position of the tuple: a string key built per row cost more
 * than the rendering it saved (benchmark, issue 14).
 */

/**
 * A text as a cell shows it (`raw`, for a workbook) and as csvCell writes it (`csv`), with what a
 * cell joined from several texts needs: the text with its quotes doubled and whether it holds a
 * character that makes csvCell quote. Made once per distinct text.
 */
export interface CellText {
  raw: string;
  csv: string;
  doubled: string;
  special: boolean;
  /** how often it was written: from the second time on, its UTF-8 bytes are kept and copied (RecordBytes) */
  uses: number;
  csvBytes: Buffer | null;
  rawBytes: Buffer | null;
  doubledBytes: Buffer | null;
}

const SPECIAL = /[",\r\n]/;

export function cellText(raw: string): CellText {
  return { raw, csv: csvCell(raw), doubled: raw.includes('"') ? raw.replace(/"/g, '""') : raw, special: SPECIAL.test(raw), uses: 0, csvBytes: null, rawBytes: null, doubledBytes: null };
}

/**
 * How csvCell writes the parts joined by the separator, from the parts' own facts: -1 when an empty
 * part or separator moves the first or last character elsewhere (then only the joined text says),
 * else bit 1 for the formula apostrophe and bit 2 for the quotes. Quoted when any part or the
 * separator holds a quote, comma or line break, or the whole starts or ends with whitespace.
 */
function joinShape(parts: readonly CellText[], sep: CellText): number {
  const n = parts.length;
  let special = n > 1 && sep.special;
  let empty = sep.raw.length === 0;
  for (let i = 0; i < n; i++) {
    const p = parts[i]!;
    if (p.special) special = true;
    if (p.raw.length === 0) empty = true;
  }
  if (n === 0 || empty) return -1;
  const first = parts[0]!.raw.charCodeAt(0);
  const lastRaw = parts[n - 1]!.raw;
  const formula = isFormulaStartCode(first);
  const quote = special || (!formula && isSpaceCode(first)) || isSpaceCode(lastRaw.charCodeAt(lastRaw.length - 1));
  return (formula ? 1 : 0) | (quote ? 2 : 0);
}


/** Bytes are gathered in pieces of this size; a worker hands its pieces over whole. */
const PIECE = 8 << 20;
const COMMA = 44;
const QUOTE = 34;
const APOSTROPHE = 39;
const CRLF = Buffer.from('\r\n');

/**
 * penalty --batch's UTF-8 CSV records written as bytes, cell by cell. A text written on many rows
 * (a CellText used twice) is encoded once and its bytes copied from then on, so the ~90 MB of a
 * 100,000-case batch are not encoded again row by row. The bytes are csvCell's text in UTF-8, as
 * CsvWriter writes it (test/unit/penalty-batch-text.test.ts).
 */
export class RecordBytes {
  private used = 0;
  private readonly pieces: Buffer[] = [];

  // a small batch gets small pieces: each piece is twice the last, up to PIECE
  private buf = Buffer.allocUnsafe(1 << 16);

  private room(n: number): void {
    if (this.buf.length - this.used >= n) return;
    if (this.used) this.pieces.push(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(Math.max(Math.min(PIECE, this.buf.length * 2), n));
    this.used = 0;
  }

  /** Text already through csvCell, as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const b = this.buf;
    const u = this.used;
    // short ASCII (amounts, counts, dates) byte by byte: a call into the encoder costs more
    if (n <= 32) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[u + i] = c;
      }
      if (i === n) {
        this.used = u + n;
        return;
      }
    }
    this.used = u + b.write(s, u);
  }

  private byte(c: number): void {
    this.room(1);
    this.buf[this.used++] = c;
  }

  private bytes(x: Buffer): void {
    const n = x.length;
    this.room(n);
    const b = this.buf;
    const u = this.used;
    // a short text byte by byte: TypedArray set() costs ~100 ns a call whatever the length
    if (n <= 24) for (let i = 0; i < n; i++) b[u + i] = x[i]!;
    else b.set(x, u);
    this.used = u + n;
  }

  /** The first cell of a record: a raw cell through csvCell. */
  first(raw: string): void {
    if (raw.length) this.plain(raw);
  }

  /** A further cell: a raw cell through csvCell. */
  raw(raw: string): void {
    this.byte(COMMA);
    if (raw.length) this.plain(raw);
  }

  /**
   * csvCell(s) for a non-empty s. Most cells (counts, amounts, dates, rule ids) are short printable
   * ASCII that csvCell leaves as it is: no formula start, no whitespace at either end, no quote,
   * comma or control character. Those are copied as they are checked; any other goes through csvCell.
   */
  private plain(s: string): void {
    const n = s.length;
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(n - 1);
    if (n <= 32 && first > 32 && first < 127 && last > 32 && last < 127 && !isFormulaStartCode(first)) {
      this.room(n);
      const b = this.buf;
      const u = this.used;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 32 || c >= 127 || c === QUOTE || c === COMMA) break;
        b[u + i] = c;
      }
      if (i === n) {
        this.used = u + n;
        return;
      }
    }
    this.text(csvCell(s));
  }

  /** A further cell: a text's csvCell. */
  cell(x: CellText): void {
    this.byte(COMMA);
    if (x.csvBytes !== null) this.bytes(x.csvBytes);
    else if (++x.uses > 1) this.bytes((x.csvBytes = Buffer.from(x.csv, 'utf8')));
    else this.text(x.csv);
  }

  private part(x: CellText, doubled: boolean): void {
    if (doubled) {
      if (x.doubledBytes !== null) this.bytes(x.doubledBytes);
      else if (++x.uses > 1) this.bytes((x.doubledBytes = Buffer.from(x.doubled, 'utf8')));
      else this.text(x.doubled);
    } else if (x.rawBytes !== null) this.bytes(x.rawBytes);
    else if (++x.uses > 1) this.bytes((x.rawBytes = Buffer.from(x.raw, 'utf8')));
    else this.text(x.raw);
  }

  /**
   * A further cell: csvCell(parts.map((p) => p.raw).join(sep.raw)), from the parts' own facts
   * (joinShape) and bytes; a formula start gets the apostrophe (test/unit/penalty-batch-text.test.ts
   * compares it with csvCell).
   */
  joined(parts: readonly CellText[], sep: CellText): void {
    const shape = joinShape(parts, sep);
    if (shape < 0) return this.raw(parts.map((p) => p.raw).join(sep.raw));
    this.byte(COMMA);
    const quoted = (shape & 2) !== 0;
    if (quoted) this.byte(QUOTE);
    if (shape & 1) this.byte(APOSTROPHE);
    this.part(parts[0]!, quoted);
    for (let i = 1; i < parts.length; i++) {
      this.part(sep, quoted);
      this.part(parts[i]!, quoted);
    }
    if (quoted) this.byte(QUOTE);
  }

  /** Ends a record. */
  end(): void {
    this.bytes(CRLF);
  }

  /** The records' bytes so far, in pieces; the writer starts afresh. */
  finish(): Buffer[] {
    if (this.used) this.pieces.push(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(1 << 16);
    this.used = 0;
    return this.pieces.splice(0);
  }
}

const END = Symbol('end');
type Node = Map<unknown, unknown>;

/** Texts keyed by tuples of primitives; at most `limit` texts are kept, later ones are rendered every time. */
export class TupleMemo {
  private readonly root: Node = new Map();
  private size = 0;
  constructor(private readonly limit: number) {}

  /** The text at `key`, or undefined. The key is only read. */
  get(key: readonly unknown[]): CellText | undefined {
    let n: Node | undefined = this.root;
    for (let i = 0; i < key.length; i++) {
      n = n.get(key[i]) as Node | undefined;
      if (n === undefined) return undefined;
    }
    return n.get(END) as CellText | undefined;
  }

  set(key: readonly unknown[], text: CellText): void {
    if (this.size >= this.limit) return;
    let n: Node = this.root;
    for (let i = 0; i < key.length; i++) {
      let next = n.get(key[i]) as Node | undefined;
      if (next === undefined) n.set(key[i], (next = new Map()));
      n = next;
    }
    if (!n.has(END)) this.size++;
    n.set(END, text);
  }
}

/** Distinct texts kept per rule and kind: the values of an amount are many, of a flag or a date few. */
const TEXT_CACHE_LIMIT = 16_384;

/** Pushes a list onto a key with its length first, so that no two lists share a key. */
function pushList(key: unknown[], list: readonly unknown[]): void {
  key.push(list.length);
  for (let i = 0; i < list.length; i++) key.push(list[i]);
}

/** The kinds whose text reads nothing but the kind. */
const PLAIN_REASONS = new Set<Reason['kind']>(['limitationUnchecked', 'exemptShall', 'exemptionNotApplicable', 'reducedNoFloor', 'fineOptional']);

/**
 * The tuple of the fields formatReason reads for the kinds with lists and several fields, or false
 * for the kinds that are rendered every time (their texts carry a row's own dates or amounts).
 */
function reasonKey(x: Reason, key: unknown[]): boolean {
  key.push(x.kind);
  switch (x.kind) {
    case 'exemptionUndetermined':
      pushList(key, x.missing);
      return true;
    case 'measureUndetermined':
      key.push(x.measure);
      pushList(key, x.missing);
      return true;
    case 'criminal':
      key.push(x.value);
      pushList(key, x.missing);
      pushList(key, x.basis);
      return true;
    case 'orderFirst':
      key.push(x.ignored);
      return true;
    case 'exemptMay':
      key.push(x.listed, x.harm);
      return true;
    case 'basisPending':
      key.push(x.note);
      return true;
    case 'adjustmentOverridden':
      key.push(x.adjustment, x.by);
      return true;
    case 'adjustment':
      key.push(x.adjustment, x.share);
      return true;
    default:
      return false;
  }
}

/** The tuple of the fields flagText reads for this flag of this result. */
function flagKey(name: FlagName, r: Result, key: unknown[]): void {
  const f = r.flags[name];
  // noFine reads the nature, criminalRule the criminal flag's value
  key.push(name, f.value, r.nature, r.flags.criminal.value, f.why.length);
  for (const w of f.why) {
    key.push(w.by);
    switch (w.by) {
      case 'amount':
        key.push(w.amount, w.threshold, w.met, w.proposed, w.party);
        break;
      case 'measure':
        key.push(w.measure, w.kind, w.pending);
        break;
      case 'confiscation':
        key.push(w.measure, w.amount, w.threshold, w.party, w.met, w.fact, w.pending);
        break;
      case 'referral':
        key.push(w.value);
        break;
      case 'adjustment':
        key.push(w.adjustment);
        break;
      case 'missing':
        pushList(key, w.facts);
        break;
      case 'criminalRule':
      case 'hearingHeld':
      case 'noFine':
      case 'notPunishable':
      case 'noRule':
        break;
      default: {
        // a new kind of why must say here what its words read, or the memo would mix its texts
        const unknown: never = w;
        throw new Error(`flagKey: ${String((unknown as { by: string }).by)}`);
      }
    }
  }
}

const FLAG_INDEX: Record<FlagName, number> = { dual: 0, legal: 1, hearing: 2, criminal: 3 };
const flagValueIndex = (v: boolean | null) => (v === null ? 2 : v ? 1 : 0);
/** The whys whose words read only the flag, the result's nature and the criminal flag's value. */
const PLAIN_WHYS: Record<string, number> = { noRule: 1, notPunishable: 2, noFine: 3, criminalRule: 4, hearingHeld: 5 };

interface RuleTexts {
  /** a condition's text by the comparison, whether it held, and the case's value */
  conditions: Map<unknown, { held: ValueMemo<unknown>; failed: ValueMemo<unknown> }>;
  versions: { chosen: string; other: string | undefined; why: string; text: CellText }[];
  plain: Map<string, CellText>;
  reasons: TupleMemo;
  /** a flag with one why of the plain kinds, by a small number made of everything its words read */
  plainFlags: Map<number, CellText>;
  /**
   * a flag with one amount why: by the small fields, then the threshold (an office has a few), then
   * the amount (often a new one per case: no Map is made for it)
   */
  amountFlags: Map<number, Map<bigint, ValueMemo<bigint>>>;
  flags: TupleMemo;
}

/**
 * Texts by a value of the case (a count, an amount). Counts repeat; amounts seldom do, and a text
 * kept for each would only be copied by the young-generation collector and promoted (a 100,000-case
 * batch spent more in the collector than the memo saved): once it has missed often and been hit
 * seldom, it keeps no more texts and answers from those it has.
 */
export class ValueMemo<K> {
  private readonly map = new Map<K, CellText>();
  private hits = 0;
  private misses = 0;

  get(key: K): CellText | undefined {
    const x = this.map.get(key);
    if (x !== undefined) this.hits++;
    return x;
  }

  keep(key: K, text: CellText): CellText {
    // after 256 misses, at least one hit in four lookups is asked of it
    if (++this.misses <= 256 || this.hits * 3 >= this.misses) {
      if (this.map.size < TEXT_CACHE_LIMIT) this.map.set(key, text);
    }
    return text;
  }
}

/** Keeps a text unless the map is full (amounts seldom repeat: a full map only stops growing). */
function keep<K>(map: Map<K, CellText>, key: K, text: CellText): CellText {
  if (map.size < TEXT_CACHE_LIMIT) map.set(key, text);
  return text;
}

/**
 * formatReason and flagText, once per rule and distinct tuple of what they read. Each common kind
 * has its own lookup of one to three Map reads (a generic tuple key cost as much as the rendering).
 */
export function batchTexts(): { reason: (x: Reason, rule: Rule) => CellText; flag: (name: FlagName, r: Result, rule: Rule) => CellText } {
  const byRule = new Map<Rule, RuleTexts>();
  const key: unknown[] = [];
  let lastRule: Rule | undefined;
  let last: RuleTexts | undefined;
  const of = (rule: Rule): RuleTexts => {
    if (rule === lastRule) return last!;
    let t = byRule.get(rule);
    if (!t) {
      t = { conditions: new Map(), versions: [], plain: new Map(), reasons: new TupleMemo(TEXT_CACHE_LIMIT), plainFlags: new Map(), amountFlags: new Map(), flags: new TupleMemo(TEXT_CACHE_LIMIT) };
      byRule.set(rule, t);
    }
    lastRule = rule;
    return (last = t);
  };
  return {
    reason(x, rule) {
      const t = of(rule);
      switch (x.kind) {
        case 'condition': {
          let leaf = t.conditions.get(x.leaf);
          if (!leaf) t.conditions.set(x.leaf, (leaf = { held: new ValueMemo(), failed: new ValueMemo() }));
          const map = x.held ? leaf.held : leaf.failed;
          // Map keys compare as SameValueZero: 1 and 1n and "1" stay apart, as their texts do
          return map.get(x.actual) ?? map.keep(x.actual, cellText(formatReason(x, rule)));
        }
        case 'version': {
          for (const v of t.versions) if (v.chosen === x.chosen && v.other === x.other && v.why === x.why) return v.text;
          const text = cellText(formatReason(x, rule));
          if (t.versions.length < 64) t.versions.push({ chosen: x.chosen, other: x.other, why: x.why, text });
          return text;
        }
        default:
          if (PLAIN_REASONS.has(x.kind)) return t.plain.get(x.kind) ?? keep(t.plain, x.kind, cellText(formatReason(x, rule)));
      }
      key.length = 0;
      if (!reasonKey(x, key)) return cellText(formatReason(x, rule));
      let s = t.reasons.get(key);
      if (s === undefined) t.reasons.set(key, (s = cellText(formatReason(x, rule))));
      return s;
    },
    flag(name, r, rule) {
      const t = of(rule);
      const f = r.flags[name];
      const code = FLAG_INDEX[name] * 3 + flagValueIndex(f.value);
      if (f.why.length === 1) {
        const w = f.why[0]!;
        const plain = PLAIN_WHYS[w.by];
        if (plain !== undefined) {
          const k = ((code * 8 + plain) * 2 + (r.nature === 'order' ? 1 : 0)) * 3 + flagValueIndex(r.flags.criminal.value);
          return t.plainFlags.get(k) ?? keep(t.plainFlags, k, cellText(flagText(name, r, rule)));
        }
        if (w.by === 'amount') {
          const k = (((code * 2 + (w.met ? 1 : 0)) * 2 + (w.proposed ? 1 : 0)) * 2) + (w.party === 'individual' ? 1 : 0);
          let byThreshold = t.amountFlags.get(k);
          if (!byThreshold) t.amountFlags.set(k, (byThreshold = new Map()));
          let byAmount = byThreshold.get(w.threshold);
          if (!byAmount) byThreshold.set(w.threshold, (byAmount = new ValueMemo()));
          return byAmount.get(w.amount) ?? byAmount.keep(w.amount, cellText(flagText(name, r, rule)));
        }
      }
      key.length = 0;
      flagKey(name, r, key);
      let s = t.flags.get(key);
      if (s === undefined) t.flags.set(key, (s = cellText(flagText(name, r, rule))));
      return s;
    },
  };
}

/** Distinct cell values parsed per fact (dates, flags and counts repeat); money mostly does not, hence the cap. */
const PARSE_CACHE_LIMIT = 4096;

/** parseFactValue, once per distinct value of each fact: parse results are primitives and bigints, safe to share. */
export function parseMemo(): (spec: FactSpec, value: unknown) => FactParse {
  const bySpec = new Map<FactSpec, Map<string, FactParse>>();
  return (spec, value) => {
    // amounts seldom repeat: a cache would only fill up
    if (typeof value !== 'string' || spec.type === 'money') return parseFactValue(spec, value);
    let cache = bySpec.get(spec);
    if (!cache) bySpec.set(spec, (cache = new Map()));
    let r = cache.get(value);
    if (r === undefined) {
      r = parseFactValue(spec, value);
      if (cache.size < PARSE_CACHE_LIMIT) cache.set(value, r);
    }
    return r;
  };
}
