import { m } from '../../i18n/index.js';
import { parseLedger, type LedgerFault, type LedgerLine } from '../ledger.js';
import type { IsoDate } from '../values.js';
import { result, type CheckResult, type Finding } from './findings.js';
import { planPeriods, type PlanView } from './plan-view.js';

/**
 * The draw ledger as `check draws` reads it. It uses the same parser and chain walk as `draw`,
 * but a broken chain is a finding here, not an input error: the point of a monthly check is to
 * notice exactly that.
 */
export interface LedgerRead {
  /** the chained entries, then the well-formed ones past a break */
  entries: LedgerLine[];
  /** the first chain or format break, as a finding */
  breaks: Finding[];
}

function faultMessage(f: LedgerFault): string {
  const t = m().check;
  switch (f.kind) {
    case 'unterminated':
      return t.ledgerNoNewline;
    case 'badJson':
    case 'blankLine':
      return t.ledgerBadLine;
    case 'badField':
      return t.ledgerBadField(f.field);
    case 'missing':
      return t.ledgerBadSeq(f.expectedSeq, f.foundSeq);
    case 'prevMismatch':
      return t.ledgerBadPrev(f.line);
    case 'notCanonical':
      return m().txn.notCanonical(f.line, f.seq);
    case 'duplicatePeriod':
      return m().txn.duplicatePeriod(f.line, f.seq, f.period, f.firstSeq);
  }
}

export function readLedger(bytes: Uint8Array, file?: string): LedgerRead {
  const chain = parseLedger(bytes);
  const breaks: Finding[] = chain.fault
    ? [{ check: 'draws', severity: 'finding', subject: m().check.ledgerSubject, file, line: chain.fault.line, message: faultMessage(chain.fault) }]
    : [];
  return { entries: [...chain.lines, ...chain.unchained], breaks };
}

export function checkDraws(ledger: LedgerRead, plan: PlanView, asOf: IsoDate, file?: string, planFile?: string): CheckResult {
  const t = m().check;
  const all: Finding[] = [...ledger.breaks];
  const mine = ledger.entries.filter(({ entry: e }) => e.plan_id === plan.id && e.plan_year === plan.year);
  // a redraw replaces the earlier draw of its period: the last entry is the one in force
  const inForce = new Map<string, LedgerLine>();
  for (const l of mine) inForce.set(l.entry.period, l);

  const periods = planPeriods(plan);
  const ended = periods.filter((p) => p.end < asOf);
  for (const p of ended) {
    if (!inForce.has(p.label)) all.push({ check: 'draws', severity: 'finding', subject: p.label, file: planFile, message: t.periodMissing(p.label, p.end) });
  }
  const known = new Set(periods.map((p) => p.label));
  for (const { line, entry: e } of inForce.values()) {
    if (!known.has(e.period)) all.push({ check: 'draws', severity: 'warning', subject: e.period, file, line, message: t.periodUnknown(e.period, periods.map((p) => p.label)) });
  }
  const current = periods.find((p) => p.start <= asOf && asOf <= p.end);
  if (current && !inForce.has(current.label)) {
    all.push({ check: 'draws', severity: 'warning', subject: current.label, file: planFile, message: t.periodOpen(current.label, current.end) });
  }

  for (const { line, entry: e } of inForce.values()) {
    for (const c of e.counts) {
      if (Number(c.drawn) < Number(c.quota)) {
        all.push({ check: 'draws', severity: 'finding', subject: `${e.period} ${c.task}`, file, line, message: t.quotaShort(c.stratum, Number(c.quota), Number(c.drawn), Number(c.eligible)) });
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
        const e = inForce.get(p.label)?.entry;
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
    for (const { line, entry: e } of [...inForce.values()].sort((a, b) => a.line - b.line)) {
      for (const uscc of e.drawn) {
        const was = first.get(uscc);
        if (was !== undefined && was !== e.period) all.push({ check: 'draws', severity: 'finding', subject: uscc, file, line, message: t.drawnTwice(uscc, was, e.period) });
        else first.set(uscc, e.period);
      }
    }
  }
  return result('draws', all, ledger.entries.length);
}
