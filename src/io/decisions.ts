import { promises as fs } from 'node:fs';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { DecisionColumns } from '../core/check/deadline-table.js';
import { DECISION_SPEC, type DecisionKind } from '../core/records.js';
import { newValidationCarry, validateRows, type ValidationCarry } from '../core/table-schema.js';
import { CONTROL_CHARS, type IsoDate } from '../core/values.js';
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
    if (this.cut > 0 && this.buffered.length >= this.chunkChars) {
      const body = this.buffered.slice(0, this.cut);
      this.buffered = this.buffered.slice(this.cut);
      this.scanned -= this.cut;
      this.cut = 0;
      this.chunk(body);
    }
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
    const first = this.header === null;
    let parsed;
    try {
      parsed = first ? parseCsvFast(body, this.file) : parseCsvFast('x\n' + body, this.file, { delimiter: this.delimiter });
    } catch (e) {
      if (e instanceof InputError) throw new WholeFile();
      throw e;
    }
    const shift = first ? 0 : this.lineAt - 2;
    this.lineAt += lineBreaks(body);
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
}

/** Editor lines in a text: CRLF, CR and LF each end one (as the scanner counts them). */
function lineBreaks(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  for (let k = s.indexOf('\r'); k >= 0; k = s.indexOf('\r', k + 1)) if (s.charCodeAt(k + 1) !== 10) n++;
  return n;
}
