import { createHash } from 'node:crypto';
import { CodedInputError, type ProblemParams } from '../errors.js';

/**
 * The draw ledger (全程留痕) format: an append-only JSON Lines file, one draw per line, each line
 * holding the SHA-256 of the previous line's bytes. Removing or editing any line but the last
 * breaks the chain at the next line; the last line is anchored by the next draw's manifest
 * (prev_ledger_hash) and by publishing the ledger's latest hash.
 *
 * One reading for everybody: `draw` builds on it, `verify --ledger` reports on it and `check draws`
 * turns its faults into findings. What a fault means to the user is for each of them to say.
 */

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The layout of a draw entry this version writes and reads (docs/algorithm.md section 10). A line
 * without `format` is the layout that came before the key existed, which is format 1 as well and
 * verifies forever; a line of a higher format was written by a newer shuangsui and is refused (exit 2,
 * naming the key) rather than guessed at.
 */
export const LEDGER_FORMAT = 1;

export interface LedgerCount {
  task: string;
  stratum: string;
  eligible: number;
  quota: number;
  drawn: number;
  full_coverage: number;
}

export interface LedgerEntry {
  seq: number;
  prev: string;
  kind: 'draw';
  /** LEDGER_FORMAT; absent in entries written before the key existed */
  format?: number;
  plan_id: string;
  plan_year: number;
  period: string;
  seed: string;
  algorithm: string;
  manifest_sha256: string;
  out_dir: string;
  created_at: string;
  redraw: boolean;
  reason: string | null;
  counts: LedgerCount[];
  /** randomly drawn 统一社会信用代码, sorted: what later periods of the year exclude */
  drawn: string[];
  full_coverage: string[];
}

/** One line of the ledger, with where it stands in the file. */
export interface LedgerLine {
  line: number;
  raw: string;
  entry: LedgerEntry;
}

/**
 * A results publication (抽查结果公示), chained like every line and tied to its draw by the draw
 * entry's seq and line hash. It counts what the register holds, so `check all` and `report annual`
 * can work from the ledger alone: by result category, and by inspection date (every row's
 * publication deadline follows from its date).
 */
export interface ResultsEntry {
  seq: number;
  prev: string;
  kind: 'results';
  plan_id: string;
  plan_year: number;
  period: string;
  draw_seq: number;
  draw_line_sha256: string;
  draw_manifest_sha256: string;
  register_sha256: string;
  publication_sha256: string;
  manifest_sha256: string;
  out_dir: string;
  published_on: string;
  created_at: string;
  republish: boolean;
  reason: string | null;
  units: number;
  inspected: number;
  problems: number;
  by_result: Record<string, number>;
  by_date: Record<string, number>;
}

export interface ResultsLine {
  line: number;
  raw: string;
  entry: ResultsEntry;
}

export type LedgerFault =
  | { kind: 'badJson'; line: number; detail: string }
  | { kind: 'badField'; line: number; seq: number | null; field: string }
  | { kind: 'missing'; line: number; expectedSeq: number; foundSeq: number }
  | { kind: 'prevMismatch'; line: number; seq: number; prevLine: number; prevSeq: number }
  | { kind: 'blankLine'; line: number }
  | { kind: 'unterminated'; line: number }
  /** the line's bytes are not serialiseEntry of what it holds (keys reordered or added, spaces, escapes) */
  | { kind: 'notCanonical'; line: number; seq: number }
  /** a second entry of a plan, year and period that does not say redraw: true */
  | { kind: 'duplicatePeriod'; line: number; seq: number; period: string; firstSeq: number };

export interface LedgerChain {
  /** the draw lines the chain vouches for: every draw line before the first fault */
  lines: LedgerLine[];
  /** the results lines the chain vouches for (kept apart so that every reader of draws sees only draws) */
  results: ResultsLine[];
  /** the first break in the chain, or null when every line links to the one before */
  fault: LedgerFault | null;
  /**
   * Well-formed entries from the faulty line on. The chain vouches for none of them, so nothing is
   * built on them; `check draws` still reads what they record so that one break does not also
   * show up as every later period missing.
   */
  unchained: LedgerLine[];
  /** hash the next entry's `prev` must hold */
  headHash: string;
  nextSeq: number;
}

/**
 * The canonical line (docs/algorithm.md, "Canonical ledger line"): ECMAScript JSON.stringify of the
 * entry with its keys in this fixed order and no whitespace. A line whose bytes differ from the
 * canonical form of what it holds is a fault, so every entry has exactly one spelling.
 */
export function serialiseEntry(e: LedgerEntry): string {
  const ordered: LedgerEntry = {
    seq: e.seq,
    prev: e.prev,
    kind: e.kind,
    // only when the entry has it: an entry from before the key keeps its exact bytes
    ...(e.format === undefined ? {} : { format: e.format }),
    plan_id: e.plan_id,
    plan_year: e.plan_year,
    period: e.period,
    seed: e.seed,
    algorithm: e.algorithm,
    manifest_sha256: e.manifest_sha256,
    out_dir: e.out_dir,
    created_at: e.created_at,
    redraw: e.redraw,
    reason: e.reason,
    counts: e.counts.map((c) => ({
      task: c.task,
      stratum: c.stratum,
      eligible: c.eligible,
      quota: c.quota,
      drawn: c.drawn,
      full_coverage: c.full_coverage,
    })),
    drawn: [...e.drawn],
    full_coverage: [...e.full_coverage],
  };
  return JSON.stringify(ordered);
}

export const lineHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** One line's bytes, without its newline. */
export interface RawLine {
  line: number;
  bytes: Uint8Array;
  /** false only for a last line whose newline never got written */
  terminated: boolean;
}

/** Splits on LF only: the hash covers every other byte, a CR included. */
export function splitLines(bytes: Uint8Array): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push({ line: out.length + 1, bytes: bytes.subarray(start, i), terminated: true });
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push({ line: out.length + 1, bytes: bytes.subarray(start), terminated: false });
  return out;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The first field of an entry that has the wrong shape, or null. */
function badField(o: Record<string, unknown>): string | null {
  const isStr = (v: unknown) => typeof v === 'string';
  const isStrList = (v: unknown) => Array.isArray(v) && v.every(isStr);
  const checks: [string, (v: unknown) => boolean][] = [
    ['seq', (v) => Number.isSafeInteger(v) && (v as number) >= 1],
    ['prev', (v) => isStr(v) && HEX64.test(v as string)],
    ['kind', (v) => v === 'draw'],
    ['format', (v) => v === undefined || v === LEDGER_FORMAT],
    ['plan_id', isStr],
    ['plan_year', (v) => Number.isSafeInteger(v)],
    ['period', isStr],
    ['seed', isStr],
    ['algorithm', isStr],
    ['manifest_sha256', (v) => isStr(v) && HEX64.test(v as string)],
    ['out_dir', isStr],
    ['created_at', isStr],
    ['redraw', (v) => typeof v === 'boolean'],
    ['reason', (v) => v === null || isStr(v)],
    ['counts', (v) => Array.isArray(v) && v.every((c) => c !== null && typeof c === 'object')],
    ['drawn', isStrList],
    ['full_coverage', isStrList],
  ];
  for (const [field, ok] of checks) if (!ok(o[field])) return field;
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Fixed key order, no spaces, as serialiseEntry. */
export function serialiseResultsEntry(e: ResultsEntry): string {
  const ordered: ResultsEntry = {
    seq: e.seq,
    prev: e.prev,
    kind: 'results',
    plan_id: e.plan_id,
    plan_year: e.plan_year,
    period: e.period,
    draw_seq: e.draw_seq,
    draw_line_sha256: e.draw_line_sha256,
    draw_manifest_sha256: e.draw_manifest_sha256,
    register_sha256: e.register_sha256,
    publication_sha256: e.publication_sha256,
    manifest_sha256: e.manifest_sha256,
    out_dir: e.out_dir,
    published_on: e.published_on,
    created_at: e.created_at,
    republish: e.republish,
    reason: e.reason,
    units: e.units,
    inspected: e.inspected,
    problems: e.problems,
    by_result: { ...e.by_result },
    by_date: { ...e.by_date },
  };
  return JSON.stringify(ordered);
}

function badResultsField(o: Record<string, unknown>): string | null {
  const isStr = (v: unknown) => typeof v === 'string';
  const hex = (v: unknown) => isStr(v) && HEX64.test(v as string);
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const counts = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(count);
  const checks: [string, (v: unknown) => boolean][] = [
    ['seq', (v) => Number.isSafeInteger(v) && (v as number) >= 1],
    ['prev', hex],
    ['plan_id', isStr],
    ['plan_year', (v) => Number.isSafeInteger(v)],
    ['period', isStr],
    ['draw_seq', (v) => Number.isSafeInteger(v) && (v as number) >= 1],
    ['draw_line_sha256', hex],
    ['draw_manifest_sha256', hex],
    ['register_sha256', hex],
    ['publication_sha256', hex],
    ['manifest_sha256', hex],
    ['out_dir', isStr],
    ['published_on', (v) => isStr(v) && /^\d{4}-\d{2}-\d{2}$/.test(v as string)],
    ['created_at', isStr],
    ['republish', (v) => typeof v === 'boolean'],
    ['reason', (v) => v === null || isStr(v)],
    ['units', count],
    ['inspected', count],
    ['problems', count],
    ['by_result', counts],
    ['by_date', counts],
  ];
  for (const [field, ok] of checks) if (!ok(o[field])) return field;
  return null;
}

/** One line as an entry, or what is wrong with it on its own (before the chain is looked at). */
export function parseLine(raw: RawLine): { line: LedgerLine } | { results: ResultsLine } | { fault: LedgerFault } | { newer: { line: number; format: number } } {
  const line = raw.line;
  let text: string;
  try {
    text = utf8.decode(raw.bytes);
  } catch {
    return { fault: { kind: 'badJson', line, detail: 'not UTF-8' } };
  }
  if (text.trim() === '') return { fault: { kind: 'blankLine', line } };
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { fault: { kind: 'badJson', line, detail: (e as Error).message } };
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return { fault: { kind: 'badJson', line, detail: 'not an object' } };
  const rec = o as Record<string, unknown>;
  if (Number.isSafeInteger(rec.format) && (rec.format as number) > LEDGER_FORMAT) return { newer: { line, format: rec.format as number } };
  if (rec.kind === 'results') {
    const bad = badResultsField(rec);
    if (bad) return { fault: { kind: 'badField', line, seq: Number.isSafeInteger(rec.seq) ? (rec.seq as number) : null, field: bad } };
    return { results: { line, raw: text, entry: rec as unknown as ResultsEntry } };
  }
  const field = badField(rec);
  if (field) return { fault: { kind: 'badField', line, seq: Number.isSafeInteger(rec.seq) ? (rec.seq as number) : null, field } };
  return { line: { line, raw: text, entry: rec as unknown as LedgerEntry } };
}

/**
 * Parses ledger bytes and walks the chain up to the first fault: after a break nothing further
 * can be trusted, and the first break is what an auditor needs.
 */
export function parseLedger(input: Uint8Array | string, file?: string): LedgerChain {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const lines: LedgerLine[] = [];
  const results: ResultsLine[] = [];
  const unchained: LedgerLine[] = [];
  let fault: LedgerFault | null = null;
  let headHash = GENESIS_HASH;
  let last = null as { line: number; seq: number } | null;
  for (const raw of splitLines(bytes)) {
    const parsed = parseLine(raw);
    // not a break in the chain: this version cannot read the line, so it says so rather than judge it
    if ('newer' in parsed) {
      const at = { ...(file === undefined ? {} : { file }), line: parsed.newer.line, key: 'format', value: String(parsed.newer.format) };
      throw new CodedInputError('ledger.format.newer', { file: file ?? null, line: parsed.newer.line, format: parsed.newer.format, known: LEDGER_FORMAT }, [
        { ...at, code: 'ledger.format.newer.line', params: { format: parsed.newer.format, known: LEDGER_FORMAT } },
      ]);
    }
    const ok = 'line' in parsed ? parsed.line : 'results' in parsed ? parsed.results : null;
    if (!fault) {
      const expectedSeq: number = (last?.seq ?? 0) + 1;
      // a line without its newline is a write that never finished, whatever its bytes say
      if (!raw.terminated) fault = { kind: 'unterminated', line: raw.line };
      else if (!ok) fault = (parsed as { fault: LedgerFault }).fault;
      else if (ok.entry.seq !== expectedSeq) fault = { kind: 'missing', line: raw.line, expectedSeq, foundSeq: ok.entry.seq };
      else if (ok.entry.prev !== headHash) {
        fault = { kind: 'prevMismatch', line: raw.line, seq: ok.entry.seq, prevLine: last?.line ?? 0, prevSeq: last?.seq ?? 0 };
      } else if ('results' in parsed ? serialiseResultsEntry(parsed.results.entry) !== ok.raw : serialiseEntry((ok as LedgerLine).entry) !== ok.raw) {
        fault = { kind: 'notCanonical', line: raw.line, seq: ok.entry.seq };
      } else if ('results' in parsed) {
        results.push(parsed.results);
        last = { line: raw.line, seq: ok.entry.seq };
        headHash = lineHash(raw.bytes);
        continue;
      } else {
        const drawLine = ok as LedgerLine;
        const e = drawLine.entry;
        const first = e.redraw ? undefined : lines.find((l) => l.entry.plan_id === e.plan_id && l.entry.plan_year === e.plan_year && l.entry.period === e.period);
        if (first) fault = { kind: 'duplicatePeriod', line: raw.line, seq: e.seq, period: e.period, firstSeq: first.entry.seq };
        else {
          lines.push(drawLine);
          last = { line: raw.line, seq: ok.entry.seq };
          headHash = lineHash(raw.bytes);
          continue;
        }
      }
    }
    if (ok && 'line' in parsed) unchained.push(parsed.line);
  }
  return { lines, results, fault, unchained, headHash, nextSeq: (last?.seq ?? 0) + 1 };
}

/** Builds the next entry on top of the ledger as read. */
export function nextEntry(ledger: Pick<LedgerChain, 'nextSeq' | 'headHash'>, fields: Omit<LedgerEntry, 'seq' | 'prev' | 'kind'>): LedgerEntry {
  return { seq: ledger.nextSeq, prev: ledger.headHash, kind: 'draw', format: LEDGER_FORMAT, ...fields };
}

/** Entries of the same plan and year: what earlier draws of the year already took. */
export function entriesOfPlan(ledger: LedgerChain, planId: string, planYear: number): LedgerEntry[] {
  return ledger.lines.map((l) => l.entry).filter((e) => e.plan_id === planId && e.plan_year === planYear);
}

/**
 * Employers drawn at random by earlier draws of this plan and year, so nobody is drawn twice a
 * year. A redraw replaces the earlier draw of its period, so each other period counts with its
 * last entry only (as `check draws` reads it), and the period being drawn does not count at all.
 */
export function alreadyDrawnFor(ledger: LedgerChain, planId: string, planYear: number, period: string): string[] {
  const inForce = new Map<string, LedgerEntry>();
  for (const e of entriesOfPlan(ledger, planId, planYear)) if (e.period !== period) inForce.set(e.period, e);
  const set = new Set<string>();
  for (const e of inForce.values()) for (const u of e.drawn) set.add(u);
  return [...set].sort();
}

export function previousDrawsOfPeriod(ledger: LedgerChain, planId: string, planYear: number, period: string): LedgerLine[] {
  return ledger.lines.filter((l) => l.entry.plan_id === planId && l.entry.plan_year === planYear && l.entry.period === period);
}

/**
 * The fault as `draw` and `verify` name it (the entry's seq and the line): a stable code, docs/codes.md,
 * and its values. `check draws` words the same faults as findings of its own (core/check/draws.ts).
 */
export function faultCode(f: LedgerFault): { code: string; params: ProblemParams } {
  switch (f.kind) {
    case 'badJson':
      return { code: 'ledger.line.json', params: { line: f.line, detail: f.detail } };
    case 'badField':
      return { code: 'ledger.line.field', params: { line: f.line, seq: f.seq, field: f.field } };
    case 'missing':
      return { code: 'ledger.seq.gap', params: { line: f.line, expected_seq: f.expectedSeq, found_seq: f.foundSeq } };
    case 'prevMismatch':
      return { code: 'ledger.prev.mismatch', params: { line: f.line, seq: f.seq, prev_line: f.prevLine, prev_seq: f.prevSeq } };
    case 'blankLine':
      return { code: 'ledger.line.blank', params: { line: f.line } };
    case 'unterminated':
      return { code: 'ledger.line.unterminated', params: { line: f.line } };
    case 'notCanonical':
      return { code: 'ledger.line.noncanonical', params: { line: f.line, seq: f.seq } };
    case 'duplicatePeriod':
      return { code: 'ledger.period.duplicate', params: { line: f.line, seq: f.seq, period: f.period, first_seq: f.firstSeq } };
  }
}

/** Refuses to build on a broken ledger: a new entry would vouch for a chain nobody can check. */
export function assertIntact(ledger: LedgerChain, file: string): void {
  if (ledger.fault) throw new CodedInputError('ledger.broken', { file }, [{ file, line: ledger.fault.line, ...faultCode(ledger.fault) }]);
}

/** What a ledger entry should hold, as the manifest and the re-run draw say; null where nothing says. */
export type EntryExpectation = Pick<
  LedgerEntry,
  'plan_id' | 'plan_year' | 'period' | 'seed' | 'algorithm' | 'manifest_sha256' | 'created_at' | 'redraw' | 'reason' | 'counts' | 'drawn' | 'full_coverage'
> & { seq: number | null; prev: string | null };

/**
 * One field on which an entry and its manifest disagree. For the lists of employers, `expected`
 * holds those missing from the ledger and `found` those the ledger has in excess: a list of fifty
 * codes side by side would hide the one that changed.
 */
export interface EntryDisagreement {
  field: string;
  expected: string;
  found: string;
  list?: true;
}

const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The fields the ledger entry shares with the manifest (and the draw it re-runs) that disagree. The
 * chain cannot catch an edit of the last entry, and the manifest's hash alone says nothing about the
 * entry's other fields: an entry whose seed was changed still points at the right manifest.
 */
export function compareEntry(entry: LedgerEntry, want: EntryExpectation): EntryDisagreement[] {
  const out: EntryDisagreement[] = [];
  const scalar = (field: string, expected: unknown, found: unknown) => {
    if (expected !== null && expected !== undefined && expected !== found) out.push({ field, expected: shown(expected), found: shown(found) });
  };
  scalar('seq', want.seq, entry.seq);
  scalar('prev', want.prev, entry.prev);
  scalar('plan_id', want.plan_id, entry.plan_id);
  scalar('plan_year', want.plan_year, entry.plan_year);
  scalar('period', want.period, entry.period);
  scalar('seed', want.seed, entry.seed);
  scalar('algorithm', want.algorithm, entry.algorithm);
  scalar('manifest_sha256', want.manifest_sha256, entry.manifest_sha256);
  scalar('created_at', want.created_at, entry.created_at);
  scalar('redraw', want.redraw, entry.redraw);
  // reason may be null on both sides, so it cannot use scalar's "null means unknown"
  if ((want.reason ?? null) !== entry.reason) out.push({ field: 'reason', expected: shown(want.reason ?? null), found: shown(entry.reason) });

  const keys = ['task', 'stratum', 'eligible', 'quota', 'drawn', 'full_coverage'] as const;
  const rows = Math.max(want.counts.length, entry.counts.length);
  for (let i = 0; i < rows; i++) {
    const a = want.counts[i];
    const b = entry.counts[i] as Partial<LedgerCount> | undefined;
    if (!a || !b) {
      out.push({ field: `counts[${i}]`, expected: a ? shown(a) : '-', found: b ? shown(b) : '-' });
      continue;
    }
    for (const k of keys) if (a[k] !== b[k]) out.push({ field: `counts[${i}].${k}`, expected: shown(a[k]), found: shown(b[k]) });
  }

  for (const field of ['drawn', 'full_coverage'] as const) {
    const have = new Set(entry[field]);
    const should = new Set(want[field]);
    const missing = [...should].filter((u) => !have.has(u)).sort();
    const extra = [...have].filter((u) => !should.has(u)).sort();
    if (missing.length || extra.length) out.push({ field, expected: missing.join(', '), found: extra.join(', '), list: true });
  }
  return out;
}
