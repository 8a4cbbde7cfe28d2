import { addWorkingDays, UncoveredYearError, type Calendar } from '../calendar/index.js';
import { DEFAULT_CASE_LIMITS, type CaseLimits } from '../check/cases.js';
import type { CaseRecord } from '../check/cases-spec.js';
import type { LedgerLine, ResultsLine } from '../ledger.js';
import type { Decision } from '../records.js';

/**
 * 上年度行政执法总体情况有关数据 (石嘴山 1月25日前, 新源县 春节前, 国办发〔2018〕118号 1月31日前),
 * computed from the office's own records. Every figure carries its source; a figure whose source
 * is missing has value null, which the report prints as 未提供 and never as 0: an office that kept
 * no fines column did not collect zero yuan. Pure: codes and numbers; the CLI words them.
 */

/** The kinds an office reports; 行政征收 has no row kind in decisions.csv, so it is always 未提供 there. */
export const REPORT_DECISION_KINDS = ['行政许可', '行政处罚', '行政检查', '行政强制', '行政征收', '行政处理', '其他'] as const;

export type Source =
  | { kind: 'file'; file: string; rows: number }
  | { kind: 'ledger'; file: string; seqs: number[] }
  | { kind: 'files'; files: string[] }
  | { kind: 'missing'; why: 'no-file' | 'no-column' | 'no-kind' | 'no-results' | 'no-draws'; what: string };

export type Note =
  | { code: 'fines-partial'; missing: number }
  | { code: 'results-partial'; published: string[]; unpublished: string[] }
  | { code: 'cases-open-at-year-end'; open: number };

export type FigureCode =
  | 'decisions-kind'
  | 'decisions-total'
  | 'penalties-count'
  | 'penalties-fines'
  | 'draws-periods'
  | 'draws-units'
  | 'draws-inspected'
  | 'draws-result'
  | 'draws-problems'
  | 'draws-coverage'
  | 'cases-opened'
  | 'cases-closed'
  | 'cases-over-limit'
  | 'referrals';

export interface Figure {
  section: 'decisions' | 'penalties' | 'draws' | 'cases' | 'referrals';
  code: FigureCode;
  /** the kind or result category the row is about */
  param?: string;
  /** null: the source is missing (未提供) */
  value: number | null;
  unit: 'count' | 'fen' | 'ratio';
  source: Source;
  note?: Note;
}

export interface AnnualInput {
  year: number;
  decisions: { file: string; rows: readonly Decision[]; hasFineColumn: boolean } | null;
  cases: { file: string; rows: readonly CaseRecord[]; hasReferralColumn: boolean } | null;
  ledger: { file: string; draws: readonly LedgerLine[]; results: readonly ResultsLine[] } | null;
  employers: { file: string; count: number } | null;
  cal: Calendar;
  limits?: CaseLimits;
}

const inYear = (d: string | null, y: number) => d !== null && d.startsWith(`${y}-`);

/**
 * A case's time limit, or null when it falls after the year: counting ran past the year's end, so
 * a case opened in late autumn needs no calendar of next year (not yet published in January) to
 * know it was not over its limit in this one.
 */
function limitInYear(cal: Calendar, openedOn: string, days: number, y: number): string | null {
  try {
    return addWorkingDays(cal, openedOn, days);
  } catch (e) {
    if (e instanceof UncoveredYearError && e.years.every((u) => u > y)) return null;
    throw e;
  }
}

export function annualFigures(x: AnnualInput): Figure[] {
  const out: Figure[] = [];
  const y = x.year;
  const missingFile = (what: string): Source => ({ kind: 'missing', why: 'no-file', what });

  // decisions by kind
  const decided = x.decisions ? x.decisions.rows.filter((d) => inYear(d.decidedOn, y)) : [];
  for (const kind of REPORT_DECISION_KINDS) {
    if (!x.decisions) out.push({ section: 'decisions', code: 'decisions-kind', param: kind, value: null, unit: 'count', source: missingFile('decisions.csv') });
    else if (kind === '行政征收') out.push({ section: 'decisions', code: 'decisions-kind', param: kind, value: null, unit: 'count', source: { kind: 'missing', why: 'no-kind', what: x.decisions.file } });
    else {
      const rows = decided.filter((d) => d.kind === kind).length;
      out.push({ section: 'decisions', code: 'decisions-kind', param: kind, value: rows, unit: 'count', source: { kind: 'file', file: x.decisions.file, rows } });
    }
  }
  out.push({
    section: 'decisions',
    code: 'decisions-total',
    value: x.decisions ? decided.length : null,
    unit: 'count',
    source: x.decisions ? { kind: 'file', file: x.decisions.file, rows: decided.length } : missingFile('decisions.csv'),
  });

  // penalties
  const penalties = decided.filter((d) => d.kind === '行政处罚');
  out.push({
    section: 'penalties',
    code: 'penalties-count',
    value: x.decisions ? penalties.length : null,
    unit: 'count',
    source: x.decisions ? { kind: 'file', file: x.decisions.file, rows: penalties.length } : missingFile('decisions.csv'),
  });
  if (!x.decisions) out.push({ section: 'penalties', code: 'penalties-fines', value: null, unit: 'fen', source: missingFile('decisions.csv') });
  else if (!x.decisions.hasFineColumn) out.push({ section: 'penalties', code: 'penalties-fines', value: null, unit: 'fen', source: { kind: 'missing', why: 'no-column', what: `${x.decisions.file} 罚款金额` } });
  else {
    const given = penalties.filter((d) => d.fine !== null);
    const missing = penalties.length - given.length;
    out.push({
      section: 'penalties',
      code: 'penalties-fines',
      // no amount at all for penalties that exist is not a total of zero
      value: given.length || !penalties.length ? given.reduce((s, d) => s + d.fine!, 0) : null,
      unit: 'fen',
      source: given.length || !penalties.length ? { kind: 'file', file: x.decisions.file, rows: given.length } : { kind: 'missing', why: 'no-column', what: `${x.decisions.file} 罚款金额` },
      ...(missing && given.length ? { note: { code: 'fines-partial' as const, missing } } : {}),
    });
  }

  // 双随机 draws of the year: per plan and period the last draw is in force
  out.push(...drawFigures(x));

  // cases
  if (!x.cases) {
    for (const code of ['cases-opened', 'cases-closed', 'cases-over-limit'] as const) out.push({ section: 'cases', code, value: null, unit: 'count', source: missingFile('cases.csv') });
    out.push({ section: 'referrals', code: 'referrals', value: null, unit: 'count', source: missingFile('cases.csv') });
  } else {
    const c = x.cases;
    const opened = c.rows.filter((r) => inYear(r.openedOn, y));
    const closed = c.rows.filter((r) => inYear(r.closedOn, y));
    const limits = x.limits ?? DEFAULT_CASE_LIMITS;
    const yearEnd = `${y}-12-31`;
    let over = 0;
    let openAtEnd = 0;
    for (const r of c.rows) {
      // the cases the office had during the year: closed in it, or still open at its end
      const closedInYear = inYear(r.closedOn, y);
      const openAtYearEnd = r.openedOn <= yearEnd && (r.closedOn === null || r.closedOn > yearEnd);
      if (!closedInYear && !openAtYearEnd) continue;
      const limit = limitInYear(x.cal, r.openedOn, limits.workingDays + (r.extended ? limits.extensionDays : 0), y);
      if (limit !== null && (closedInYear ? r.closedOn! > limit : yearEnd > limit)) {
        over++;
        if (openAtYearEnd) openAtEnd++;
      }
    }
    out.push({ section: 'cases', code: 'cases-opened', value: opened.length, unit: 'count', source: { kind: 'file', file: c.file, rows: opened.length } });
    out.push({ section: 'cases', code: 'cases-closed', value: closed.length, unit: 'count', source: { kind: 'file', file: c.file, rows: closed.length } });
    out.push({ section: 'cases', code: 'cases-over-limit', value: over, unit: 'count', source: { kind: 'file', file: c.file, rows: over }, ...(openAtEnd ? { note: { code: 'cases-open-at-year-end' as const, open: openAtEnd } } : {}) });
    if (!c.hasReferralColumn) out.push({ section: 'referrals', code: 'referrals', value: null, unit: 'count', source: { kind: 'missing', why: 'no-column', what: `${c.file} 涉嫌犯罪移送日期` } });
    else {
      const n = c.rows.filter((r) => inYear(r.referredOn, y)).length;
      out.push({ section: 'referrals', code: 'referrals', value: n, unit: 'count', source: { kind: 'file', file: c.file, rows: n } });
    }
  }
  return out;
}

function drawFigures(x: AnnualInput): Figure[] {
  const out: Figure[] = [];
  const codes = ['draws-periods', 'draws-units', 'draws-inspected', 'draws-problems', 'draws-coverage'] as const;
  if (!x.ledger) {
    for (const code of codes) out.push({ section: 'draws', code, value: null, unit: code === 'draws-coverage' ? 'ratio' : 'count', source: { kind: 'missing', why: 'no-file', what: 'ledger.jsonl' } });
    return out;
  }
  const L = x.ledger;
  const inForce = new Map<string, LedgerLine>();
  for (const l of L.draws) if (l.entry.plan_year === x.year) inForce.set(`${l.entry.plan_id}\u0000${l.entry.period}`, l);
  const draws = [...inForce.values()].sort((a, b) => a.entry.seq - b.entry.seq);
  const drawSeqs = draws.map((d) => d.entry.seq);
  const fromDraws: Source = draws.length ? { kind: 'ledger', file: L.file, seqs: drawSeqs } : { kind: 'missing', why: 'no-draws', what: L.file };
  const units = new Set<string>();
  for (const d of draws) for (const u of [...d.entry.drawn, ...d.entry.full_coverage]) units.add(u);
  out.push({ section: 'draws', code: 'draws-periods', value: draws.length ? draws.length : null, unit: 'count', source: fromDraws });
  out.push({ section: 'draws', code: 'draws-units', value: draws.length ? units.size : null, unit: 'count', source: fromDraws });

  // the latest publication of each draw in force: a republication corrects the one before
  const published = new Map<number, ResultsLine>();
  for (const r of L.results) if (drawSeqs.includes(r.entry.draw_seq)) published.set(r.entry.draw_seq, r);
  const pubs = [...published.values()].sort((a, b) => a.entry.seq - b.entry.seq);
  const unpublished = draws.filter((d) => !published.has(d.entry.seq)).map((d) => d.entry.period);
  const note: Note | undefined = pubs.length && unpublished.length ? { code: 'results-partial', published: pubs.map((p) => p.entry.period), unpublished } : undefined;
  const fromResults: Source = pubs.length ? { kind: 'ledger', file: L.file, seqs: pubs.map((p) => p.entry.seq) } : { kind: 'missing', why: 'no-results', what: L.file };
  const sum = (f: (r: ResultsLine) => number) => (pubs.length ? pubs.reduce((s, r) => s + f(r), 0) : null);
  out.push({ section: 'draws', code: 'draws-inspected', value: sum((r) => r.entry.inspected), unit: 'count', source: fromResults, ...(note ? { note } : {}) });
  const categories: string[] = [];
  for (const p of pubs) for (const k of Object.keys(p.entry.by_result)) if (!categories.includes(k)) categories.push(k);
  for (const c of categories) out.push({ section: 'draws', code: 'draws-result', param: c, value: sum((r) => r.entry.by_result[c] ?? 0), unit: 'count', source: fromResults, ...(note ? { note } : {}) });
  out.push({ section: 'draws', code: 'draws-problems', value: sum((r) => r.entry.problems), unit: 'count', source: fromResults, ...(note ? { note } : {}) });
  if (!x.employers) out.push({ section: 'draws', code: 'draws-coverage', value: null, unit: 'ratio', source: { kind: 'missing', why: 'no-file', what: 'employers.csv (--employers)' } });
  else if (!draws.length || x.employers.count === 0) out.push({ section: 'draws', code: 'draws-coverage', value: null, unit: 'ratio', source: fromDraws });
  else out.push({ section: 'draws', code: 'draws-coverage', value: units.size / x.employers.count, unit: 'ratio', source: { kind: 'files', files: [L.file, x.employers.file] } });
  return out;
}
