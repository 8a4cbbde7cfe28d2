import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadDisclosureRules } from '../../src/io/compliance.js';
import { decisionDeadlines, type DeadlineRow, type DisclosureRules } from '../../src/core/check/index.js';
import { addDays, addWorkingDays, countWorkingDays, type Calendar } from '../../src/core/calendar/index.js';
import { DECISION_KINDS, type Decision, type DecisionKind } from '../../src/core/records.js';

/**
 * Differential test of decisionDeadlines (one row literal per decision, rows sorted on a packed
 * numeric key with case numbers compared only on ties) against the code it replaced, kept here
 * verbatim: rows built by object spread and Array.prototype.sort with the field-by-field comparator.
 */
const URGENCY: Record<DeadlineRow['status'], number> = { 'withdrawal-overdue': 0, overdue: 1, 'withdrawal-late': 2, late: 3, 'withdrawal-due': 4, due: 5, withdrawn: 6, ok: 7 };
const lateBy = (cal: Calendar, deadline: string, day: string) => Math.max(1, countWorkingDays(cal, deadline, day));

function oldDeadlines(decisions: readonly Decision[], rules: DisclosureRules, cal: Calendar, asOf: string, warnDays: number): DeadlineRow[] {
  const ruleOf = new Map<DecisionKind, DisclosureRules['publish'][number]>();
  for (const r of rules.publish) for (const k of r.kinds) ruleOf.set(k, r);
  const rows = decisions.map((d) => oldRow(d, ruleOf.get(d.kind)!, rules, cal, asOf, warnDays));
  return rows.sort(
    (a, b) =>
      URGENCY[a.status] - URGENCY[b.status] ||
      (URGENCY[a.status] <= 3 ? b.workingDays - a.workingDays : a.workingDays - b.workingDays) ||
      (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
      (a.caseNo < b.caseNo ? -1 : 1),
  );
}

function oldRow(d: Decision, rule: DisclosureRules['publish'][number], rules: DisclosureRules, cal: Calendar, asOf: string, warnDays: number): DeadlineRow {
  const deadline = addWorkingDays(cal, d.decidedOn, rule.workingDays);
  const base = { caseNo: d.caseNo, kind: d.kind, decidedOn: d.decidedOn, publishedOn: d.publishedOn, deadline, revokedOn: d.revokedOn, withdrawnOn: d.withdrawnOn, line: d.line };
  if (d.revokedOn && d.publishedOn) {
    const wRule = rules.withdrawal.find((w) => w.kinds.includes(d.kind))!;
    const wDeadline = addWorkingDays(cal, d.revokedOn, wRule.workingDays);
    const wBase = { ...base, withdrawalDeadline: wDeadline, deadline: wDeadline, basis: wRule.basis };
    if (d.withdrawnOn) {
      return d.withdrawnOn > wDeadline
        ? { ...wBase, status: 'withdrawal-late', workingDays: lateBy(cal, wDeadline, d.withdrawnOn), soon: false }
        : { ...wBase, status: 'withdrawn', workingDays: 0, soon: false };
    }
    if (asOf > wDeadline) return { ...wBase, status: 'withdrawal-overdue', workingDays: lateBy(cal, wDeadline, asOf), soon: false };
    const left = countWorkingDays(cal, asOf, wDeadline);
    return { ...wBase, status: 'withdrawal-due', workingDays: left, soon: left <= warnDays };
  }
  const pBase = { ...base, withdrawalDeadline: null, basis: rule.basis };
  if (d.publishedOn) {
    return d.publishedOn > deadline
      ? { ...pBase, status: 'late', workingDays: lateBy(cal, deadline, d.publishedOn), soon: false }
      : { ...pBase, status: 'ok', workingDays: 0, soon: false };
  }
  if (d.revokedOn) return { ...pBase, status: 'ok', workingDays: 0, soon: false };
  if (asOf > deadline) return { ...pBase, status: 'overdue', workingDays: lateBy(cal, deadline, asOf), soon: false };
  const left = countWorkingDays(cal, asOf, deadline);
  return { ...pBase, status: 'due', workingDays: left, soon: left <= warnDays };
}

const cal = await loadCalendar();
const rules = await loadDisclosureRules();
/** Property runs give the event loop a turn, so vitest's worker can still answer its RPC on a loaded machine. */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

// Few distinct days and case numbers that share prefixes, so rows tie on status, days and deadline
// and the case number decides; CJK, ASCII and astral characters, since the order is by UTF-16 unit.
const day = fc.integer({ min: 0, max: 90 }).map((n) => addDays('2025-12-15', n));
const caseNo = fc
  .tuple(fc.constantFrom('清人社监罚〔2026〕', '清人社监罚〔2025〕', '清人社许〔2026〕', 'A-', '𠀀号', ''), fc.integer({ min: 0, max: 400 }))
  .map(([p, n]) => `${p}${n}号`);
const decisionArb = fc
  .record({
    caseNo,
    kind: fc.constantFrom(...DECISION_KINDS),
    decidedOn: day,
    lag: fc.option(fc.integer({ min: 0, max: 40 })),
    revoke: fc.option(fc.integer({ min: 1, max: 20 })),
    withdraw: fc.option(fc.integer({ min: 0, max: 10 })),
  })
  .map(({ caseNo, kind, decidedOn, lag, revoke, withdraw }) => {
    const publishedOn = lag === null ? null : addDays(decidedOn, lag);
    const revokedOn = revoke === null ? null : addDays(publishedOn ?? decidedOn, revoke);
    const withdrawnOn = revokedOn === null || withdraw === null ? null : addDays(revokedOn, withdraw);
    return { caseNo, kind, decidedOn, publishedOn, revokedOn, withdrawnOn };
  });

describe('decisionDeadlines agrees with the spread-and-sort code it replaced', () => {
  it('same rows in the same order on random decision lists (ties on everything but the case number included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(decisionArb, { selector: (d) => d.caseNo, maxLength: 300 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 10 }), async (list, asOfDay, warn) => {
        await breathe();
        const decisions: Decision[] = list.map((d, i) => ({ ...d, fine: null, line: i + 2, extra: [] }));
        const asOf = addDays('2026-01-10', asOfDay);
        expect(decisionDeadlines(decisions, rules, cal, asOf, warn)).toEqual(oldDeadlines(decisions, rules, cal, asOf, warn));
      }),
      { numRuns: 150 },
    );
  });

  it('a case number twice among otherwise equal rows falls back to the old sort and gives its order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(decisionArb, { maxLength: 60 }), async (list) => {
        await breathe();
        const decisions: Decision[] = [...list, ...list].map((d, i) => ({ ...d, fine: null, line: i + 2, extra: [] }));
        expect(decisionDeadlines(decisions, rules, cal, '2026-02-01', 5)).toEqual(oldDeadlines(decisions, rules, cal, '2026-02-01', 5));
      }),
      { numRuns: 60 },
    );
  });

  it('10,000 decisions over 2020-2026 in one list', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const decisions: Decision[] = Array.from({ length: 10_000 }, (_, i) => {
      const decidedOn = addDays('2020-01-02', Math.floor(rnd() * 2500));
      const r = rnd();
      const publishedOn = r < 0.9 ? addDays(decidedOn, Math.floor(rnd() * 30)) : null;
      const revokedOn = publishedOn && r < 0.1 ? addDays(publishedOn, 1 + Math.floor(rnd() * 20)) : null;
      return { caseNo: `省人社〔${decidedOn.slice(0, 4)}〕${(i * 7919) % 10_000}号`, kind: DECISION_KINDS[i % 6]!, decidedOn, publishedOn, revokedOn, withdrawnOn: revokedOn && rnd() < 0.5 ? addDays(revokedOn, Math.floor(rnd() * 6)) : null, fine: null, line: i + 2, extra: [] };
    });
    expect(decisionDeadlines(decisions, rules, cal, '2026-11-21', 5)).toEqual(oldDeadlines(decisions, rules, cal, '2026-11-21', 5));
  });
});
