import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCsv, parseCsvText } from '../../src/io/csv.js';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadResultsRules } from '../../src/io/results.js';
import { parseYamlText } from '../../src/io/yaml.js';
import { parseResultsRules } from '../../src/core/results/categories.js';
import { checkRegister, publicationRows, RESULTS_PUBLICATION_COLUMNS, summarise, type DrawnRow, type RegisterRow } from '../../src/core/results/register.js';
import { resultsDeadlines } from '../../src/core/results/deadlines.js';
import { annualFigures } from '../../src/core/report/annual.js';
import { publicRoster } from '../../src/core/publish/roster.js';
import { filterText, percentText, sizeText } from '../../src/core/publish/items.js';
import type { LedgerLine, ResultsLine } from '../../src/core/ledger.js';
import type { Inspector, Decision } from '../../src/core/records.js';

const rules = await loadResultsRules();
const cal = await loadCalendar();

const inspector = (id: string, o: Partial<Inspector> = {}): Inspector => ({
  id, name: `人员${id}`, unit: '监察一科', certNo: `C${id}`, certExpiry: '2027-12-31', specialties: ['劳动合同'], region: null, status: '在岗', recusals: [], line: 2, extra: [], ...o,
});
const drawn = (uscc: string, team = ['A', 'B'], line = 2): DrawnRow => ({ task: '不定向', items: '劳动合同', uscc, name: `单位${uscc.slice(-2)}`, team, line });
const row = (line: number, uscc: string, o: Partial<RegisterRow> = {}): RegisterRow => ({
  line, task: '不定向', uscc, inspectedOn: '2026-03-02', method: '实地检查', resultCell: '未发现问题', category: rules.results[0]!, publicText: '', number: null, actual: [], changeReason: null, ...o,
});
const cat = (name: string) => rules.results.find((c) => c.name === name)!;
const base = { period: { start: '2026-01-01', end: '2026-06-30' }, asOf: '2026-07-10', inspectors: [inspector('A'), inspector('B'), inspector('S'), inspector('X', { certExpiry: '2026-02-01' }), inspector('R', { recusals: ['U03'] }), inspector('V', { status: '休假' })], rules, minTeam: 2 };

describe('results register check', () => {
  it('is clean for a complete register', () => {
    expect(checkRegister({ ...base, drawn: [drawn('U01'), drawn('U02')], rows: [row(2, 'U01'), row(3, 'U02')] })).toEqual([]);
  });

  it('reports every problem with its row, and the drawn employers it lacks', () => {
    const rows = [
      row(2, 'U01', { resultCell: '查无问题', category: null, method: '电话询问' }),
      row(3, 'U01'),
      row(4, 'U99'),
      row(5, 'U02', { inspectedOn: '2026-07-02' }),
      row(6, 'U03', { actual: ['A', 'X'], inspectedOn: '2026-03-02' }),
      row(7, 'U04', { actual: ['A', 'R', 'V', 'Q'], changeReason: '病假', resultCell: '立案查处', category: cat('立案查处'), inspectedOn: null }),
      row(8, 'U05', { method: null, resultCell: '已注销', category: cat('无法检查（已注销）'), actual: ['A'], changeReason: '借调' }),
    ];
    // R is recused from U03 only: at U04 the recusal does not apply
    const f = checkRegister({ ...base, drawn: ['U01', 'U02', 'U03', 'U04', 'U05', 'U06'].map((u, i) => drawn(u, ['A', 'B'], i + 2)), rows });
    expect(f.map((x) => [x.code, 'line' in x ? x.line : x.drawLine])).toEqual([
      ['result-unknown', 2],
      ['method-unknown', 2],
      ['duplicate', 3],
      ['not-drawn', 4],
      ['date-outside-period', 5],
      ['change-without-reason', 6],
      ['substitute-cert', 6],
      ['date-missing', 7],
      ['number-missing', 7],
      ['substitute-not-on-duty', 7],
      ['substitute-unknown', 7],
      ['missing', 7],
    ]);
  });

  it('judges a substitute on the inspection day: recusal, certificate, duty; and teams below two', () => {
    const f = checkRegister({ ...base, drawn: [drawn('U03')], rows: [row(2, 'U03', { actual: ['R'], changeReason: '病假', inspectedOn: '2026-06-30' })], asOf: '2026-06-29' });
    expect(f.map((x) => x.code)).toEqual(['date-after-as-of', 'substitute-recused', 'team-too-small']);
  });

  it('counts by result category and by inspection date', () => {
    const s = summarise([row(2, 'U01'), row(3, 'U02', { category: cat('立案查处'), inspectedOn: '2026-03-05' }), row(4, 'U03', { category: cat('无法检查（已迁出）') })], rules);
    expect(s).toMatchObject({ units: 3, inspected: 2, problems: 1, by_date: { '2026-03-02': 2, '2026-03-05': 1 } });
    expect(s.by_result['立案查处']).toBe(1);
    expect(s.by_result['移送']).toBe(0);
  });
});

describe('rules/results.yaml', () => {
  it('accepts half-width brackets and aliases for the same category', () => {
    expect(rules.results.map((c) => c.name)).toContain('无法检查（通过登记住所无法联系）');
  });

  it('locates duplicates, unknown keys and wrong types', () => {
    const src = parseYamlText('results:\n  - name: 未发现问题\n    colour: red\n  - name: 未发现问题\n    problems: yes please\nmethods: []\n', 'r.yaml');
    const { problems } = parseResultsRules(src.data, src.problem);
    expect(problems.map((p) => [p.key, p.code, p.line])).toEqual([
      ['results[0].colour', 'results.rules.unknown_key', 3],
      ['results[1].name', 'results.rules.duplicate', 4],
      ['results[1].problems', 'results.rules.not_bool', 5],
      ['methods', 'results.rules.empty', 6],
    ]);
  });
});

const drawLine = (seq: number, period: string): LedgerLine => ({ line: seq, raw: '', entry: { seq, prev: '', kind: 'draw', plan_id: 'p', plan_year: 2026, period, seed: 's', algorithm: 'a', manifest_sha256: '', out_dir: '', created_at: '', redraw: false, reason: null, counts: [], drawn: ['U1', 'U2'], full_coverage: ['K1'] } });
const resultsLine = (seq: number, drawSeq: number, period: string, publishedOn: string, byDate: Record<string, number>, byResult: Record<string, number> = { 未发现问题: 2, 立案查处: 1 }): ResultsLine => ({
  line: seq, raw: '', entry: { seq, prev: '', kind: 'results', plan_id: 'p', plan_year: 2026, period, draw_seq: drawSeq, draw_line_sha256: '', draw_manifest_sha256: '', register_sha256: '', publication_sha256: '', manifest_sha256: '', out_dir: '', published_on: publishedOn, created_at: '', republish: false, reason: null, units: 3, inspected: 3, problems: 1, by_result: byResult, by_date: byDate },
});
const periods = [{ label: '2026H1', start: '2026-01-01', end: '2026-06-30' }, { label: '2026H2', start: '2026-07-01', end: '2026-12-31' }];
const rule = { workingDays: 20, basis: 'B' };

describe('results publication deadlines', () => {
  const input = { planId: 'p', planYear: 2026, periods, cal, rule, graceWorkingDays: 20, warnDays: 5 };
  it('finds rows published after 20 working days, counting from each inspection date', () => {
    // 2026-09-01 + 20 working days = 2026-09-29 (09-20 is a make-up workday, 09-25 is off)
    const { items } = resultsDeadlines({ ...input, asOf: '2026-11-21', draws: [drawLine(1, '2026H2')], results: [resultsLine(2, 1, '2026H2', '2026-09-30', { '2026-09-01': 2, '2026-09-08': 1 })] });
    expect(items).toEqual([expect.objectContaining({ code: 'late', rows: 2, firstDeadline: '2026-09-29', workingDaysLate: 1 })]);
    const onTime = resultsDeadlines({ ...input, asOf: '2026-11-21', draws: [drawLine(1, '2026H2')], results: [resultsLine(2, 1, '2026H2', '2026-09-29', { '2026-09-01': 2 })] });
    expect(onTime.items).toEqual([]);
  });

  it('says a period is still open after its end plus the grace, and warns while the grace runs', () => {
    const draws = [drawLine(1, '2026H1')];
    // 2026-06-30 + 20 working days = 2026-07-28
    expect(resultsDeadlines({ ...input, asOf: '2026-07-29', draws, results: [] }).items).toEqual([expect.objectContaining({ code: 'open', graceUntil: '2026-07-28', workingDaysOver: 1 })]);
    expect(resultsDeadlines({ ...input, asOf: '2026-07-22', draws, results: [] }).items).toEqual([expect.objectContaining({ code: 'pending', workingDaysLeft: 4 })]);
    expect(resultsDeadlines({ ...input, asOf: '2026-07-01', draws, results: [] }).items).toEqual([]);
  });

  it('judges the draw in force, by its first publication', () => {
    const r = resultsDeadlines({ ...input, asOf: '2026-11-21', draws: [drawLine(1, '2026H1'), drawLine(2, '2026H1')], results: [resultsLine(3, 1, '2026H1', '2026-03-03', { '2026-03-02': 1 })] });
    expect(r.items).toEqual([expect.objectContaining({ code: 'open', period: '2026H1' })]);
  });
});

const decision = (kind: Decision['kind'], decidedOn: string, fine: number | null = null): Decision => ({ caseNo: `${kind}${decidedOn}${fine}`, kind, decidedOn, publishedOn: null, revokedOn: null, withdrawnOn: null, fine, line: 2, extra: [] });

describe('annual figures', () => {
  const value = (fs: ReturnType<typeof annualFigures>, code: string, param?: string) => fs.find((f) => f.code === code && f.param === param)!.value;

  it('never turns a missing source into 0', () => {
    const none = annualFigures({ year: 2026, decisions: null, cases: null, ledger: null, employers: null, cal });
    expect(none.every((f) => f.value === null)).toBe(true);
    const noColumn = annualFigures({ year: 2026, decisions: { file: 'd.csv', rows: [decision('行政处罚', '2026-03-01')], hasFineColumn: false }, cases: null, ledger: null, employers: null, cal });
    expect(value(noColumn, 'penalties-fines')).toBeNull();
    expect(value(noColumn, 'penalties-count')).toBe(1);
    expect(value(noColumn, 'decisions-kind', '行政许可')).toBe(0);
    expect(value(noColumn, 'decisions-kind', '行政征收')).toBeNull();
    const allBlank = annualFigures({ year: 2026, decisions: { file: 'd.csv', rows: [decision('行政处罚', '2026-03-01')], hasFineColumn: true }, cases: null, ledger: null, employers: null, cal });
    expect(value(allBlank, 'penalties-fines')).toBeNull();
  });

  it('sums fines in fen and says how many penalties had no amount', () => {
    const fs = annualFigures({ year: 2026, decisions: { file: 'd.csv', rows: [decision('行政处罚', '2026-03-01', 500000), decision('行政处罚', '2026-04-01', 12050), decision('行政处罚', '2026-05-01'), decision('行政处罚', '2025-05-01', 99)], hasFineColumn: true }, cases: null, ledger: null, employers: null, cal });
    const fines = fs.find((f) => f.code === 'penalties-fines')!;
    expect(fines.value).toBe(512050);
    expect(fines.note).toEqual({ code: 'fines-partial', missing: 1 });
  });

  it('counts draws in force and their latest publication, and marks periods not yet published', () => {
    const ledger = { file: 'l.jsonl', draws: [drawLine(1, '2026H1'), drawLine(2, '2026H2')], results: [resultsLine(3, 1, '2026H1', '2026-03-03', {}), resultsLine(4, 1, '2026H1', '2026-03-04', {}, { 未发现问题: 1, 立案查处: 2 })] };
    const fs = annualFigures({ year: 2026, decisions: null, cases: null, ledger, employers: { file: 'e.csv', count: 30 }, cal });
    expect(value(fs, 'draws-periods')).toBe(2);
    expect(value(fs, 'draws-units')).toBe(3);
    expect(value(fs, 'draws-result', '立案查处')).toBe(2);
    expect(value(fs, 'draws-coverage')).toBeCloseTo(0.1);
    expect(fs.find((f) => f.code === 'draws-inspected')!.note).toEqual({ code: 'results-partial', published: ['2026H1'], unpublished: ['2026H2'] });
  });

  it('counts cases over the 60 (+30) working-day limit that the office had during the year', () => {
    const c = (openedOn: string, closedOn: string | null, extended = false, referredOn: string | null = null) => ({ caseNo: openedOn, openedOn, extended, closedOn, referredOn, line: 2 });
    // limits: 2026-01-05 + 60 = 04-03, + 90 = 05-20; 2026-09-01 + 60 = 11-30; 2026-11-02 + 60 is in 2027
    const rows = [c('2026-01-05', '2026-02-10'), c('2026-01-05', '2026-04-07'), c('2026-01-05', '2026-05-20', true), c('2026-09-01', null), c('2025-01-05', '2025-12-01'), c('2026-11-02', null, false, '2026-11-20')];
    const fs = annualFigures({ year: 2026, decisions: null, cases: { file: 'c.csv', rows, hasReferralColumn: true }, ledger: null, employers: null, cal });
    expect(value(fs, 'cases-opened')).toBe(5);
    expect(value(fs, 'cases-closed')).toBe(3);
    expect(value(fs, 'cases-over-limit')).toBe(2);
    expect(fs.find((f) => f.code === 'cases-over-limit')!.note).toEqual({ code: 'cases-open-at-year-end', open: 1 });
    expect(value(fs, 'referrals')).toBe(1);
  });
});

describe('public lists', () => {
  it('lists only inspectors on duty with a certificate valid on the day, and says why the others are left out', () => {
    const r = publicRoster([inspector('A'), inspector('B', { status: '借调' }), inspector('C', { certExpiry: null }), inspector('D', { certExpiry: '2026-11-20' }), inspector('E', { certExpiry: '2026-11-21', recusals: ['U1'] })], '2026-11-21');
    expect(r.rows).toEqual([
      ['人员A', '监察一科', '劳动合同', 'CA', '2027-12-31'],
      ['人员E', '监察一科', '劳动合同', 'CE', '2026-11-21'],
    ]);
    expect(r.leftOut.map((l) => [l.id, l.reason.code])).toEqual([['B', 'not-on-duty'], ['C', 'no-expiry'], ['D', 'expired']]);
  });

  it('writes ratios from the digits the plan wrote, and filters in plain words', () => {
    expect(['0.1', '0.05', '0.025', '1', '0.333'].map(percentText)).toEqual(['10%', '5%', '2.5%', '100%', '33.3%']);
    expect(sizeText({ kind: 'ratio_per_year', ratio: 0.1, text: '0.1' }, 2)).toBe('每年10%（分2期抽取）');
    expect(filterText({ industry: ['建筑业'], employeesMin: 30 })).toBe('行业为建筑业，职工人数30人以上');
  });
});

describe('the public results table', () => {
  it('holds each public text as one cell, never a live formula, in exactly the eight public columns (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { minLength: 1, maxLength: 8 }), (texts) => {
        const d = texts.map((_, i) => drawn(`U${String(i).padStart(2, '0')}`));
        const rows = texts.map(([pub, internal], i) => ({ ...row(i + 2, d[i]!.uscc, { publicText: pub, changeReason: internal }), actual: [internal] }));
        const csv = formatCsv([...RESULTS_PUBLICATION_COLUMNS], publicationRows(d, rows, '某局', '2026-01-01至2026-06-30')).toString('utf8');
        const back = parseCsvText(csv, 'p.csv');
        expect(back.header).toEqual([...RESULTS_PUBLICATION_COLUMNS]);
        // rows of only blank cells are dropped by the reader, but these always carry a name and a code
        expect(back.rows).toHaveLength(texts.length);
        back.rows.forEach((r, i) => {
          expect(r.cells).toHaveLength(8);
          const pub = texts[i]![0];
          expect(r.cells[5]).toBe(/^[=+\-@\t\r]/.test(pub) ? `'${pub}` : pub);
          expect(/^[=+\-@\t\r]/.test(r.cells[5]!)).toBe(false);
        });
      }),
      { numRuns: 200 },
    );
  });
});
