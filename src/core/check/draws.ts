import { parseLedger, type LedgerFault, type LedgerLine } from '../ledger.js';
import type { IsoDate } from '../values.js';
import { joinList, result, type CheckResult, type Finding } from './findings.js';
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

/** A chain break as `check draws` reports it: a finding about the ledger, not an input error. */
function faultFinding(f: LedgerFault): Pick<Finding, 'code' | 'params'> {
  switch (f.kind) {
    case 'unterminated':
      return { code: 'check.draws.ledger.unterminated', params: {} };
    case 'badJson':
    case 'blankLine':
      return { code: 'check.draws.ledger.line.bad', params: {} };
    case 'badField':
      return { code: 'check.draws.ledger.field.bad', params: { field: f.field } };
    case 'missing':
      return { code: 'check.draws.ledger.seq.bad', params: { expected_seq: f.expectedSeq, found_seq: f.foundSeq } };
    case 'prevMismatch':
      return { code: 'check.draws.ledger.prev.bad', params: { line: f.line } };
    case 'notCanonical':
      return { code: 'check.draws.ledger.noncanonical', params: { line: f.line, seq: f.seq } };
    case 'duplicatePeriod':
      return { code: 'check.draws.ledger.period.duplicate', params: { line: f.line, seq: f.seq, period: f.period, first_seq: f.firstSeq } };
  }
}

export function readLedger(bytes: Uint8Array, file?: string): LedgerRead {
  const chain = parseLedger(bytes, file);
  const breaks: Finding[] = chain.fault
    ? [{ check: 'draws', severity: 'finding', subject: { code: 'check.subject.ledger', params: {} }, file, line: chain.fault.line, ...faultFinding(chain.fault) }]
    : [];
  return { entries: [...chain.lines, ...chain.unchained], breaks };
}

export function checkDraws(ledger: LedgerRead, plan: PlanView, asOf: IsoDate, file?: string, planFile?: string): CheckResult {
  const all: Finding[] = [...ledger.breaks];
  const mine = ledger.entries.filter(({ entry: e }) => e.plan_id === plan.id && e.plan_year === plan.year);
  // a redraw replaces the earlier draw of its period: the last entry is the one in force
  const inForce = new Map<string, LedgerLine>();
  for (const l of mine) inForce.set(l.entry.period, l);

  const periods = planPeriods(plan);
  const ended = periods.filter((p) => p.end < asOf);
  for (const p of ended) {
    if (!inForce.has(p.label)) all.push({ check: 'draws', severity: 'finding', subject: p.label, file: planFile, code: 'check.draws.period.missing', params: { period: p.label, end: p.end } });
  }
  const known = new Set(periods.map((p) => p.label));
  for (const { line, entry: e } of inForce.values()) {
    if (!known.has(e.period)) all.push({ check: 'draws', severity: 'warning', subject: e.period, file, line, code: 'check.draws.period.unknown', params: { period: e.period, known: joinList(periods.map((p) => p.label)) } });
  }
  const current = periods.find((p) => p.start <= asOf && asOf <= p.end);
  if (current && !inForce.has(current.label)) {
    all.push({ check: 'draws', severity: 'warning', subject: current.label, file: planFile, code: 'check.draws.period.open', params: { period: current.label, end: current.end } });
  }

  for (const { line, entry: e } of inForce.values()) {
    for (const c of e.counts) {
      if (Number(c.drawn) < Number(c.quota)) {
        all.push({ check: 'draws', severity: 'finding', subject: `${e.period} ${c.task}`, file, line, code: 'check.draws.quota.short', params: { stratum: c.stratum, quota: Number(c.quota), drawn: Number(c.drawn), eligible: Number(c.eligible) } });
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
        all.push({ check: 'draws', severity: 'finding', subject: `${plan.year} ${task.id}`, file, code: 'check.draws.ratio.behind', params: { task: task.name, ended: ended.length, frequency: plan.frequency, drawn, target: Math.floor(target), ratio: task.ratioPerYear } });
      }
    }
  }

  if (!plan.allowRepeatWithinYear) {
    const first = new Map<string, string>();
    for (const { line, entry: e } of [...inForce.values()].sort((a, b) => a.line - b.line)) {
      for (const uscc of e.drawn) {
        const was = first.get(uscc);
        if (was !== undefined && was !== e.period) all.push({ check: 'draws', severity: 'finding', subject: uscc, file, line, code: 'check.draws.drawn.twice', params: { uscc, first: was, again: e.period } });
        else first.set(uscc, e.period);
      }
    }
  }
  return result('draws', all, ledger.entries.length);
}
