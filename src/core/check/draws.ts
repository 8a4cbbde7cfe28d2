import { createHash } from 'node:crypto';
import { m } from '../../i18n/index.js';
import type { IsoDate } from '../values.js';
import { result, type CheckResult, type Finding } from './findings.js';
import { planPeriods, type PlanView } from './plan-view.js';

/**
 * The draw ledger (written by the draw CLI): one JSON object per line, each line naming the
 * SHA-256 of the previous line's bytes, so an edited, removed or reordered line breaks the chain.
 * This check reads it independently of the writer: a broken chain is a finding, not an input
 * error, because the point of a monthly check is to notice exactly that.
 */
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
  kind: string;
  plan_id: string;
  plan_year: number;
  period: string;
  created_at: string;
  redraw: boolean;
  counts: LedgerCount[];
  drawn: string[];
  line: number;
}

const ZERO = '0'.repeat(64);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface LedgerRead {
  entries: LedgerEntry[];
  /** chain and format breaks, as findings */
  breaks: Finding[];
}

export function readLedger(bytes: Uint8Array, file?: string): LedgerRead {
  const t = m().check;
  const breaks: Finding[] = [];
  const entries: LedgerEntry[] = [];
  const brk = (line: number, message: string) => breaks.push({ check: 'draws', severity: 'finding', subject: t.ledgerSubject, file, line, message });
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) {
    lines.push(bytes.subarray(start));
    brk(lines.length, t.ledgerNoNewline);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let prevHash = ZERO;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const expectedPrev = prevHash;
    prevHash = sha256(raw);
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(decoder.decode(raw)) as Record<string, unknown>;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('not an object');
    } catch {
      return void brk(lineNo, t.ledgerBadLine);
    }
    if (obj.seq !== lineNo) brk(lineNo, t.ledgerBadSeq(lineNo, obj.seq));
    if (obj.prev !== expectedPrev) brk(lineNo, t.ledgerBadPrev(lineNo));
    const counts = Array.isArray(obj.counts) ? (obj.counts as LedgerCount[]) : [];
    entries.push({
      seq: Number(obj.seq),
      prev: String(obj.prev),
      kind: String(obj.kind ?? ''),
      plan_id: String(obj.plan_id ?? ''),
      plan_year: Number(obj.plan_year),
      period: String(obj.period ?? ''),
      created_at: String(obj.created_at ?? ''),
      redraw: obj.redraw === true,
      counts,
      drawn: Array.isArray(obj.drawn) ? obj.drawn.map(String) : [],
      line: lineNo,
    });
  });
  return { entries, breaks };
}

export function checkDraws(ledger: LedgerRead, plan: PlanView, asOf: IsoDate, file?: string, planFile?: string): CheckResult {
  const t = m().check;
  const all: Finding[] = [...ledger.breaks];
  const mine = ledger.entries.filter((e) => e.kind === 'draw' && e.plan_id === plan.id && e.plan_year === plan.year);
  // a redraw replaces the earlier draw of its period: the last entry is the one in force
  const inForce = new Map<string, LedgerEntry>();
  for (const e of mine) inForce.set(e.period, e);

  const periods = planPeriods(plan);
  const ended = periods.filter((p) => p.end < asOf);
  for (const p of ended) {
    if (!inForce.has(p.label)) all.push({ check: 'draws', severity: 'finding', subject: p.label, file: planFile, message: t.periodMissing(p.label, p.end) });
  }
  const known = new Set(periods.map((p) => p.label));
  for (const e of inForce.values()) {
    if (!known.has(e.period)) all.push({ check: 'draws', severity: 'warning', subject: e.period, file, line: e.line, message: t.periodUnknown(e.period, periods.map((p) => p.label)) });
  }
  const current = periods.find((p) => p.start <= asOf && asOf <= p.end);
  if (current && !inForce.has(current.label)) {
    all.push({ check: 'draws', severity: 'warning', subject: current.label, file: planFile, message: t.periodOpen(current.label, current.end) });
  }

  for (const e of inForce.values()) {
    for (const c of e.counts) {
      if (Number(c.drawn) < Number(c.quota)) {
        all.push({ check: 'draws', severity: 'finding', subject: `${e.period} ${c.task}`, file, line: e.line, message: t.quotaShort(c.stratum, Number(c.quota), Number(c.drawn), Number(c.eligible)) });
      }
    }
  }

  // The year's ratio: what the ended periods should have drawn, pro rata. Per-stratum quotas are
  // rounded, so each (period, stratum) may fall short of the exact share by less than one.
  if (ended.length) {
    for (const task of plan.tasks) {
      if (task.ratioPerYear === null) continue;
      let drawn = 0;
      let eligible = 0;
      let strata = 0;
      for (const p of ended) {
        const e = inForce.get(p.label);
        if (!e) continue;
        const rows = e.counts.filter((c) => c.task === task.id);
        drawn += rows.reduce((s, c) => s + Number(c.drawn), 0);
        eligible = Math.max(eligible, rows.reduce((s, c) => s + Number(c.eligible), 0));
        strata += rows.length;
      }
      const target = task.ratioPerYear * eligible * (ended.length / plan.frequency);
      if (eligible > 0 && drawn + strata < Math.floor(target)) {
        all.push({ check: 'draws', severity: 'finding', subject: `${plan.year} ${task.id}`, file, message: t.ratioBehind(task.name, ended.length, plan.frequency, drawn, Math.floor(target), task.ratioPerYear) });
      }
    }
  }

  if (!plan.allowRepeatWithinYear) {
    const first = new Map<string, string>();
    for (const e of [...inForce.values()].sort((a, b) => a.line - b.line)) {
      for (const uscc of e.drawn) {
        const was = first.get(uscc);
        if (was !== undefined && was !== e.period) all.push({ check: 'draws', severity: 'finding', subject: uscc, file, line: e.line, message: t.drawnTwice(uscc, was, e.period) });
        else first.set(uscc, e.period);
      }
    }
  }
  return result('draws', all, ledger.entries.length);
}
