import { promises as fs } from 'node:fs';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { DecisionColumns, NO_DATE } from '../core/check/deadline-table.js';
import { DECISION_KINDS, DECISION_SPEC, type DecisionKind } from '../core/records.js';
import { mapHeader, newValidationCarry, parseCell, validateRows, type ValidationCarry } from '../core/table-schema.js';
import { CONTROL_CHARS, excelDamage, parseDate, type IsoDate } from '../core/values.js';
import { isSpaceCode } from './csv.js';
import { decodeText, type DetectedEncoding, type InputEncoding } from './encoding.js';
import { parseCsvFast, type Delimiter } from './fast-csv.js';
import { readInputFile } from './files.js';
import { headerProblems, loadDecisions, type ReadOptions } from './tables.js';
import { fileKind } from './xlsx.js';
import { problemText } from '../ui/problem-text.js';

/**
 * The decisions file for `check deadlines`, streamed: read, decoded, scanned and validated chunk by
 * chunk into compact columns (DecisionColumns), so memory holds the columns, not the file's text,
 * cells and row objects. What it reports is what the whole-file loader (loadDecisions) reports, in
 * the same words and order:
 *  - a chunk ends after the last LF that has an even number of `"` before it since the start of
 *    the file (RFC 4180: such an LF ends a record), so every chunk is whole records; it is scanned by
 *    the same scanner (parseCsvFast) behind a one-cell stand-in header, and its line numbers are
 *    shifted by the lines before it;
 *  - anything the stream cannot reproduce exactly goes to the whole-file path instead: a syntax
 *    error in any chunk (its line and the order of errors are the whole file's), UTF-8 that does not
 *    decode (the whole file decides between a damaged UTF-8 file and a GBK one), a workbook;
 *    GBK/GB18030 and UTF-16 files are decoded whole and then scanned in chunks;
 *  - problems are collected over all chunks (the first PROBLEM_KEEP kept, all counted) and thrown
 *    together after the last chunk; warnings (stripped apostrophes) are given only when there is
 *    no problem, as settle() does.
 */

const CHUNK_BYTES = 1 << 20;
/** how many problems are kept in memory; the rest are counted ("……另有 N 处问题未列出") */
export const PROBLEM_KEEP = 1000;

export interface DecisionReadOptions extends ReadOptions {
  /** only decisions made on or after this day (--since) enter the columns; every row is validated */
  since?: IsoDate | null;
  /** characters per chunk (tests use tiny ones so records cross every boundary) */
  chunkChars?: number;
  /** told when the file was not streamed as UTF-8 (the differential tests check that valid UTF-8 files are) */
  onWholeFile?: () => void;
}

/** A chunk could not be read the way the whole file would be: start again on the whole-file path. */
class WholeFile extends Error {}

export async function loadDecisionColumns(file: string, opts: DecisionReadOptions = {}): Promise<DecisionColumns> {
  try {
    return await streamDecisions(file, opts);
  } catch (e) {
    if (!(e instanceof WholeFile)) throw e;
    opts.onWholeFile?.();
    const loaded = await loadDecisions(file, opts);
    const cols = new DecisionColumns();
    for (const d of loaded.records) if (!opts.since || d.decidedOn >= opts.since) cols.push(d.caseNo, d.kind, d.decidedOn, d.publishedOn, d.revokedOn, d.withdrawnOn, d.line);
    return cols;
  }
}

async function streamDecisions(file: string, opts: DecisionReadOptions): Promise<DecisionColumns> {
  const forced: InputEncoding = opts.encoding ?? 'auto';
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    throw new WholeFile();
  }
  try {
    // tests ask for tiny chunks: then reads are as small, and multi-byte characters straddle them
    const size = opts.chunkChars ?? CHUNK_BYTES;
    const buf = Buffer.alloc(size);
    const read = async () => {
      try {
        return (await handle.read(buf, 0, size, null)).bytesRead;
      } catch {
        // a directory, an unreadable file: the whole-file reader says so in its words
        throw new WholeFile();
      }
    };
    let got = await read();
    const head = buf.subarray(0, got);
    if (fileKind(head, file) !== 'text') throw new WholeFile();
    const utf16 = head[0] === 0xff && head[1] === 0xfe ? true : head[0] === 0xfe && head[1] === 0xff;
    // Not UTF-8 (or not only): decoded whole as decodeText decides, which needs the whole file to tell
    // GBK from damaged UTF-8 and to name the first bad byte; then scanned in chunks all the same.
    const wholeText = async () => {
      await handle.close().catch(() => {});
      const { text, encoding } = decodeText(await readInputFile(file), forced, file);
      const sink = new ChunkSink(file, encoding, opts);
      const step = opts.chunkChars ?? CHUNK_BYTES;
      for (let at = 0; at < text.length; at += step) sink.feed(text.slice(at, at + step));
      return sink.finish();
    };
    if (forced === 'gbk' || forced === 'gb18030' || (forced === 'auto' && utf16)) return await wholeText();
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const sink = new ChunkSink(file, bom ? 'utf8-bom' : 'utf8', opts);
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let first = true;
    let text: string;
    while (got > 0) {
      try {
        text = decoder.decode(buf.subarray(first && bom ? 3 : 0, got), { stream: true });
      } catch {
        opts.onWholeFile?.();
        return await wholeText();
      }
      first = false;
      sink.feed(text);
      got = await read();
    }
    try {
      text = decoder.decode();
    } catch {
      opts.onWholeFile?.();
      return await wholeText();
    }
    sink.feed(text);
    return sink.finish();
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Text in, whole records out to the scanner and the validation, columns and problems kept. */
class ChunkSink {
  private buffered = '';
  /** how far `buffered` has been searched for quotes and line ends */
  private scanned = 0;
  /** whether an odd number of quotes precede `scanned` (since the start of the file) */
  private odd = false;
  /** where the last record in `buffered` found so far ends (after its LF), 0 if none */
  private cut = 0;
  /** the editor line `buffered` starts on */
  private lineAt = 1;
  private header: string[] | null = null;
  private headerBroken = false;
  private delimiter: Delimiter = ',';
  private readonly carry: ValidationCarry = newValidationCarry();
  private readonly problems: Problem[] = [];
  private total = 0;
  private readonly warnings: string[] = [];
  private readonly cols = new DecisionColumns();
  private readonly chunkChars: number;
  private fast: FastRows | null = null;

  constructor(
    private readonly file: string,
    private readonly encoding: DetectedEncoding,
    private readonly opts: DecisionReadOptions,
  ) {
    this.chunkChars = opts.chunkChars ?? CHUNK_BYTES;
  }

  feed(text: string): void {
    if (!text) return;
    this.buffered += text;
    this.scan();
    // The header line alone, when it is plainly one line: the rows after it in the first read then
    // take the fast path like every later chunk.
    if (this.header === null && this.cut > 0) {
      const s = this.buffered;
      const lf = s.indexOf('\n');
      const from = s.charCodeAt(0) === 0xfeff ? 1 : 0;
      const to = lf > 0 && s.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
      const head = s.slice(from, to);
      if (to > from && !head.includes('"') && !head.includes('\r')) {
        this.take(lf + 1);
      }
    }
    if (this.cut > 0 && this.buffered.length >= this.chunkChars) this.take(this.cut);
  }

  /** Hands the first `end` characters of `buffered` (whole records) to chunk(). */
  private take(end: number): void {
    const body = this.buffered.slice(0, end);
    this.buffered = this.buffered.slice(end);
    this.scanned -= end;
    this.cut = Math.max(0, this.cut - end);
    this.chunk(body);
  }

  finish(): DecisionColumns {
    if (this.buffered.length || this.header === null) this.chunk(this.buffered);
    this.buffered = '';
    if (this.total) throw new InputError(m().errors.problemCount(this.total, this.file), this.problems, { total: this.total });
    if (this.opts.warn) for (const w of this.warnings) this.opts.warn(w);
    return this.cols;
  }

  /** Finds the end of the last record in what was added: the last LF with an even number of quotes before it. */
  private scan(): void {
    const s = this.buffered;
    let from = this.scanned;
    for (;;) {
      const q = s.indexOf('"', from);
      const end = q < 0 ? s.length : q;
      if (!this.odd && end > from) {
        const lf = s.lastIndexOf('\n', end - 1);
        if (lf >= from) this.cut = lf + 1;
      }
      if (q < 0) break;
      this.odd = !this.odd;
      from = q + 1;
    }
    this.scanned = s.length;
  }

  private chunk(body: string): void {
    if (this.header === null || this.headerBroken || this.fast === null) {
      this.scanned_(body, this.lineAt);
      this.lineAt += lineBreaks(body);
      return;
    }
    this.lineAt = this.fast.rows(body, this.lineAt, (segment, line) => this.scanned_(segment, line));
  }

  /**
   * Records through the scanner and validateRows (the first chunk, with the header; or rows the
   * fast path does not take), `line` being the editor line the text starts on.
   */
  private scanned_(body: string, line: number): void {
    const first = this.header === null;
    let parsed;
    try {
      parsed = first ? parseCsvFast(body, this.file) : parseCsvFast('x\n' + body, this.file, { delimiter: this.delimiter });
    } catch (e) {
      if (e instanceof InputError) throw new WholeFile();
      throw e;
    }
    const shift = first ? 0 : line - 2;
    if (first) {
      this.header = parsed.header;
      this.delimiter = (parsed.delimiter ?? ',') as Delimiter;
    }
    // a broken header stops validation, but the rest is still scanned: a syntax error anywhere comes first
    if (this.headerBroken) return;
    const rows = parsed.rows;
    if (shift) for (const r of rows) r.line += shift;
    const v = validateRows(DECISION_SPEC, this.header!, rows, this.file, { controls: CONTROL_CHARS.test(body), carry: this.carry });
    let problems = v.problems;
    if (first) {
      problems = headerProblems(problems, this.header!, this.encoding, this.delimiter);
      this.headerBroken = problems.some((p) => p.line === 1);
      if (!this.headerBroken) this.fast = FastRows.of(this.header!, this.delimiter, this.carry, this.cols, this);
    }
    this.total += problems.length;
    for (const p of problems) {
      if (this.problems.length >= PROBLEM_KEEP) break;
      this.problems.push(p);
    }
    if (this.total) return;
    for (const w of v.warnings) this.warnings.push(problemText(w));
    const since = this.opts.since;
    for (const r of v.rows) {
      const x = r.values;
      const decided = x.decided_on as IsoDate;
      if (since && decided < since) continue;
      const date = (v: unknown) => (v === null || v === undefined ? null : (v as IsoDate));
      this.cols.push(x.case_no as string, x.kind as DecisionKind, decided, date(x.published_on), date(x.revoked_on), date(x.withdrawn_on), r.line);
    }
  }

  /** whether rows still go into the columns (not once any problem is found: then only problems are collected) */
  get collecting(): boolean {
    return this.total === 0;
  }

  get since(): IsoDate | null {
    return this.opts.since ?? null;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A case number starting with one of these can be no Excel damage: not a digit, sign or apostrophe, and NFKC keeps it. */
const plainStart = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Parse results by cell text, for cells that repeat (kinds; dates not in the plain form): bounded. */
const CACHE_LIMIT = 4096;
/** kept in a cache only below this length: V8 keeps a longer slice's whole chunk alive */
const CACHE_KEY_CHARS = 13;
const BAD = -2;

/**
 * The rows of a decisions file that need nothing of the general path, read straight from the chunk's
 * text into the columns: one line, no quote, no control character, exactly the header's number of
 * cells, every cell valid (a case number not seen before, a known kind, real dates in order, a
 * readable fine). That is what an office's export is on nearly every row, and for such a row the
 * scanner and validateRows would produce exactly these values and no problem or warning, so only
 * the cells' strings and row objects are skipped. Any other record (and its neighbours of the same
 * kind) goes through the scanner and validateRows as before, in file order, sharing the same
 * uniqueness index, so problems, their order and their lines are the general path's.
 */
class FastRows {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** by (year, month, day) of a cell in the plain form YYYY-MM-DD: 0 not seen yet, -1 not a real day, else its date id + 1 */
  private readonly plainDates = new Int32Array(300 * 13 * 32);
  private readonly otherDates = new Map<string, number>();
  private readonly kinds = new Map<string, number>();
  private readonly fineType = DECISION_SPEC.columns.find((c) => c.key === 'fine')!.type;
  private readonly kindType = DECISION_SPEC.columns.find((c) => c.key === 'kind')!.type;
  private readonly seen: Map<string, number>;
  // the row tryRow accepted
  private rCase = '';
  private rKind = 0;
  private rDecided = 0;
  private rPublished = 0;
  private rRevoked = 0;
  private rWithdrawn = 0;
  private rNext = 0;
  private rBreaks = 0;

  private constructor(
    private readonly width: number,
    private readonly delim: number,
    /** column index of each field, -1 when the file has no such column */
    private readonly at: { caseNo: number; kind: number; decided: number; published: number; revoked: number; withdrawn: number; fine: number },
    carry: ValidationCarry,
    private readonly cols: DecisionColumns,
    private readonly sink: { readonly collecting: boolean; readonly since: IsoDate | null },
  ) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    // the index validateRows keeps for the unique column (it makes the same one when it runs first)
    let seen = carry.seen.get('case_no');
    if (!seen) carry.seen.set('case_no', (seen = new Map()));
    this.seen = seen;
  }

  static of(header: string[], delimiter: Delimiter, carry: ValidationCarry, cols: DecisionColumns, sink: FastRows['sink']): FastRows | null {
    const { map } = mapHeader(DECISION_SPEC, header, '');
    const i = (k: string) => map.index.get(k) ?? -1;
    const at = { caseNo: i('case_no'), kind: i('kind'), decided: i('decided_on'), published: i('published_on'), revoked: i('revoked_on'), withdrawn: i('withdrawn_on'), fine: i('fine') };
    if (at.caseNo < 0 || at.kind < 0 || at.decided < 0) return null;
    return new FastRows(header.length, delimiter.charCodeAt(0), at, carry, cols, sink);
  }

  /**
   * Every record of `s` (whole records, starting on editor line `line`): plain ones into the columns,
   * runs of the others to `general` in order. Returns the editor line after `s`.
   */
  rows(s: string, line: number, general: (segment: string, line: number) => void): number {
    const n = s.length;
    let p = 0;
    let pending = -1;
    let pendingLine = 0;
    const since = this.sink.since;
    while (p < n) {
      if (this.tryRow(s, p)) {
        if (pending >= 0) {
          general(s.slice(pending, p), pendingLine);
          pending = -1;
        }
        // after the rows before it, which may hold the same case number
        if (!this.seen.has(this.rCase)) {
          const caseNo = detach(this.rCase);
          this.seen.set(caseNo, line);
          if (this.sink.collecting && !(since && this.cols.dates[this.rDecided]! < since)) {
            this.cols.pushIds(caseNo, this.rKind, this.rDecided, this.rPublished, this.rRevoked, this.rWithdrawn, line);
          }
          p = this.rNext;
          line += this.rBreaks;
          continue;
        }
      }
      if (pending < 0) {
        pending = p;
        pendingLine = line;
      }
      // to the end of the record, as the scanner would find it: the first line break outside quotes
      let quoted = false;
      let q = p;
      for (; q < n; q++) {
        const c = s.charCodeAt(q);
        if (c === QUOTE) quoted = !quoted;
        else if (c === LF) {
          line++;
          if (!quoted) {
            q++;
            break;
          }
        } else if (c === CR) {
          line++;
          if (s.charCodeAt(q + 1) === LF) q++;
          if (!quoted) {
            q++;
            break;
          }
        }
      }
      p = q;
    }
    if (pending >= 0) general(s.slice(pending), pendingLine);
    return line;
  }

  /** Whether the record at p is plain and valid (its case number not yet checked against the index); if so, its values in r*. */
  private tryRow(s: string, p: number): boolean {
    const n = s.length;
    const width = this.width;
    const D = this.delim;
    const starts = this.starts;
    const ends = this.ends;
    let j = 0;
    starts[0] = p;
    let q = p;
    for (;;) {
      if (q >= n) {
        this.rNext = n;
        this.rBreaks = 0;
        break;
      }
      const c = s.charCodeAt(q);
      if (c === D) {
        ends[j] = q;
        if (++j === width) return false;
        starts[j] = q + 1;
      } else if (c === LF) {
        this.rNext = q + 1;
        this.rBreaks = 1;
        break;
      } else if (c === CR) {
        if (s.charCodeAt(q + 1) !== LF) return false;
        this.rNext = q + 2;
        this.rBreaks = 1;
        break;
      } else if (c === QUOTE || c < 32 || (c >= 0x7f && c <= 0x9f)) return false;
      q++;
    }
    ends[j] = q;
    if (j !== width - 1) return false;
    const at = this.at;
    // 案号: required, unique, a code Excel may have damaged; the value is the trimmed text
    const a = starts[at.caseNo]!;
    const b = ends[at.caseNo]!;
    if (a === b || isSpaceCode(s.charCodeAt(a)) || isSpaceCode(s.charCodeAt(b - 1))) return false;
    const caseNo = s.slice(a, b);
    if (!plainStart(s.charCodeAt(a)) && excelDamage(caseNo) !== null) return false;
    const kind = this.kindAt(s, starts[at.kind]!, ends[at.kind]!);
    if (kind < 0) return false;
    const decided = this.dateAt(s, starts[at.decided]!, ends[at.decided]!);
    if (decided < 0) return false;
    const published = at.published < 0 ? NO_DATE : this.dateAt(s, starts[at.published]!, ends[at.published]!);
    const revoked = at.revoked < 0 ? NO_DATE : this.dateAt(s, starts[at.revoked]!, ends[at.revoked]!);
    const withdrawn = at.withdrawn < 0 ? NO_DATE : this.dateAt(s, starts[at.withdrawn]!, ends[at.withdrawn]!);
    if (published === BAD || revoked === BAD || withdrawn === BAD) return false;
    const dates = this.cols.dates;
    // 公示日期 and 撤销日期 not before 决定日期 (ISO dates compare as text)
    if (published >= 0 && dates[published]! < dates[decided]!) return false;
    if (revoked >= 0 && dates[revoked]! < dates[decided]!) return false;
    if (at.fine >= 0 && ends[at.fine]! > starts[at.fine]! && 'error' in parseCell(this.fineType, s.slice(starts[at.fine]!, ends[at.fine]!))) return false;
    this.rCase = caseNo;
    this.rKind = kind;
    this.rDecided = decided;
    this.rPublished = published;
    this.rRevoked = revoked;
    this.rWithdrawn = withdrawn;
    return true;
  }

  /** The kind's index in DECISION_KINDS, or -1 when the cell is empty or not a kind. */
  private kindAt(s: string, a: number, b: number): number {
    const raw = s.slice(a, b);
    let k = this.kinds.get(raw);
    if (k === undefined) {
      const r = parseCell(this.kindType, raw);
      k = 'error' in r || r.value === null ? -1 : DECISION_KINDS.indexOf(r.value as DecisionKind);
      if (raw.length < CACHE_KEY_CHARS && this.kinds.size < CACHE_LIMIT) this.kinds.set(raw, k);
    }
    return k;
  }

  /** The cell's date id, NO_DATE for an empty cell, BAD when it is not a date. */
  private dateAt(s: string, a: number, b: number): number {
    if (a === b) return NO_DATE;
    if (b - a === 10 && s.charCodeAt(a + 4) === 45 && s.charCodeAt(a + 7) === 45) {
      const y = digits(s, a, 4);
      const mo = digits(s, a + 5, 2);
      const d = digits(s, a + 8, 2);
      if (y >= 1900 && y < 2200 && mo >= 0 && mo <= 12 && d >= 0 && d <= 31) {
        const key = ((y - 1900) * 13 + mo) * 32 + d;
        const known = this.plainDates[key]!;
        if (known !== 0) return known > 0 ? known - 1 : BAD;
        const text = s.slice(a, b);
        // parseDate's answer for this text: the same text when it is a real day
        const id = parseDate(text) === text ? this.cols.dateId(text) : BAD;
        this.plainDates[key] = id === BAD ? -1 : id + 1;
        return id;
      }
    }
    const raw = s.slice(a, b);
    let id = this.otherDates.get(raw);
    if (id === undefined) {
      const r = parseCell({ kind: 'date' }, raw);
      id = 'error' in r ? BAD : this.cols.dateId(r.value as IsoDate | null);
      if (raw.length < CACHE_KEY_CHARS && this.otherDates.size < CACHE_LIMIT) this.otherDates.set(raw, id);
    }
    return id;
  }
}

/** The number written in `len` ASCII digits at s[a], or -1. */
function digits(s: string, a: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(a + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A copy of a slice that does not keep the whole chunk's text alive (as validateRows' values are). */
const detach = (s: string): string => (s.length < CACHE_KEY_CHARS ? s : (' ' + s).slice(1));

/** Editor lines in a text: CRLF, CR and LF each end one (as the scanner counts them). */
function lineBreaks(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  for (let k = s.indexOf('\r'); k >= 0; k = s.indexOf('\r', k + 1)) if (s.charCodeAt(k + 1) !== 10) n++;
  return n;
}
