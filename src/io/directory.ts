import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { EMPLOYER_SPEC, toEmployer, type Employer, type UnitType } from '../core/records.js';
import { usccFault } from '../core/uscc.js';
import { grown } from '../core/typed-arrays.js';
import { mapHeader, parseCell, validateRows, type CellValue, type HeaderMap, type TypedRow } from '../core/table-schema.js';
import { CONTROL_CHARS, excelDamage } from '../core/values.js';
import type { CsvRow } from './csv.js';
import { parseCsvFast, type Delimiter } from './fast-csv.js';
import { decodeText, utf8Damage, type DetectedEncoding } from './encoding.js';
import {
  byteKind,
  byteRowReader,
  CHUNK_SPLIT_FNS,
  REC_BREAK,
  REC_CELLS,
  REC_CODE_OK,
  REC_END,
  REC_FINGERPRINT,
  REC_FLAGS,
  REC_START,
  recordCells,
  splitChunk,
  splitLine,
  type ByteRow,
  type CellBounds,
  type ChunkSplitter,
  type ProfiledSink,
} from './directory-bytes.js';
import { fileKind, isWorkbook } from './xlsx.js';
import { headerProblems, PROBLEM_CAP, settleProblems, type LoadedTable, type ReadOptions } from './table-verdict.js';
import { readWorkbookDirectory } from './directory-xlsx.js';
import { UsccIndex } from './uscc-index.js';

/**
 * The directory, read as a stream: a province has 10^7 employers, and holding them as text, cells
 * and objects took ~1.7 GB per million. The file is read in large sequential chunks cut at record
 * boundaries; each chunk goes through the same scanner (parseCsvFast, with the header line put in
 * front) and the same validation (validateRows) as a whole file did, and each valid row is handed to
 * `sink` and forgotten. What stays per row is 2 bytes here (where the row starts), and while the file
 * is read ~7.5 more for the USCC uniqueness index (uscc-index.ts); `fetch` re-reads the rows a caller asks
 * for (the draw's winners) by byte offset.
 *
 * Outcomes are those of reading the whole file (test/unit/directory-stream.test.ts compares them on
 * random files cut into tiny chunks): the same encoding detection and decoding errors (which win over
 * everything else), the same first CSV syntax error (which wins over validation problems), the same
 * problems in the same order with the same lines, the same rows. Where a chunk boundary could change
 * what the scanner sees (a quote left open at the cut) the rest of the file is read as one piece.
 *
 * An .xlsx directory streams too, through its own reader (src/io/directory-xlsx.ts). Kept whole in
 * memory, as before: UTF-16 text (converted to UTF-8 in memory first; Excel's "Unicode text" export
 * is rare at province scale).
 */

export interface DirectoryOptions extends ReadOptions {
  /** bytes per read (default 8 MiB); tests use a few bytes so that records cross every boundary */
  chunkSize?: number;
  /**
   * false: the sink gets employers without their extra columns (the draw's columns do not keep them;
   * fetch gives complete employers)
   */
  extras?: boolean;
  /**
   * false: the sink gets employers whose name is '' (the draw's columns never read it; decoding a
   * million names is a tenth of the pass); fetch gives complete employers
   */
  names?: boolean;
  /** what the file's SHA-256 is taken with (the draw's ticket worker: off the main thread); default node:crypto here */
  inputHash?: InputHash;
  /**
   * where the quote-free chunks the byte reader takes are cut into lines and cells (splitChunk): the
   * ticket worker, up to AHEAD chunks ahead of the main thread; default here, as each chunk is read
   */
  splitter?: ChunkSplitter;
  /**
   * the draw's columns: the common row (directory-bytes.ts) goes to it as a profile, its last
   * inspection and its USCC's bytes instead of to `sink` as an Employer (the other rows go to `sink`,
   * in their place in file order). Employer objects for a million rows were a fifth of the read.
   */
  profiled?: ProfiledSink;
  /**
   * Called once, before the first row reaches the sink, with the rows the file is expected to hold
   * (its size against the first chunk's line length), so that a caller's per-row columns can take their
   * size while they are still empty rather than grow by copies at the end of a province's read
   */
  rowsEstimate?: (rows: number) => void;
}

/** What readDirectory hashes the directory's bytes with: node:crypto's Hash, or the ticket worker's. */
export interface InputHash {
  update(bytes: Buffer): unknown;
  digest(encoding: 'hex'): string;
}

/** What a whole-file table read gives (file, header, encoding, delimiter, sha256, skipped, warnings), without its records. */
export interface DirectoryRead extends Omit<LoadedTable<never>, 'records'> {
  /** valid rows handed to the sink: the row indices fetch takes are 0 … rows − 1 */
  rows: number;
  /** the Employer objects of valid rows, by index, in the order asked (`lines: false`: line may be 0, not counted) */
  fetch: (rows: readonly number[], opts?: { lines?: boolean }) => Employer[];
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** rows per location block: a row's start is stored as 2 bytes past its block's start (4 in a block whose rows reach 64 KiB past it) */
const BLOCK = 16;
/** fetch reads rows this close together (bytes from one's end to the next one's block) with one call, up to WINDOW_MAX bytes */
const NEAR = 16 << 10;
const WINDOW_MAX = 1 << 20;
const DEFAULT_CHUNK = 1 << 20;
const FIRST_CHUNK = 1 << 16;
/**
 * Chunks sent to the splitter (the ticket worker) ahead of the one being read. The worker also hashes
 * tickets in batches of ~35 ms: one chunk ahead, the main thread waited on the batch in front of its
 * next chunk's cells for ~0.7 s of the 1M draw.
 */
const AHEAD = 3;

/** Reads a byte range of the input, from the file or from memory. */
interface Source {
  size: number;
  read(pos: number, len: number): Buffer;
  /** `head` followed by len bytes from pos, in one new buffer (the pass's carried partial line and its next block) */
  readAfter(head: Buffer, pos: number, len: number): Buffer;
}

/** What reading rows again needs of a Source. */
type RowSource = Pick<Source, 'size' | 'read'>;

function fileSource(fd: number, size: number): Source {
  const readAfter = (head: Buffer, pos: number, len: number): Buffer => {
    const buf = Buffer.allocUnsafe(head.length + len);
    head.copy(buf);
    let got = head.length;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, pos + got - head.length);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  };
  // (the carry read into the block's buffer: Buffer.concat of the two copied each 1 MiB block once more)
  return { size, read: (pos, len) => readAfter(EMPTY, pos, len), readAfter };
}

const EMPTY = Buffer.alloc(0);

function memorySource(bytes: Buffer): Source {
  return {
    size: bytes.length,
    read: (pos, len) => bytes.subarray(pos, pos + len),
    readAfter: (head, pos, len) => (head.length ? Buffer.concat([head, bytes.subarray(pos, pos + len)]) : bytes.subarray(pos, pos + len)),
  };
}

function openError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(m().io.fileNotFound(file), [{ file, message: m().io.fileNotFound(file) }]);
  if (code === 'EISDIR') return new InputError(m().io.isDirectory(file));
  return new InputError(m().io.cannotRead(file, (e as Error).message));
}

function located(file: string, line: number, message: string): InputError {
  return new InputError(message, [{ file, line, message }]);
}

/** Line breaks as an editor counts them (CRLF, CR, LF: one each); a CR at the end counts. */
function countBreaks(b: Uint8Array, from = 0, to = b.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === LF || (c === CR && (i + 1 >= to || b[i + 1] !== LF))) n++;
  }
  return n;
}

/** Growable Uint16 column. */
class U16 {
  a: Uint16Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Uint16Array(Math.max(16, capacity));
  }
  /** room for `rows` in all (a copy, cheap while few rows are in) */
  reserve(rows: number): void {
    if (rows > this.a.length) this.a = grown(this.a, rows);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.a = grown(this.a, Math.ceil(this.a.length * 1.5));
    this.a[this.n++] = v;
  }
}

/** Growable Float64 column (byte offsets and line numbers past 2^32 stay exact). */
class F64 {
  a: Float64Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Float64Array(Math.max(16, capacity));
  }
  reserve(rows: number): void {
    if (rows > this.a.length) this.a = grown(this.a, rows);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.a = grown(this.a, Math.ceil(this.a.length * 1.5));
    this.a[this.n++] = v;
  }
}

/** Growable Uint32 column. */
class U32 {
  a: Uint32Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) this.a = grown(this.a, Math.ceil(this.a.length * 1.5));
    this.a[this.n++] = v;
  }
}

/** 32-bit FNV-1a over UTF-16 code units, finished with a murmur mix: the USCC fingerprint. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class NotUtf8 {}

/**
 * Streams the directory into `sink` (valid rows, in file order) and returns how to fetch rows again.
 * Throws one InputError with every problem, as loading the whole file did.
 */
export async function readDirectory(file: string, sink: (e: Employer) => void, opts: DirectoryOptions = {}): Promise<DirectoryRead> {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    throw openError(file, e);
  }
  try {
    let head: Buffer;
    try {
      head = fileSource(fd, size).read(0, Math.min(size, 8));
    } catch (e) {
      throw openError(file, e);
    }
    const kind = fileKind(head, file);
    if (kind === 'xlsx') return await readWorkbookDirectory(file, sink, opts);
    // refused with the office's instruction (.xls, .et, an encrypted workbook)
    if (kind !== 'text') isWorkbook(readFileSync(fd), file);
    const forced = opts.encoding ?? 'auto';
    if (forced === 'auto' && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
      const bytes = readFileSync(fd);
      const { text, encoding } = decodeText(bytes, 'auto', file);
      const src = memorySource(Buffer.from(text, 'utf8'));
      return stream(file, src, null, 0, 'utf8', encoding, createHash('sha256').update(bytes).digest('hex'), sink, opts);
    }
    const src = fileSource(fd, size);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf && forced !== 'gbk' && forced !== 'gb18030';
    if (bom) return stream(file, src, () => openSync(file, 'r'), 3, 'utf8', 'utf8-bom', null, sink, opts);
    if (forced === 'gbk' || forced === 'gb18030') return stream(file, src, () => openSync(file, 'r'), 0, 'gb18030', forced, null, sink, opts);
    return stream(file, src, () => openSync(file, 'r'), 0, 'utf8', 'utf8', null, sink, opts);
  } finally {
    closeSync(fd);
  }
}

function stream(
  file: string,
  src: Source,
  reopen: (() => number) | null,
  start: number,
  decodingIn: 'utf8' | 'gb18030',
  encodingIn: DetectedEncoding,
  knownSha: string | null,
  sink: (e: Employer) => void,
  opts: DirectoryOptions,
): DirectoryRead {
  const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  const forced = opts.encoding ?? 'auto';
  const sha: InputHash | null = knownSha === null ? (opts.inputHash ?? createHash('sha256')) : null;
  if (sha && start) sha.update(src.read(0, start));
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const size = src.size;
  let decoding = decodingIn;
  let encoding = encodingIn;

  const decode = (chunk: Buffer, off: number, firstLine: number): string => {
    if (decoding === 'gb18030') {
      const text = iconv.decode(chunk, 'gb18030');
      const at = text.indexOf('\uFFFD');
      if (at >= 0) {
        const line = firstLine - 1 + text.slice(0, at).split(/\r\n|\r|\n/).length;
        throw located(file, line, m().input.notGbkAt(line, encoding === 'gbk' ? 'GBK' : 'GB18030'));
      }
      return text;
    }
    try {
      return utf8.decode(chunk);
    } catch {
      return utf8Failure(chunk, off);
    }
  };

  /** A chunk that is not UTF-8: the whole file's verdict, as decodeText gives it. */
  const utf8Failure = (chunk: Buffer, off: number): never => {
    const t = m().input;
    if (encoding === 'utf8-bom' || forced === 'utf8') {
      const p = position(off + utf8Damage(chunk).first);
      if (encoding === 'utf8-bom') throw located(file, p.line, t.bomThenGbk(p.line, p.byte, p.hex));
      throw located(file, p.line, t.notUtf8Forced(p.line, p.byte, p.hex));
    }
    // auto: mostly UTF-8 is a damaged UTF-8 file; mostly not is GBK (counted over the whole file)
    let valid = 0;
    let invalid = 0;
    let first = -1;
    forEachPiece(0, (piece, at) => {
      const d = utf8Damage(piece);
      valid += d.valid;
      invalid += d.invalid;
      if (first < 0 && d.first >= 0) first = at + d.first;
    });
    if (valid > invalid) {
      const p = position(first);
      throw located(file, p.line, t.notUtf8At(p.line, p.byte, p.hex));
    }
    throw new NotUtf8();
  };

  /** The file in pieces that end after a LF (so no UTF-8 sequence or CRLF is split). */
  const forEachPiece = (from: number, fn: (piece: Buffer, at: number) => void) => {
    let pos = from;
    let carry: Buffer = Buffer.alloc(0);
    let at = from;
    while (pos < size || carry.length) {
      const n = Math.min(Math.max(chunkSize, 1 << 16), size - pos);
      const data = n > 0 ? Buffer.concat([carry, src.read(pos, n)]) : carry;
      pos += n;
      const cut = pos >= size ? data.length : data.lastIndexOf(LF) + 1;
      if (cut === 0) {
        carry = data;
        continue;
      }
      fn(data.subarray(0, cut), at);
      at += cut;
      carry = data.subarray(cut);
    }
  };

  /** bytePosition of encoding.ts over the whole file, for an offset. */
  const position = (offset: number): { line: number; byte: number; hex: string } => {
    let line = 1;
    let lineStart = 0;
    let done = false;
    forEachPiece(0, (piece, at) => {
      if (done) return;
      const end = Math.min(piece.length, offset - at);
      for (let i = 0; i < end; i++) {
        const b = piece[i]!;
        if (b === LF || (b === CR && (at + i + 1 >= size || (i + 1 < piece.length ? piece[i + 1] : src.read(at + i + 1, 1)[0]) !== LF))) {
          line++;
          lineStart = at + i + 1;
        }
      }
      if (at + piece.length >= offset) done = true;
    });
    const hex = Array.from(src.read(offset, Math.min(4, size - offset)), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    return { line, byte: offset - lineStart + 1, hex };
  };

  // auto: valid UTF-8 is UTF-8, mostly not is GBK; decided before any row is handed on
  if (decoding === 'utf8' && encoding === 'utf8' && forced === 'auto') {
    let ok = true;
    forEachPiece(0, (piece) => {
      if (ok && !isUtf8(piece)) ok = false;
    });
    if (!ok) {
      try {
        utf8Failure(Buffer.alloc(0), 0);
      } catch (e) {
        if (!(e instanceof NotUtf8)) throw e;
        decoding = 'gb18030';
        encoding = 'gb18030';
      }
    }
  }

  // ---- per parsed row: where it starts (block base + 2-byte delta)
  // sized from the file (about 110 bytes a row, as draw-inputs.ts guesses): growing by copies at 10^7
  // rows held old and new arrays at once, ~100 MB more at the peak
  const rowsGuess = Math.ceil(src.size / 110) + 1024;
  // per block of rows, where it starts and its line (typed: as arrays of numbers they were ~15 MB of a
  // 10^7-row read, and their grown copies garbage)
  const blockOffset = new F64(Math.ceil(rowsGuess / BLOCK));
  const blockLine = new F64(blockOffset.a.length);
  // (2 bytes: 16 rows of a directory span ~2 KB; 4 bytes a row were 40 MB of a 10^7-row draw's peak)
  const delta = new U16(rowsGuess);
  /** the blocks whose rows start 64 KiB or more past the block's start (rows of kilobytes): their rows' deltas */
  const wide = new Map<number, Uint32Array>();
  const deltaOf = (ordinal: number): number => {
    const w = wide.size ? wide.get(Math.floor(ordinal / BLOCK)) : undefined;
    return w ? w[ordinal % BLOCK]! : delta.a[ordinal]!;
  };
  let parsedRows = 0;
  /** parsed rows (ordinals) that --lenient left out, ascending */
  const bad: number[] = [];
  let processedEnd = start;

  // ---- the header, as the first chunk gave it
  let header: string[] = [];
  let delimiter: Delimiter = ',';
  let headerText = '';
  let headerBreaks = 0;
  let headerBroken = false;
  let headerControls = false;
  let usccColumn: number | undefined;
  let fastRow: FastRow | null = null;
  let byteRow: ByteRow | null = null;
  let DELIM = 44;
  const keepExtra = opts.extras !== false;

  /** Cells and line of a parsed row, read again from the file. */
  const rawRow = (reader: RowSource, ordinal: number, end: number): { cells: string[]; line: number } => {
    const b = Math.floor(ordinal / BLOCK);
    const base = blockOffset.a[b]!;
    const from = base + deltaOf(ordinal);
    const bytes = reader.read(base, end - base);
    const line = blockLine.a[b]! + countBreaks(bytes, 0, from - base);
    const text = decodeQuiet(bytes.subarray(from - base));
    const row = parseCsvFast('h\n' + text, file, { delimiter }).rows[0]!;
    return { cells: row.cells as string[], line };
  };
  /** A parsed row read again as a complete Employer by the byte reader, or null if it does not take the row. */
  const rowFromBytes = (reader: ByteRow, src: RowSource, ordinal: number, end: number, lines = true): Employer | null => {
    if (decoding !== 'utf8') return null;
    const b = Math.floor(ordinal / BLOCK);
    const base = blockOffset.a[b]!;
    const from = base + deltaOf(ordinal);
    // the line is its block's first line plus the breaks from the block's start to the row
    const at = lines ? base : from;
    const bytes = src.read(at, end - at);
    const row = bytes.subarray(from - at);
    if (row.indexOf(QUOTE) >= 0) return null;
    sized();
    splitLine(row, 0, row.length, byteKind(DELIM), bounds);
    return reader.employer(row, bounds, lines ? blockLine.a[b]! + countBreaks(bytes, 0, from - base) : 0, true, true);
  };
  const decodeQuiet = (bytes: Buffer): string => (decoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8'));
  const startOf = (ordinal: number): number => blockOffset.a[Math.floor(ordinal / BLOCK)]! + deltaOf(ordinal);
  const endOf = (ordinal: number, last: number): number => (ordinal + 1 < parsedRows ? startOf(ordinal + 1) : last);

  /** The USCC value validateRows recorded for a row, or null if it recorded none. */
  const usccOfCells = (cells: readonly string[]): string | null => {
    const col = EMPLOYER_SPEC.columns[0]!;
    let raw = usccColumn === undefined ? '' : (cells[usccColumn] ?? '');
    const damage = excelDamage(raw);
    if (damage === 'exponent' || damage === 'decimal') return null;
    if (damage === 'apostrophe') raw = raw.trim().slice(1);
    if (raw.trim() === '') return null;
    const parsed = parseCell(col.type, raw);
    return 'error' in parsed || typeof parsed.value !== 'string' ? null : parsed.value;
  };

  // ---- uniqueness of the USCC over the whole file: fingerprints in an index, each hit confirmed.
  // The index is sized from the first chunk's rows (its average row length against the file's size):
  // its table is touched whole, and the fixed guess of 110 bytes a row was 13% too many for 124-byte rows
  let uscc: UsccIndex | null = null;
  /** rows still to come, at the average length of those read so far */
  const rowsLeft = () => Math.ceil(((size - processedEnd) * Math.max(1, parsedRows)) / Math.max(1, processedEnd - start)) + 1024;
  const usccIndex = (rows = rowsGuess): UsccIndex => (uscc ??= new UsccIndex(rows, rowsLeft));
  /** the ordinal of a row being validated, by its line */
  let ordinalAt: (line: number) => number = () => -1;
  let wanted = '';
  /** an indexed row with the same fingerprint bits: confirmed against the row itself (a real duplicate, or one in 65,536 by chance) */
  const sameCode = (o: number): number | undefined => {
    const earlier = rawRow(src, o, endOf(o, processedEnd));
    return usccOfCells(earlier.cells) === wanted ? earlier.line : undefined;
  };
  /** The line of an earlier row with this USCC (h its fingerprint), or undefined. */
  const earlierLine = (h: number, value: string): number | undefined => {
    if (uscc === null) return undefined;
    wanted = value;
    return uscc.find(h, sameCode);
  };
  const unique = (key: string, value: string, line: number): number | undefined => {
    if (key !== 'uscc') throw new Error(`directory: no uniqueness index for ${key}`);
    const h = hash32(value);
    const first = earlierLine(h, value);
    if (first !== undefined) return first;
    usccIndex().insert(ordinalAt(line), h);
    return undefined;
  };
  /** A parsed row, in file order: where it starts; its ordinal. */
  const addRow = (at: number, line: number): number => {
    if (parsedRows % BLOCK === 0) {
      blockOffset.push(at);
      blockLine.push(line);
    }
    const b = blockOffset.n - 1;
    const d = at - blockOffset.a[b]!;
    let w = wide.size ? wide.get(b) : undefined;
    if (d > 0xffff && !w) {
      w = new Uint32Array(BLOCK);
      w.set(delta.a.subarray(b * BLOCK, parsedRows));
      wide.set(b, w);
    }
    if (w) w[parsedRows - b * BLOCK] = d;
    delta.push(d & 0xffff);
    return parsedRows++;
  };

  // ---- problems, in file order, capped
  const problems: Problem[] = [];
  let problemCount = 0;
  const warnings: Problem[] = [];
  let skipped = 0;
  let valid = 0;
  let syntax: InputError | null = null;

  /** Whether a chunk is read from its bytes (byteChunk): no quote, valid UTF-8, and past the header. */
  const byteWay = (chunk: Buffer): boolean => !first && byteRow !== null && syntax === null && decoding === 'utf8' && chunk.indexOf(QUOTE) < 0 && isUtf8(chunk);

  /** Returns the chunk's line breaks, or 'retry' to be handed the rest of the file as one chunk. */
  const processChunk = (chunk: Buffer, off: number, firstLine: number, first: boolean, last: boolean): 'retry' | number => {
    if (byteWay(chunk)) return byteChunk(byteRow!, chunk, off, firstLine);
    const text = decode(chunk, off, firstLine);
    if (syntax) return countBreaks(chunk);
    let t: { header: string[]; rows: CsvRow[]; delimiter?: string };
    try {
      t = first ? parseCsvFast(text, file) : parseCsvFast(headerText + text, file, { delimiter });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // a cut inside what the scanner takes for a quoted cell: read the rest as one piece
      if (!last) return 'retry';
      for (const p of e.problems) if (p.line !== undefined && !first) p.line += firstLine - 1 - headerBreaks;
      syntax = e;
      return countBreaks(chunk);
    }
    if (first) {
      header = t.header;
      delimiter = (t.delimiter ?? ',') as Delimiter;
      const end = headerEnd(text);
      headerText = text.slice(0, end);
      headerBreaks = countBreaks(Buffer.from(headerText, 'utf8'));
      headerControls = CONTROL_CHARS.test(header.join(''));
      const hp = mapHeader(EMPLOYER_SPEC, header, file);
      headerBroken = hp.problems.length > 0 || headerControls;
      usccColumn = hp.map.index.get('uscc');
      if (!headerBroken) {
        fastRow = fastEmployerRow(header, hp.map);
        if (!headerControls) byteRow = byteRowReader(header, hp.map);
      }
      DELIM = delimiter.charCodeAt(0);
    }
    // where each line of the chunk starts
    const starts = new U32();
    starts.push(0);
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === LF || (c === CR && (i + 1 >= chunk.length || chunk[i + 1] !== LF))) starts.push(i + 1);
    }
    const lineBase = first ? 0 : headerBreaks;
    const rows = t.rows;
    const ordinal0 = parsedRows;
    for (const r of rows) {
      const rel = r.line - lineBase - 1;
      r.line = firstLine + rel;
      addRow(off + starts.a[rel]!, r.line);
    }
    processedEnd = off + chunk.length;
    const breaks = starts.n - 1;
    if (headerBroken) {
      if (first) {
        const v = validateRows(EMPLOYER_SPEC, header, [], file);
        for (const p of v.problems) addProblem(p);
      }
      return breaks;
    }
    ordinalAt = (line) => ordinalOfLine(rows, ordinal0, line);
    const controls = headerControls || CONTROL_CHARS.test(text);
    if (!controls && fastRow) {
      // the common row goes straight to an Employer; runs of rows with anything to say go through
      // validateRows in their place, before the next row's USCC is looked up, so problems keep their order
      let pending: CsvRow[] = [];
      const flush = () => {
        if (pending.length) settleChunk(validateRows(EMPLOYER_SPEC, header, pending, file, { controls: false, unique }));
        pending = [];
      };
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const e = fastRow(r.cells, r.line, keepExtra);
        if (e !== null) {
          flush();
          // a duplicate is left to validateRows, and the lookup records nothing then
          if (unique('uscc', e.uscc, r.line) === undefined) {
            if (problemCount === 0 || opts.lenient) sink(e);
            valid++;
            continue;
          }
        }
        pending.push(r);
      }
      flush();
    } else settleChunk(validateRows(EMPLOYER_SPEC, header, rows, file, { controls, unique }));
    return breaks;
  };

  /**
   * A chunk without a quote, read from its bytes (directory-bytes.ts): every line break ends a record,
   * every delimiter a cell. Rows the byte reader accepts go to the sink; the others are decoded one
   * by one and, in runs, go through validateRows in their place, as in processChunk.
   */
  const bounds: CellBounds = { start: new Int32Array(0), end: new Int32Array(0), count: 0, plain: true };
  const sized = () => {
    if (bounds.start.length !== header.length) {
      bounds.start = new Int32Array(header.length);
      bounds.end = new Int32Array(header.length);
    }
  };
  const keepNames = opts.names !== false;
  const profiled = opts.profiled ?? null;
  /** recs: the chunk's splitChunk records, made on the ticket worker (else here) */
  const byteChunk = (reader: ByteRow, chunk: Buffer, off: number, firstLine: number, recs: Int32Array | null = null): number => {
    sized();
    processedEnd = off + chunk.length;
    let pending: CsvRow[] = [];
    let pendingOrdinal: number[] = [];
    ordinalAt = (line) => pendingOrdinal[ordinalOfLine(pending, 0, line)]!;
    const flush = () => {
      if (!pending.length) return;
      settleChunk(validateRows(EMPLOYER_SPEC, header, pending, file, { unique }));
      pending = [];
      pendingOrdinal = [];
    };
    /** the row's cells as the scanner gives them (a quote-free line: no syntax error is possible) */
    const cellsOf = (from: number, to: number): CsvRow | undefined => parseCsvFast('h\n' + chunk.toString('utf8', from, to), file, { delimiter }).rows[0];
    // the chunk passed isUtf8 (processChunk)
    recs ??= splitChunk(chunk, byteKind(DELIM, true), reader.shape, CHUNK_SPLIT_FNS);
    const stride = REC_CELLS + header.length;
    let line = firstLine;
    for (let r = 0; r < recs.length; r += stride) {
      const rowStart = recs[r + REC_START]!;
      const lineEnd = recs[r + REC_END]!;
      const flags = recs[r + REC_FLAGS]!;
      const rowLine = line;
      if (flags & REC_BREAK) line++;
      if (lineEnd === rowStart) continue; // an empty line is no record
      let o: number;
      let h = 0;
      let head = 0;
      if (
        flags & REC_CODE_OK &&
        // the uniqueness table is far larger than the CPU's caches: its slot is loaded before the cells are
        // looked up, so that the two overlap
        ((h = recs[r + REC_FINGERPRINT]! >>> 0), (head = uscc === null ? 0 : uscc.touch(h)), recordCells(recs, r, bounds), reader.acceptCells(chunk, bounds))
      ) {
        if (pending.length) {
          flush();
          // the rows just validated may have taken the slot
          head = uscc === null ? 0 : uscc.touch(h);
        }
        o = addRow(off + rowStart, rowLine);
        // the USCC as a string only when its fingerprint may have been seen (a duplicate, or one in 65,536)
        if (head === 0 || !uscc!.mayHave(h) || earlierLine(h, reader.built(chunk, bounds, rowLine, false, false).uscc) === undefined) {
          usccIndex().insert(o, h);
          if (problemCount === 0 || opts.lenient) {
            const k = profiled ? reader.profileOf(profiled, chunk, bounds, rowLine) : -1;
            if (k >= 0) profiled!.row(k, reader.lastInspected(), chunk, reader.usccAt(bounds));
            else sink(reader.built(chunk, bounds, rowLine, keepNames, keepExtra));
          }
          valid++;
          continue;
        }
        // a duplicate: validateRows words it
        pending.push({ line: rowLine, cells: cellsOf(rowStart, lineEnd)!.cells });
      } else {
        const row = cellsOf(rowStart, lineEnd);
        if (row === undefined) continue; // every cell blank: no row
        o = addRow(off + rowStart, rowLine);
        pending.push({ line: rowLine, cells: row.cells });
      }
      pendingOrdinal.push(o);
    }
    flush();
    return line - firstLine;
  };

  /** The problems, warnings and rows validateRows gave for some rows of the chunk. */
  const settleChunk = (v: ReturnType<typeof validateRows>) => {
    for (const p of v.problems) addProblem(p);
    for (const w of v.warnings) if (warnings.length < PROBLEM_CAP) warnings.push(w);
    skipped += v.badLines.size;
    if (v.badLines.size) for (const line of v.badLines) bad.push(ordinalAt(line));
    if (problemCount === 0 || opts.lenient) for (const r of v.rows) sink(toEmployer(r as TypedRow));
    valid += v.rows.length;
  };

  /** rows are in line order: a row's ordinal by its line */
  const ordinalOfLine = (rows: CsvRow[], ordinal0: number, line: number): number => {
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]!.line < line) lo = mid + 1;
      else hi = mid;
    }
    return ordinal0 + lo;
  };

  const addProblem = (p: Problem) => {
    problemCount++;
    if (problems.length < PROBLEM_CAP) problems.push(p);
  };

  // ---- the pass: chunks cut after a line break outside quotes (even count of " since the file began)
  let readPos = start;
  let carry: Buffer = Buffer.alloc(0);
  let chunkStart = start;
  let firstLine = 1;
  let first = true;
  let whole = false;
  let scanned = 0;
  let quoted = 0;
  const splitter = opts.splitter ?? null;
  /** the splitter's thread hashes what it is sent (it is also the input hash): the chunk goes there once */
  const splitHashes = splitter !== null && sha !== null && splitter.hashes === sha;
  /** chunks sent to the splitter and not yet read, oldest first */
  const held: { chunk: Buffer; off: number }[] = [];
  const heldChunk = (): number => {
    const h = held.shift()!;
    return byteChunk(byteRow!, h.chunk, h.off, firstLine, splitter!.take());
  };
  for (;;) {
    let data = carry;
    if (readPos < size) {
      // the first chunk small: its rows go the text way (the header is read there), the others the byte way
      const n = Math.min(first && !whole && carry.length < FIRST_CHUNK ? Math.min(chunkSize, FIRST_CHUNK) : chunkSize, size - readPos);
      data = src.readAfter(carry, readPos, n);
      readPos += n;
    }
    const eof = readPos >= size;
    if (!data.length && eof) {
      if (first) processChunk(data, chunkStart, firstLine, true, true);
      break;
    }
    let cut = 0;
    if (eof) cut = data.length;
    else if (!whole && quoted === 0 && data.indexOf(QUOTE, scanned) < 0 && data.lastIndexOf(LF) >= scanned) {
      // nothing quoted since the last cut: the last LF is a record's end (the native searches are ~10× the loop below)
      cut = data.lastIndexOf(LF) + 1;
      scanned = 0;
    } else if (!whole) {
      let i = scanned;
      for (; i < data.length; i++) {
        const c = data[i]!;
        if (c === QUOTE) quoted ^= 1;
        else if (quoted === 0) {
          if (c === LF) cut = i + 1;
          else if (c === CR) {
            if (i + 1 >= data.length) break; // is a LF next? read on
            if (data[i + 1] !== LF) cut = i + 1;
          }
        }
      }
      // what lies after the cut is scanned again with the next read: its quote count restarts at 0
      if (cut) {
        scanned = 0;
        quoted = 0;
      } else scanned = i;
    }
    if (cut === 0) {
      carry = data;
      continue;
    }
    const chunk = data.subarray(0, cut);
    // the first chunk's lines against the file's size: how many rows the uniqueness index is sized for
    if (first && uscc === null) {
      // at most twice the old guess of 110 bytes a row: a first chunk of blank or very short lines must
      // not size the index and the columns for the file's bytes (a row that is longer only means a copy later)
      const rows = Math.min(Math.ceil(((size - start) * Math.max(1, countBreaks(chunk))) / chunk.length), Math.ceil((size * 2) / 110)) + 1024;
      usccIndex(rows);
      // the row starts (and the caller's columns) take a tenth more: their untouched pages cost nothing,
      // and a copy at the end of the read would hold old and new at the peak
      delta.reserve(Math.ceil(rows * 1.1));
      blockOffset.reserve(Math.ceil((rows * 1.1) / BLOCK));
      blockLine.reserve(Math.ceil((rows * 1.1) / BLOCK));
      opts.rowsEstimate?.(Math.ceil(rows * 1.1));
    }
    // a chunk the byte reader will take is cut into cells on the splitter's thread while the chunks
    // before it are read here (it is held back up to AHEAD turns): only such a chunk, whose reading
    // cannot ask for a retry, and whose turns change nothing this judgement reads
    const ahead = splitter !== null && byteWay(chunk);
    if (ahead) {
      splitter.send(chunk, byteKind(DELIM, true), byteRow!.shape, splitHashes);
      held.push({ chunk, off: chunkStart });
      if (held.length > AHEAD) firstLine += heldChunk();
    } else {
      while (held.length) firstLine += heldChunk();
      const r = processChunk(chunk, chunkStart, firstLine, first, cut === data.length && eof);
      if (r === 'retry') {
        whole = true;
        carry = data;
        scanned = 0;
        quoted = 0;
        continue;
      }
      first = false;
      firstLine += r;
    }
    // the file's bytes are hashed as they are taken, in file order (a chunk given back for a retry is
    // taken again later); a chunk sent to a splitter that also takes the hash is hashed there
    if (sha && !(ahead && splitHashes)) sha.update(chunk);
    chunkStart += cut;
    carry = data.subarray(cut);
    if (eof && !carry.length) break;
  }
  while (held.length) firstLine += heldChunk();
  if (syntax) throw syntax;
  // the uniqueness index has done its work: fetch's closures must not keep it alive (~7.5 bytes a row)
  uscc = null;

  const sha256 = knownSha ?? sha!.digest('hex');
  let list = problems;
  if (problemCount > problems.length) list = [...problems, { file, message: m().errors.moreProblems(problemCount - problems.length) }];
  list = headerProblems(list, header, encoding, delimiter);
  settleProblems({ problems: list, warnings, badCount: skipped, problemCount }, file, opts);

  // valid row index → parsed ordinal: the bad ordinals before it are skipped
  const ordinalOf = (i: number): number => {
    let lo = 0;
    let hi = bad.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bad[mid]! - mid <= i) lo = mid + 1;
      else hi = mid;
    }
    return i + lo;
  };
  /** fetch's read window, kept between calls (the draw fetches its winners 256 at a time: at 10^7 rows a fresh 1 MiB buffer a window was 1.2 GB of garbage) */
  let scratch: Buffer | null = null;
  const fetch = (want: readonly number[], opts?: { lines?: boolean }): Employer[] => {
    const lines = opts?.lines !== false;
    if (!want.length) return [];
    const order = want.map((_, k) => k).sort((a, b) => want[a]! - want[b]!);
    const fd = reopen ? reopen() : -1;
    try {
      // a row is read from its block's start to its end. Rows that lie close together (the draw asks for
      // its winners in file order: ~2.5 KB apart in the 1M bench draw) are read with one call, since a call
      // costs more than copying the bytes between them; rows far apart are read one by one, since a larger
      // window than that copies bytes nobody asked for (a 64 KiB window per row cost the 1M bench draw
      // ~1.3 s of copying from the page cache when its winners came in task order)
      const disk = fd >= 0 ? fileSource(fd, size) : src;
      let winFrom = 0;
      let win: Buffer = Buffer.alloc(0);
      /** a window is read into the same buffer each time: nothing keeps a view of it past its rows */
      const into = (from: number, len: number): Buffer => {
        if (len > WINDOW_MAX) return disk.read(from, len);
        scratch ??= Buffer.allocUnsafe(WINDOW_MAX);
        let got = 0;
        while (got < len) {
          const n = readSync(fd, scratch, got, len - got, from + got);
          if (n === 0) break;
          got += n;
        }
        return scratch.subarray(0, got);
      };
      const reader: RowSource =
        fd < 0 ? src : { size, read: (pos, len) => (pos >= winFrom && pos + len <= winFrom + win.length ? win.subarray(pos - winFrom, pos - winFrom + len) : disk.read(pos, len)) };
      const blockStart = (o: number) => blockOffset.a[Math.floor(o / BLOCK)]!;
      const out: Employer[] = new Array(want.length);
      // in file order, a batch at a time: cells live only until their batch is validated
      for (let b = 0; b < order.length; b += 4096) {
        const ks: number[] = [];
        const rows: CsvRow[] = [];
        const batch = order.slice(b, b + 4096);
        const ordinals = batch.map((k) => ordinalOf(want[k]!));
        for (let x = 0; x < batch.length; x++) {
          const k = batch[x]!;
          const o = ordinals[x]!;
          const end = endOf(o, size);
          const from = blockStart(o);
          if (fd >= 0 && !(from >= winFrom && end <= winFrom + win.length)) {
            // one read for this row and the next ones while each lies within NEAR bytes of the last
            let to = end;
            for (let y = x + 1; y < batch.length; y++) {
              const next = ordinals[y]!;
              const nextEnd = endOf(next, size);
              if (blockStart(next) - to > NEAR || nextEnd - from > WINDOW_MAX) break;
              to = Math.max(to, nextEnd);
            }
            win = into(from, to - from);
            winFrom = from;
          }
          const e = byteRow ? rowFromBytes(byteRow, reader, o, end, lines) : null;
          if (e) out[k] = e;
          else {
            ks.push(k);
            rows.push(rawRow(reader, o, end));
          }
        }
        // the rows the byte reader did not take, if any (judging none still mapped the header: ~0.3 ms a call)
        if (!rows.length) continue;
        const v = validateRows(EMPLOYER_SPEC, header, rows, file);
        if (v.rows.length !== rows.length) throw new InputError(m().txn.inputChangedDuringDraw(file));
        ks.forEach((k, x) => (out[k] = toEmployer(v.rows[x]!)));
      }
      return out;
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  };
  return { file, header, encoding, delimiter, sha256, skipped, warnings, rows: valid, fetch };
}

/** Where the header record ends in the first chunk's text: after its line break (leading empty lines included). */
function headerEnd(s: string): number {
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < s.length && (s.charCodeAt(i) === LF || s.charCodeAt(i) === CR)) i++;
  let quoted = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return s.length;
}

type FastRow = (cells: readonly string[], line: number, keepExtra: boolean) => Employer | null;

const USCC_SHAPE = /^[0-9A-Z]{18}$/;
const EXPONENT = /^\d+E\d+$/;
const NO_EXTRA: [string, string][] = [];
const BAD = Symbol('bad');

/**
 * The Employer of a row that validateRows would accept without a word (but for the uniqueness of
 * its USCC, which the caller looks up), built without its intermediate objects; null for any row it
 * might say something about (then validateRows judges it).
 * Each step is the one of validateRows/parseCell/toEmployer for EMPLOYER_SPEC: a code of 18 ASCII
 * letters and digits is its own NFKC form, has no Excel damage unless it reads as digits-E-digits,
 * and is valid if usccFault finds nothing; flags, types, counts and dates are parsed once per
 * distinct cell; text is trimmed. The differential test holds it to validateRows.
 */
function fastEmployerRow(header: string[], map: HeaderMap): FastRow | null {
  const cols = EMPLOYER_SPEC.columns;
  if (cols.some((c) => c.notBefore !== undefined)) return null;
  const at = (key: string) => map.index.get(key);
  const width = header.length;
  const iU = at('uscc');
  const iName = at('name');
  const iInd = at('industry');
  const iReg = at('region');
  const typed = (key: string) => {
    const c = cols.find((x) => x.key === key)!;
    const i = at(key);
    const cache = new Map<string, CellValue | typeof BAD>();
    return (cells: readonly string[]): CellValue | typeof BAD => {
      const raw = i === undefined ? '' : (cells[i] ?? '');
      let v = cache.get(raw);
      if (v === undefined) {
        const p = parseCell(c.type, raw);
        v = 'error' in p ? BAD : p.value;
        if (cache.size < 4096) cache.set(raw, v);
      }
      return v;
    };
  };
  const type = typed('type');
  const employees = typed('employees');
  const complaints = typed('complaints');
  const abnormal = typed('abnormal');
  const serious = typed('serious_violation');
  const key = typed('key');
  const last = typed('last_inspected');
  const text = (i: number | undefined, cells: readonly string[]) => (i === undefined ? '' : (cells[i] ?? '').trim());
  return (cells, line, keepExtra) => {
    if (cells.length !== width || iU === undefined) return null;
    const code = cells[iU]!;
    if (!USCC_SHAPE.test(code) || EXPONENT.test(code) || usccFault(code)) return null;
    const name = text(iName, cells);
    if (name === '') return null;
    const t = type(cells);
    const em = employees(cells);
    const co = complaints(cells);
    const ab = abnormal(cells);
    const se = serious(cells);
    const k = key(cells);
    const la = last(cells);
    if (t === BAD || em === BAD || co === BAD || ab === BAD || se === BAD || k === BAD || la === BAD) return null;
    const industry = text(iInd, cells);
    const region = text(iReg, cells);
    return {
      uscc: code,
      name,
      type: (t as UnitType | null) ?? null,
      industry: industry === '' ? null : industry,
      region: region === '' ? null : region,
      employees: (em as number | null) ?? null,
      complaints: (co as number | null) ?? 0,
      abnormal: ab === true,
      seriousViolation: se === true,
      key: k === true,
      lastInspected: (la as string | null) ?? null,
      line,
      extra: keepExtra ? map.extra.map((i) => [header[i]!, cells[i] ?? '']) : NO_EXTRA,
    };
  };
}
