import { closeSync, createReadStream, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { EMPLOYER_SPEC, toEmployer, type Employer } from '../core/records.js';
import { validateRows } from '../core/table-schema.js';
import { columnLetter, readSheetRows, sheetOptionsFor, type SheetHead } from './xlsx.js';
import { PROBLEM_CAP, settleProblems } from './table-verdict.js';
import type { DirectoryOptions, DirectoryRead } from './directory.js';

/**
 * The directory as an .xlsx, streamed: the sheet comes a row at a time from readSheetRows (the reader
 * every table uses), each row is validated as it comes and each valid one handed to `sink` and
 * forgotten. What stays per row is compact: the USCC packed into two numbers for the uniqueness
 * check, and where the row's cells lie in a spill file.
 *
 * The spill file: the draw asks for its winners synchronously (core/draw `fetch`), and exceljs reads
 * only asynchronously, so the winners cannot be read back from the sheet the way a CSV's rows are read
 * back by byte offset. Each valid row's cells are appended to a temporary file instead (as JSON, about
 * the size of the CSV twin) and `fetch` reads the rows it is asked for from there and validates them
 * again. The file is removed at once on systems that allow removing an open file (its space is freed
 * when the process ends), else when the process exits. It holds exactly the bytes that were hashed and
 * validated, so a workbook changed during the draw cannot slip other rows in.
 *
 * Outcomes are those of reading the whole sheet and validating it in one go (test/unit/
 * directory-xlsx.test.ts compares them with test/support/whole-workbook.ts): the same problems in the
 * same order (a cell the reader refused first, then what validation says about that row, a cell the
 * reader refused not reported twice), the same warnings, the same rows. Problems are capped in memory
 * as for a CSV (PROBLEM_CAP).
 */
export async function readWorkbookDirectory(file: string, sink: (e: Employer) => void, opts: DirectoryOptions = {}): Promise<DirectoryRead> {
  const keepExtra = opts.extras !== false;
  let tap: Tapped | null = null;
  const source = (): Readable => {
    // a retried read starts again from the first byte
    (tap as Tapped | null)?.stream.destroy();
    return (tap = tapped(file)).stream;
  };

  let head: SheetHead | null = null;
  let headerBroken = false;
  const problems: Problem[] = [];
  let problemCount = 0;
  const warnings: Problem[] = [];
  let skipped = 0;
  let valid = 0;
  const unique = new UsccIndex();
  const spill = new Spill();
  const addProblem = (p: Problem) => {
    problemCount++;
    if (problems.length < PROBLEM_CAP) problems.push(p);
  };
  /** validation says line 1 for the header; in a sheet it is wherever the title rows left it */
  const locate = (p: Problem, faulted: Problem[] | null): Problem | null => {
    const h = head!;
    const line = p.line === 1 ? h.headerRow : p.line;
    const i = p.column === undefined ? -1 : h.header.indexOf(String(p.column));
    const cell = line === undefined ? undefined : i >= 0 ? `${columnLetter(i + 1)}${line}` : undefined;
    if (cell && faulted && faulted.some((f) => f.cell === cell)) return null;
    return { ...p, line, sheet: h.sheet, ...(cell ? { cell } : {}) };
  };

  // rows wait in small batches for validateRows, which keeps its caches across a batch
  let batch: { line: number; cells: string[] | null; faults: Problem[] | null }[] = [];
  const flush = () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    if (headerBroken) {
      for (const r of rows) {
        if (r.faults) for (const p of r.faults) addProblem(p);
        if (r.faults) skipped++;
      }
      return;
    }
    const data = rows.filter((r) => r.cells !== null) as { line: number; cells: string[]; faults: Problem[] | null }[];
    const v = validateRows(EMPLOYER_SPEC, head!.header, data, file, { unique: unique.lookup });
    for (const w of v.warnings) if (warnings.length < PROBLEM_CAP) warnings.push(w);
    let k = 0;
    let out = 0;
    for (const r of rows) {
      // the reader's faults on a row come before what validation says about it, as in a sorted list
      if (r.faults) for (const p of r.faults) addProblem(p);
      for (; k < v.problems.length && v.problems[k]!.line === r.line; k++) {
        const p = locate(v.problems[k]!, r.faults);
        if (p) addProblem(p);
      }
      if (r.cells === null) {
        skipped++;
        continue;
      }
      const typed = out < v.rows.length && v.rows[out]!.line === r.line ? v.rows[out++]! : null;
      if (!typed || r.faults) {
        skipped++;
        continue;
      }
      if (problemCount === 0 || opts.lenient) {
        spill.add(r.line, r.cells);
        sink(keepExtra ? toEmployer(typed) : toEmployer({ ...typed, extra: [] }));
      }
      valid++;
    }
    if (k !== v.problems.length) throw new Error('directory-xlsx: a validation problem on no row of its batch');
  };

  const read = await readSheetRows(source, file, sheetOptionsFor(EMPLOYER_SPEC, file, opts.sheet, opts.warn), {
    head: (h) => {
      head = h;
      const v = validateRows(EMPLOYER_SPEC, h.header, [], file);
      headerBroken = v.problems.length > 0;
      for (const p of v.problems) addProblem(locate(p, null)!);
    },
    row: (line, cells, faults) => {
      batch.push({ line, cells, faults });
      if (batch.length === 1024) flush();
    },
  }).catch((e: unknown) => {
    (tap as Tapped | null)?.stream.destroy();
    spill.close();
    throw e;
  });
  flush();
  const sha256 = await tap!.digest();
  unique.clear();
  spill.done();

  let list = problems;
  if (problemCount > problems.length) list = [...problems, { file, message: m().errors.moreProblems(problemCount - problems.length) }];
  try {
    settleProblems({ problems: list, warnings, badCount: skipped, problemCount }, file, opts, read.headerRow);
  } catch (e) {
    spill.close();
    throw e;
  }

  const header = read.header;
  const fetch = (want: readonly number[]): Employer[] => {
    if (!want.length) return [];
    const order = want.map((_, k) => k).sort((a, b) => want[a]! - want[b]!);
    const out: Employer[] = new Array(want.length);
    // a batch at a time: cells live only until their batch is validated
    for (let b = 0; b < order.length; b += 4096) {
      const ks = order.slice(b, b + 4096);
      const rows = ks.map((k) => spill.get(want[k]!));
      const v = validateRows(EMPLOYER_SPEC, header, rows, file);
      if (v.rows.length !== rows.length) throw new InputError(m().txn.inputChangedDuringDraw(file));
      ks.forEach((k, x) => (out[k] = toEmployer(v.rows[x]!)));
    }
    return out;
  };
  closeWhenUnreachable.register(fetch, spill);
  return { file, header, encoding: 'xlsx', delimiter: '', sha256, skipped, warnings, rows: valid, fetch };
}

interface Tapped {
  stream: Readable;
  /** SHA-256 of every byte of the file, read on to the end if the reader stopped short of it */
  digest: () => Promise<string>;
}

/** The file as a stream, hashed as it is read: the hash is of the bytes that were parsed. */
function tapped(file: string): Tapped {
  const hash = createHash('sha256');
  let ended = false;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      ended = true;
      done();
    },
  });
  let failure: Error | null = null;
  pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), tap, (e) => {
    if (e) failure = e;
  });
  return {
    stream: tap,
    digest: async () => {
      if (!ended && !failure) {
        tap.unpipe();
        tap.resume();
        await new Promise<void>((resolve, reject) => {
          if (ended) return resolve();
          tap.once('end', resolve);
          tap.once('error', reject);
        });
      }
      if (failure) throw failure;
      return hash.digest('hex');
    },
  };
}

/**
 * USCC uniqueness over the whole sheet in a few bytes per row. A valid code is 18 of 0-9A-Z: two
 * halves of 9 base-36 digits, each exact in a double, so equal packs are equal codes (no confirming
 * read). Anything else (never seen from the parser today) goes to a plain map.
 */
class UsccIndex {
  private hi = new Float64Array(1024);
  private lo = new Float64Array(1024);
  private line = new Uint32Array(1024);
  private n = 0;
  private slots = new Int32Array(2048).fill(-1);
  private other = new Map<string, number>();

  /** validateRows's `unique`: the line of an earlier row with this code, else records this one */
  readonly lookup = (key: string, value: string, line: number): number | undefined => {
    if (key !== 'uscc') throw new Error(`directory-xlsx: no uniqueness index for ${key}`);
    if (!PACKABLE.test(value)) {
      const first = this.other.get(value);
      if (first === undefined) this.other.set(value, line);
      return first;
    }
    const hi = parseInt(value.slice(0, 9), 36);
    const lo = parseInt(value.slice(9), 36);
    const mask = this.slots.length - 1;
    let x = mix(hi, lo) & mask;
    for (; this.slots[x] !== -1; x = (x + 1) & mask) {
      const o = this.slots[x]!;
      if (this.hi[o] === hi && this.lo[o] === lo) return this.line[o];
    }
    if (this.n === this.hi.length) this.grow();
    const o = this.n++;
    this.hi[o] = hi;
    this.lo[o] = lo;
    this.line[o] = line;
    if (this.n * 10 > this.slots.length * 7) this.rehash();
    else this.slots[x] = o;
    return undefined;
  };

  private grow(): void {
    const size = Math.ceil(this.hi.length * 1.5);
    const copy = <T extends Float64Array | Uint32Array>(a: T, b: T): T => (b.set(a), b);
    this.hi = copy(this.hi, new Float64Array(size));
    this.lo = copy(this.lo, new Float64Array(size));
    this.line = copy(this.line, new Uint32Array(size));
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let o = 0; o < this.n; o++) {
      let x = mix(this.hi[o]!, this.lo[o]!) & mask;
      while (this.slots[x] !== -1) x = (x + 1) & mask;
      this.slots[x] = o;
    }
  }

  /** the sheet has been read: its work is done */
  clear(): void {
    this.hi = new Float64Array(0);
    this.lo = new Float64Array(0);
    this.line = new Uint32Array(0);
    this.slots = new Int32Array(0);
    this.other.clear();
  }
}

const PACKABLE = /^[0-9A-Z]{18}$/;

function mix(hi: number, lo: number): number {
  let h = Math.imul((hi >>> 0) ^ Math.imul(Math.floor(hi / 4294967296), 0x27d4eb2d), 0x9e3779b1) ^ Math.imul(lo >>> 0, 0x85ebca6b) ^ Math.floor(lo / 4294967296);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Test seam: how many bytes of rows stay in memory before the spill file is made (tests make it small). */
export const spillSeam = { bufferBytes: 1 << 20 };

/** Valid rows' cells, appended to a temporary file; read back by row index. */
class Spill {
  private fd = -1;
  private buf = Buffer.allocUnsafe(spillSeam.bufferBytes);
  private used = 0;
  private written = 0;
  /** where row i starts; row i ends where row i + 1 starts */
  private starts = new Float64Array(1024);
  private n = 0;

  add(line: number, cells: string[]): void {
    const text = JSON.stringify([line, ...cells]);
    if (this.n + 1 >= this.starts.length) {
      const b = new Float64Array(Math.ceil(this.starts.length * 1.5));
      b.set(this.starts);
      this.starts = b;
    }
    const len = Buffer.byteLength(text);
    if (this.used + len > this.buf.length) this.drain();
    if (len > this.buf.length) this.buf = Buffer.allocUnsafe(len);
    this.used += this.buf.write(text, this.used);
    this.starts[this.n] = this.written + this.used - len;
    this.n++;
    this.starts[this.n] = this.written + this.used;
  }

  private drain(): void {
    if (!this.used) return;
    if (this.fd < 0) this.open();
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.written += this.used;
    this.used = 0;
  }

  private open(): void {
    const name = path.join(os.tmpdir(), `shuangsui-rows-${process.pid}-${randomUUID()}.tmp`);
    this.fd = openSync(name, 'wx+', 0o600);
    try {
      unlinkSync(name);
    } catch {
      // an open file cannot be removed here (Windows): when the process exits, then
      removeAtExit(name, this.fd);
    }
  }

  /** every row has been added: the last ones go to the file, the write buffer is let go */
  done(): void {
    // a small directory stays in the buffer (at most its 1 MiB)
    if (this.fd < 0) return;
    this.drain();
    this.buf = Buffer.alloc(0);
  }

  get(i: number): { line: number; cells: string[] } {
    if (i < 0 || i >= this.n) throw new RangeError(`directory-xlsx: no row ${i}`);
    const from = this.starts[i]!;
    const len = this.starts[i + 1]! - from;
    let bytes: Buffer;
    if (this.fd < 0) bytes = this.buf.subarray(from, from + len);
    else {
      bytes = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const k = readSync(this.fd, bytes, got, len - got, from + got);
        if (k === 0) throw new InputError(m().txn.inputChangedDuringDraw('(temporary file)'));
        got += k;
      }
    }
    const [line, ...cells] = JSON.parse(bytes.toString('utf8')) as [number, ...string[]];
    return { line, cells };
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

const leftOver = new Map<string, number>();
function removeAtExit(name: string, fd: number): void {
  if (leftOver.size === 0) {
    process.once('exit', () => {
      for (const [file, d] of leftOver) {
        try {
          closeSync(d);
        } catch {
          /* closed already */
        }
        try {
          unlinkSync(file);
        } catch {
          /* gone already */
        }
      }
    });
  }
  leftOver.set(name, fd);
}

/** The spill file is closed once nothing can fetch from it any more. */
const closeWhenUnreachable = new FinalizationRegistry<Spill>((s) => s.close());
