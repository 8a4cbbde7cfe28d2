import { thrownWords } from '../support/worded.js';
import { planFrom } from '../../src/io/plan.js';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadDisclosureRules } from '../../src/io/compliance.js';
import { parseYamlText } from '../../src/io/yaml.js';
import {
  annualReportDeadline,
  buildReport,
  checkAnnualReport,
  checkCases,
  checkDraws,
  checkRoster,
  deadlineFindings,
  decisionDeadlines,
  parseAnnualRule,
  parseDisclosureRules,
  readLedger,
  type CaseRecord,
  type PlanView,
} from '../../src/core/check/index.js';
import { UncoveredYearError } from '../../src/core/calendar/index.js';
import { annualHowText, findingText, renderReport } from '../../src/ui/report/index.js';
import type { Decision, DecisionKind, Inspector } from '../../src/core/records.js';
import { InputError, type Problem } from '../../src/errors.js';

const cal = await loadCalendar();
const rules = await loadDisclosureRules();

let line = 1;
function decision(kind: DecisionKind, decidedOn: string, o: Partial<Decision> = {}): Decision {
  line++;
  return { caseNo: `案${line}`, kind, decidedOn, publishedOn: null, revokedOn: null, withdrawnOn: null, fine: null, line, extra: [], ...o };
}

describe('check deadlines', () => {
  const row = (d: Decision, asOf: string, warn = 5) => decisionDeadlines([d], rules, cal, asOf, warn)[0]!;

  it('uses the known answers: 7 working days for 行政处罚 and 行政许可', () => {
    expect(row(decision('行政处罚', '2025-09-30'), '2025-09-30').deadline).toBe('2025-10-16');
    expect(row(decision('行政许可', '2026-02-12'), '2026-02-12').deadline).toBe('2026-02-28');
    expect(row(decision('行政处罚', '2025-01-24'), '2025-01-24').deadline).toBe('2025-02-10');
  });

  it('gives other kinds 20 working days', () => {
    expect(row(decision('行政处理', '2026-09-30'), '2026-10-01').deadline).toBe('2026-11-03');
    expect(row(decision('行政检查', '2026-09-30'), '2026-10-01').deadline).toBe('2026-11-03');
  });

  it('ok on the deadline day, late by working days after it', () => {
    expect(row(decision('行政处罚', '2025-09-30', { publishedOn: '2025-10-16' }), '2025-12-01')).toMatchObject({ status: 'ok', workingDays: 0 });
    expect(row(decision('行政处罚', '2025-09-30', { publishedOn: '2025-10-17' }), '2025-12-01')).toMatchObject({ status: 'late', workingDays: 1 });
    expect(row(decision('行政处罚', '2025-09-30', { publishedOn: '2025-10-21' }), '2025-12-01')).toMatchObject({ status: 'late', workingDays: 3 });
    // published on the Sunday after a Friday deadline: still late
    expect(row(decision('行政处罚', '2026-03-04', { publishedOn: '2026-03-15' }), '2026-04-01')).toMatchObject({ deadline: '2026-03-13', status: 'late', workingDays: 1 });
  });

  it('overdue when unpublished past the deadline; due with working days left before it', () => {
    expect(row(decision('行政处罚', '2025-09-30'), '2025-10-17')).toMatchObject({ status: 'overdue', workingDays: 1 });
    expect(row(decision('行政处罚', '2025-09-30'), '2025-10-14')).toMatchObject({ status: 'due', workingDays: 2, soon: true });
    expect(row(decision('行政处罚', '2025-09-30'), '2025-10-14', 1)).toMatchObject({ status: 'due', workingDays: 2, soon: false });
    expect(row(decision('行政处罚', '2025-09-30'), '2025-10-16')).toMatchObject({ status: 'due', workingDays: 0, soon: true });
  });

  it('a revoked published decision must come down within 3 working days', () => {
    const pub = { publishedOn: '2026-02-20', revokedOn: '2026-03-02' };
    expect(row(decision('行政处罚', '2026-02-13', pub), '2026-03-06')).toMatchObject({ status: 'withdrawal-overdue', deadline: '2026-03-05', workingDays: 1 });
    expect(row(decision('行政处罚', '2026-02-13', { ...pub, withdrawnOn: '2026-03-05' }), '2026-03-06')).toMatchObject({ status: 'withdrawn' });
    expect(row(decision('行政处罚', '2026-02-13', { ...pub, withdrawnOn: '2026-03-09' }), '2026-03-10')).toMatchObject({ status: 'withdrawal-late', workingDays: 2 });
    expect(row(decision('行政处罚', '2026-02-13', pub), '2026-03-03')).toMatchObject({ status: 'withdrawal-due', workingDays: 2, soon: true });
    expect(row(decision('行政处罚', '2026-02-13', { revokedOn: '2026-02-16' }), '2026-06-01')).toMatchObject({ status: 'ok' });
  });

  it('sorts by urgency and reports late, overdue and withdrawal-overdue as findings, due soon as warnings', () => {
    const ds = [
      decision('行政处罚', '2026-10-09', { publishedOn: '2026-10-12' }),
      decision('行政处罚', '2026-11-18'),
      decision('行政处罚', '2026-10-09', { publishedOn: '2026-11-02' }),
      decision('行政处罚', '2026-10-09'),
      decision('行政处罚', '2026-06-01', { publishedOn: '2026-06-02', revokedOn: '2026-11-02' }),
      decision('行政处理', '2026-11-20'),
    ];
    const rows = decisionDeadlines(ds, rules, cal, '2026-11-21', 5);
    expect(rows.map((r) => r.status)).toEqual(['withdrawal-overdue', 'overdue', 'late', 'due', 'due', 'ok']);
    const res = deadlineFindings(rows, 'd.csv');
    expect(res.findings).toHaveLength(3);
    expect(res.warnings).toHaveLength(1);
    expect(res.findings[0]).toMatchObject({ file: 'd.csv', line: ds[4]!.line });
  });

  it('refuses a deadline that runs into 2027, naming the year', () => {
    expect(() => decisionDeadlines([decision('行政处罚', '2026-12-28')], rules, cal, '2026-12-28', 5)).toThrow(UncoveredYearError);
    expect(thrownWords(() => decisionDeadlines([decision('行政处罚', '2026-12-28')], rules, cal, '2026-12-28', 5))).toMatch(/2027/);
  });

  it('the 新疆 overlay moves a deadline across 2026-03-20', async () => {
    const xj = await loadCalendar({ region: 'xinjiang' });
    const d = decision('行政处罚', '2026-03-12');
    expect(decisionDeadlines([d], rules, cal, '2026-03-13', 5)[0]!.deadline).toBe('2026-03-23');
    expect(decisionDeadlines([d], rules, xj, '2026-03-13', 5)[0]!.deadline).toBe('2026-03-24');
  });

  it('rules files are validated with every problem located', () => {
    const src = parseYamlText('publish:\n  - kinds: [行政许可, 行政罚]\n    working_days: -1\nwithdrawal:\n  working_days: 3\n', 'r.yaml');
    try {
      parseDisclosureRules(src.data, src.problem, 'r.yaml');
      expect.unreachable();
    } catch (e) {
      const ps = (e as InputError).problems;
      expect(ps.map((p) => p.key)).toEqual(expect.arrayContaining(['publish[0].kinds', 'publish[0].working_days', 'publish[0].basis', 'withdrawal.basis']));
      expect(ps.filter((p) => p.key === 'publish').length).toBeGreaterThanOrEqual(4); // kinds without a deadline
    }
  });
});

describe('check cases', () => {
  const c = (openedOn: string, o: Partial<CaseRecord> = {}): CaseRecord => ({ caseNo: `立${openedOn}`, openedOn, extended: false, closedOn: null, referredOn: null, line: 2, ...o });
  it('60 working days from 立案, +30 with an approved extension', () => {
    // 2026-07-20 + 60 working days = 2026-10-16 (国庆 10-01..07, Sun 09-20 and Sat 10-10 worked)
    expect(checkCases([c('2026-07-20', { closedOn: '2026-10-16' })], cal, '2026-11-21', 5).findings).toHaveLength(0);
    const late = checkCases([c('2026-07-20', { closedOn: '2026-10-19' })], cal, '2026-11-21', 5);
    expect(findingText(late.findings[0]!)).toContain('2026-10-16');
    expect(findingText(late.findings[0]!)).toContain('1 个工作日');
    expect(checkCases([c('2026-07-20', { extended: true, closedOn: '2026-10-19' })], cal, '2026-11-21', 5).findings).toHaveLength(0);
  });
  it('open past the limit is a finding, close to it a warning', () => {
    expect(checkCases([c('2026-07-20')], cal, '2026-11-21', 5).findings).toHaveLength(1);
    const r = checkCases([c('2026-07-20', { extended: true })], cal, '2026-11-21', 5);
    expect(r.findings).toHaveLength(0);
    expect(checkCases([c('2026-08-24')], cal, '2026-11-16', 5).warnings).toHaveLength(1);
  });
});

describe('check annual-report', () => {
  const rule = (data: unknown) => {
    const problems: Problem[] = [];
    const src = parseYamlText(JSON.stringify(data), 'c.yaml');
    const r = parseAnnualRule(src.data, src.problem, ['annual_report'], problems);
    if (problems.length) throw new InputError('bad', problems);
    return r;
  };
  it('1月31日 by default; a fixed date does not roll forward unless the office opts in', () => {
    expect(annualReportDeadline(cal, 2025, rule({})).deadline).toBe('2026-01-31');
    expect(annualReportDeadline(cal, 2024, rule({})).deadline).toBe('2025-01-31'); // inside 春节: publish before the holiday
    expect(annualReportDeadline(cal, 2025, rule({ roll_forward: true })).deadline).toBe('2026-02-02');
    expect(annualReportDeadline(cal, 2025, rule({ deadline: '01-25' })).deadline).toBe('2026-01-25');
  });
  it('before the Spring Festival names the day it means; "前" includes it unless the office says exclusive', () => {
    const sf = (day: string, y = 2025, before?: string) => annualReportDeadline(cal, y, rule({ deadline: 'spring-festival', spring_festival: day, before }));
    expect(sf('first-day').deadline).toBe('2026-02-17');
    expect(sf('eve').deadline).toBe('2026-02-16');
    expect(sf('holiday-start').deadline).toBe('2026-02-15');
    expect(sf('holiday-start', 2025, 'exclusive').deadline).toBe('2026-02-14');
    expect(sf('holiday-start', 2024).deadline).toBe('2025-01-28');
    expect(annualHowText(sf('first-day', 2024).how)).toContain('2025-01-29');
    expect(() => rule({ deadline: 'spring-festival' })).toThrow(InputError);
  });
  it('late, overdue, due soon', () => {
    expect(checkAnnualReport(cal, 2025, rule({}), '2026-11-21', '2026-01-20', 5).findings).toHaveLength(0);
    expect(checkAnnualReport(cal, 2025, rule({}), '2026-11-21', '2026-02-03', 5).findings).toHaveLength(1);
    expect(checkAnnualReport(cal, 2025, rule({}), '2026-11-21', null, 5).findings).toHaveLength(1);
    expect(checkAnnualReport(cal, 2025, rule({}), '2026-01-28', null, 5).warnings).toHaveLength(1);
  });
  it('refuses a year whose deadline falls in 2027', () => {
    // a fixed date needs no calendar; moving it (an office's choice) or counting to it does
    expect(annualReportDeadline(cal, 2026, rule({})).deadline).toBe('2027-01-31');
    expect(() => annualReportDeadline(cal, 2026, rule({ roll_forward: true }))).toThrow(UncoveredYearError);
  });
});

describe('check roster', () => {
  const insp = (id: string, certExpiry: string | null, specialties: string[], status: string | null = '在岗'): Inspector => ({
    id, name: `人${id}`, unit: null, certNo: `C${id}`, certExpiry, specialties, region: null, status, recusals: [], line: Number(id) + 1, extra: [],
  });
  const plan = { items: [{ id: 'I1', name: '工资支付', specialty: '农民工工资' }, { id: 'I2', name: '社保', specialty: '社会保险' }] };
  it('expired is a finding, expiring soon a warning, not in post ignored', () => {
    const r = checkRoster([insp('1', '2026-11-20', []), insp('2', '2026-12-10', []), insp('3', '2025-01-01', [], '退休'), insp('4', '2027-06-30', [])], '2026-11-21', 30, null);
    expect(r.findings.map((f) => f.subject)).toEqual(['1 人1']);
    expect(r.warnings.map((f) => f.subject)).toEqual(['2 人2']);
  });
  it('a plan item needs two qualified inspectors', () => {
    const r = checkRoster(
      [insp('1', '2027-01-01', ['农民工工资']), insp('2', '2027-01-01', ['农民工工资', '社会保险']), insp('3', '2026-01-01', ['社会保险']), insp('4', '2027-01-01', ['社会保险'], '调离')],
      '2026-11-21', 30, plan,
    );
    expect(r.findings.map((f) => f.subject)).toEqual(['3 人3', 'I2 社保']);
  });
});

describe('check draws', () => {
  const plan: PlanView = { id: 'P2026', year: 2026, frequency: 2, items: [], tasks: [{ id: 'T1', name: '不定向', ratioPerYear: 0.1 }], allowRepeatWithinYear: false };
  const entry = (period: string, drawn: string[], o: Record<string, unknown> = {}) => ({
    kind: 'draw', plan_id: 'P2026', plan_year: 2026, period, seed: 's', algorithm: 'shuangsui-draw/1', manifest_sha256: 'a'.repeat(64), out_dir: 'x',
    created_at: '2026-06-01T00:00:00Z', redraw: false, reason: null,
    counts: [{ task: 'T1', stratum: '全部', eligible: 100, quota: 5, drawn: 5, full_coverage: 0 }], drawn, full_coverage: [], ...o,
  });
  function ledger(objs: Record<string, unknown>[]): Buffer {
    let prev = '0'.repeat(64);
    const lines = objs.map((o, i) => {
      const text = JSON.stringify({ seq: i + 1, prev, ...o });
      prev = createHash('sha256').update(text).digest('hex');
      return text + '\n';
    });
    return Buffer.from(lines.join(''));
  }
  const five = (p: string) => [1, 2, 3, 4, 5].map((i) => `${p}${i}`);

  it('an intact ledger with every ended period drawn is clean', () => {
    const r = checkDraws(readLedger(ledger([entry('2026H1', five('A')), entry('2026H2', five('B'))])), plan, '2027-01-05');
    expect(r.findings).toEqual([]);
  });
  it('an edited line breaks the chain at the next line', () => {
    const bytes = ledger([entry('2026H1', five('A')), entry('2026H2', five('B'))]).toString().replace('"A1"', '"A9"');
    const r = checkDraws(readLedger(Buffer.from(bytes)), plan, '2026-11-21');
    expect(r.findings.map((f) => f.line)).toEqual([2]);
  });
  it('a removed line and a truncated last line are findings', () => {
    const full = ledger([entry('2026H1', five('A')), entry('2026H1', five('C'), { redraw: true }), entry('2026H2', five('B'))]).toString().split('\n');
    const removed = checkDraws(readLedger(Buffer.from([full[0], full[2], ''].join('\n'))), plan, '2026-11-21');
    expect(removed.findings.length).toBeGreaterThanOrEqual(1);
    const truncated = checkDraws(readLedger(Buffer.from(full.slice(0, 2).join('\n'))), plan, '2026-11-21');
    expect(truncated.findings.some((f) => f.line === 2)).toBe(true);
  });
  it('an ended period without a draw is a finding; the current one only a warning', () => {
    const r = checkDraws(readLedger(ledger([])), plan, '2026-11-21');
    expect(r.findings.map((f) => f.subject)).toEqual(['2026H1']);
    expect(r.warnings.map((f) => f.subject)).toEqual(['2026H2']);
  });
  it('an employer drawn twice in a year is a finding; a redraw replaces its period', () => {
    const twice = checkDraws(readLedger(ledger([entry('2026H1', five('A')), entry('2026H2', ['A1', 'B2', 'B3', 'B4', 'B5'])])), plan, '2027-01-05');
    expect(twice.findings.map((f) => f.subject)).toEqual(['A1']);
    const redrawn = checkDraws(readLedger(ledger([entry('2026H1', five('A')), entry('2026H1', five('C'), { redraw: true }), entry('2026H2', ['A1', 'B2', 'B3', 'B4', 'B5'])])), plan, '2027-01-05');
    expect(redrawn.findings).toEqual([]);
  });
  it('a year ratio behind schedule and a short quota are findings', () => {
    const short = { counts: [{ task: 'T1', stratum: '全部', eligible: 100, quota: 5, drawn: 1, full_coverage: 0 }] };
    const r = checkDraws(readLedger(ledger([entry('2026H1', ['A1'], short)])), plan, '2026-11-21');
    expect(r.findings.map((f) => f.subject)).toEqual(['2026H1 T1', '2026 T1']);
  });
});

describe('the combined report', () => {
  it('lists findings first, then warnings, then one summary line', () => {
    const rows = decisionDeadlines([decision('行政处罚', '2026-10-09'), decision('行政处罚', '2026-11-18')], rules, cal, '2026-11-21', 5);
    const text = renderReport(buildReport('2026-11-21', [deadlineFindings(rows, 'd.csv')]), 'md');
    const f = text.indexOf('发现问题（1 项）');
    const w = text.indexOf('提醒（1 项）');
    expect(f).toBeGreaterThan(0);
    expect(w).toBeGreaterThan(f);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^汇总（2026-11-21）：发现问题 1 项，提醒 1 项/);
  });
});

describe('the plan as the checks see it', () => {
  it('comes from the draw core parser: yearly ratios, per-period ratios times the frequency, counts without a ratio', async () => {
    const { loadPlanView } = await import('../../src/io/compliance.js');
    const view = await loadPlanView(new URL('../../fixtures/plan.yaml', import.meta.url).pathname);
    expect(view).toMatchObject({ id: 'qinghe-2026', year: 2026, frequency: 2 });
    expect(view.tasks.find((t) => t.id === 'general')?.ratioPerYear).toBeCloseTo(0.1);
    expect(view.items.every((i) => i.specialty.length > 0)).toBe(true);
    const { planViewOf } = await import('../../src/core/check/plan-view.js');
        const src = parseYamlText(
      'id: p\noffice: o\nyear: 2026\nfrequency: 4\nitems:\n  - {id: a, name: A, basis: b, specialty: s}\ntasks:\n  - {id: t, name: T, mode: untargeted, items: [a], size: {ratio_per_period: 0.02}}\n  - {id: c, name: C, mode: untargeted, items: [a], size: {count: 3}}\n',
      'p.yaml',
    );
    const v = planViewOf(planFrom(src));
    expect(v.tasks.map((t) => t.ratioPerYear)).toEqual([0.08, null]);
  });
});

describe('deadline properties', () => {
  it('the deadline is the Nth working day after the decision, and publication on or before it is never a finding', async () => {
    const fc = (await import('fast-check')).default;
    const { addDays, countWorkingDays: count, isWorkingDay: working } = await import('../../src/core/calendar/index.js');
    const kinds: DecisionKind[] = ['行政许可', '行政处罚', '行政处理', '行政强制', '行政检查', '其他'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 2 + 250 }), fc.constantFrom(...kinds), fc.integer({ min: -5, max: 40 }), (n, kind, pubOffset) => {
        const decidedOn = addDays('2024-01-01', n);
        const d = decision(kind, decidedOn);
        const r0 = decisionDeadlines([d], rules, cal, decidedOn, 5)[0]!;
        const limit = kind === '行政许可' || kind === '行政处罚' ? 7 : 20;
        if (count(cal, decidedOn, r0.deadline) !== limit || !working(cal, r0.deadline)) return false;
        const publishedOn = addDays(r0.deadline, pubOffset);
        const r = decisionDeadlines([{ ...d, publishedOn }], rules, cal, '2026-12-31', 5)[0]!;
        return (r.status === 'ok') === (publishedOn <= r0.deadline) && (r.status === 'late') === (publishedOn > r0.deadline);
      }),
      { numRuns: 200 },
    );
  });
});
