import { promises as fs } from 'node:fs';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { appendLineDurable, sha256Hex } from './files.js';

/**
 * The draw ledger (全程留痕): an append-only JSON Lines file, one draw per line, each line
 * holding the SHA-256 of the previous line's bytes. Removing or editing any line but the
 * last breaks the chain at the next line; the last line is anchored by the next draw's
 * manifest (prev_ledger_hash) and by publishing the ledger's latest hash.
 *
 * The byte format is shared with `check draws`: keep the key order of serialiseEntry.
 */

export const GENESIS_HASH = '0'.repeat(64);

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

export type LedgerFault =
  | { kind: 'badJson'; line: number; detail: string }
  | { kind: 'badField'; line: number; seq: number | null; field: string }
  | { kind: 'missing'; line: number; expectedSeq: number; foundSeq: number }
  | { kind: 'prevMismatch'; line: number; seq: number; prevLine: number; prevSeq: number }
  | { kind: 'blankLine'; line: number }
  | { kind: 'unterminated'; line: number };

export interface Ledger {
  file: string;
  exists: boolean;
  lines: LedgerLine[];
  /** the first break in the chain, or null when every line links to the one before */
  fault: LedgerFault | null;
  /** hash the next entry's `prev` must hold */
  headHash: string;
  nextSeq: number;
}

/** Fixed key order, no spaces: the bytes other tools hash. */
export function serialiseEntry(e: LedgerEntry): string {
  const ordered: LedgerEntry = {
    seq: e.seq,
    prev: e.prev,
    kind: e.kind,
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

const HEX64 = /^[0-9a-f]{64}$/;

/** The first field of an entry that has the wrong shape, or null. */
function badField(o: Record<string, unknown>): string | null {
  const isStr = (v: unknown) => typeof v === 'string';
  const isStrList = (v: unknown) => Array.isArray(v) && v.every(isStr);
  const checks: [string, (v: unknown) => boolean][] = [
    ['seq', (v) => Number.isSafeInteger(v) && (v as number) >= 1],
    ['prev', (v) => isStr(v) && HEX64.test(v as string)],
    ['kind', (v) => v === 'draw'],
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

/**
 * Parses ledger text and walks the chain. Stops at the first fault: after a break,
 * nothing further can be trusted, and the first break is what an auditor needs.
 */
export function parseLedgerText(text: string, file: string, exists = true): Ledger {
  const lines: LedgerLine[] = [];
  let fault: LedgerFault | null = null;
  let headHash = GENESIS_HASH;
  if (text.length > 0) {
    const parts = text.split('\n');
    const terminated = parts[parts.length - 1] === '';
    if (terminated) parts.pop();
    for (let i = 0; i < parts.length; i++) {
      const lineNo = i + 1;
      const raw = parts[i]!;
      if (!terminated && i === parts.length - 1) {
        // a line without its newline is a write that never finished
        fault = { kind: 'unterminated', line: lineNo };
        break;
      }
      if (raw.trim() === '') {
        fault = { kind: 'blankLine', line: lineNo };
        break;
      }
      let o: unknown;
      try {
        o = JSON.parse(raw);
      } catch (e) {
        fault = { kind: 'badJson', line: lineNo, detail: (e as Error).message };
        break;
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o)) {
        fault = { kind: 'badJson', line: lineNo, detail: 'not an object' };
        break;
      }
      const rec = o as Record<string, unknown>;
      const field = badField(rec);
      if (field) {
        fault = { kind: 'badField', line: lineNo, seq: Number.isSafeInteger(rec.seq) ? (rec.seq as number) : null, field };
        break;
      }
      const entry = rec as unknown as LedgerEntry;
      const expectedSeq = lines.length + 1;
      if (entry.seq !== expectedSeq) {
        fault = { kind: 'missing', line: lineNo, expectedSeq, foundSeq: entry.seq };
        break;
      }
      if (entry.prev !== headHash) {
        const before = lines[lines.length - 1];
        fault = { kind: 'prevMismatch', line: lineNo, seq: entry.seq, prevLine: before?.line ?? 0, prevSeq: before?.entry.seq ?? 0 };
        break;
      }
      lines.push({ line: lineNo, raw, entry });
      headHash = sha256Hex(Buffer.from(raw, 'utf8'));
    }
  }
  return { file, exists, lines, fault, headHash, nextSeq: lines.length + 1 };
}

/** A missing ledger is an empty one: the office's first draw creates it. */
export async function readLedger(file: string): Promise<Ledger> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return parseLedgerText('', file, false);
    if (code === 'EISDIR') throw new InputError(m().io.isDirectory(file));
    throw new InputError(m().io.cannotRead(file, (e as Error).message));
  }
  return parseLedgerText(text, file, true);
}

/** The fault in words, naming the entry (seq) and the line. */
export function describeFault(f: LedgerFault): string {
  const t = m().drawCli.ledger;
  switch (f.kind) {
    case 'badJson':
      return t.badJson(f.line, f.detail);
    case 'badField':
      return t.badField(f.line, f.seq, f.field);
    case 'missing':
      return t.missing(f.line, f.expectedSeq, f.foundSeq);
    case 'prevMismatch':
      return t.prevMismatch(f.line, f.seq, f.prevLine, f.prevSeq);
    case 'blankLine':
      return t.blankLine(f.line);
    case 'unterminated':
      return t.unterminated(f.line);
  }
}

/** Refuses to build on a broken ledger: a new entry would vouch for a chain nobody can check. */
export function assertIntact(ledger: Ledger): void {
  if (ledger.fault) {
    const msg = describeFault(ledger.fault);
    throw new InputError(m().drawCli.ledger.broken(ledger.file), [{ file: ledger.file, line: ledger.fault.line, message: msg }]);
  }
}

/** Entries of the same plan and year: what earlier draws of the year already took. */
export function entriesOfPlan(ledger: Ledger, planId: string, planYear: number): LedgerEntry[] {
  return ledger.lines.map((l) => l.entry).filter((e) => e.plan_id === planId && e.plan_year === planYear);
}

/**
 * Employers drawn at random by earlier draws of this plan and year, so nobody is drawn twice a
 * year. A redraw replaces the earlier draw of its period, so each other period counts with its
 * last entry only (as `check draws` reads it), and the period being drawn does not count at all.
 */
export function alreadyDrawnFor(ledger: Ledger, planId: string, planYear: number, period: string): string[] {
  const inForce = new Map<string, LedgerEntry>();
  for (const e of entriesOfPlan(ledger, planId, planYear)) if (e.period !== period) inForce.set(e.period, e);
  const set = new Set<string>();
  for (const e of inForce.values()) for (const u of e.drawn) set.add(u);
  return [...set].sort();
}

export function previousDrawsOfPeriod(ledger: Ledger, planId: string, planYear: number, period: string): LedgerLine[] {
  return ledger.lines.filter((l) => l.entry.plan_id === planId && l.entry.plan_year === planYear && l.entry.period === period);
}

/** Builds the next entry on top of the ledger as read. */
export function nextEntry(ledger: Ledger, fields: Omit<LedgerEntry, 'seq' | 'prev' | 'kind'>): LedgerEntry {
  return { seq: ledger.nextSeq, prev: ledger.headHash, kind: 'draw', ...fields };
}

/**
 * Appends an entry, first re-reading the ledger: if another draw was appended since we read it,
 * our entry's prev would be wrong, so we refuse rather than break the chain.
 */
export async function appendEntry(file: string, expectedHead: string, entry: LedgerEntry): Promise<void> {
  const now = await readLedger(file);
  if (now.fault || now.headHash !== expectedHead) throw new InputError(m().drawCli.ledger.changedMeanwhile(file));
  await appendLineDurable(file, serialiseEntry(entry) + '\n');
}
