import { m } from '../../i18n/index.js';
import { problemText } from '../../ui/problem-text.js';
import type { Problem } from '../../errors.js';
import type { IsoDate } from '../values.js';
import type { CheckName, CheckResult, Finding } from './findings.js';
import { escapeControls } from '../values.js';

/**
 * One report for all checks: findings first, then warnings, then a one-line summary.
 * The same words serve the terminal (text) and the file a person reads (Markdown).
 */
export interface Report {
  asOf: IsoDate;
  results: CheckResult[];
  findings: Finding[];
  warnings: Finding[];
  /** caveats that are not warnings about the office's data (a provisional calendar) */
  notes: string[];
  /** checks that could not run because an input of theirs is bad: a section "输入有误" each */
  inputErrors: InputFailure[];
}

export interface InputFailure {
  check: CheckName;
  /** the first problems (at most PROBLEM_LIMIT of them) and how many there were */
  problems: Problem[];
  total: number;
}

/** How many problems of one check's inputs a report lists; the rest are counted. */
export const PROBLEM_LIMIT = 200;

export function buildReport(asOf: IsoDate, results: CheckResult[], notes: string[] = [], inputErrors: InputFailure[] = []): Report {
  return { asOf, results, findings: results.flatMap((r) => r.findings), warnings: results.flatMap((r) => r.warnings), notes, inputErrors };
}

function problemLine(p: Problem): string {
  let loc = p.file ?? '';
  if (p.line !== undefined) loc += `${loc ? ':' : ''}${p.line}`;
  const at = [loc, p.key, p.column === undefined ? undefined : `“${p.column}”`, p.value === undefined ? undefined : `“${escapeControls(p.value)}”`].filter((x) => x);
  return `${at.join(' ')}${at.length ? '：' : ''}${escapeControls(problemText(p), true)}`;
}

function where(f: Finding): string {
  if (!f.file) return '';
  return f.line === undefined ? ` (${f.file})` : ` (${f.file}:${f.line})`;
}

export function summaryLine(r: Report): string {
  const t = m().check;
  return t.summary(r.asOf, r.findings.length, r.warnings.length, r.results.map((x) => `${t.checkNames[x.check]} ${x.checked}`));
}

export function renderReport(r: Report, format: 'text' | 'md'): string {
  const t = m().check;
  const out: string[] = [];
  const item = (f: Finding) => `${format === 'md' ? '- ' : '  '}[${t.checkNames[f.check]}] ${f.subject}${t.itemSep}${f.message}${where(f)}`;
  out.push(format === 'md' ? `# ${t.reportTitle(r.asOf)}` : t.reportTitle(r.asOf));
  out.push('');
  out.push(format === 'md' ? `## ${t.findingsTitle(r.findings.length)}` : t.findingsTitle(r.findings.length));
  if (format === 'md') out.push('');
  out.push(...(r.findings.length ? r.findings.map(item) : [`${format === 'md' ? '' : '  '}${t.none}`]));
  out.push('');
  out.push(format === 'md' ? `## ${t.warningsTitle(r.warnings.length)}` : t.warningsTitle(r.warnings.length));
  if (format === 'md') out.push('');
  out.push(...(r.warnings.length ? r.warnings.map(item) : [`${format === 'md' ? '' : '  '}${t.none}`]));
  out.push('');
  for (const f of r.inputErrors) {
    const title = t.inputErrorTitle(t.checkNames[f.check] ?? f.check, f.total);
    out.push(format === 'md' ? `## ${title}` : title);
    if (format === 'md') out.push('');
    for (const p of f.problems) out.push(`${format === 'md' ? '- ' : '  '}${problemLine(p)}`);
    if (f.total > f.problems.length) out.push(`${format === 'md' ? '- ' : '  '}${m().errors.moreProblems(f.total - f.problems.length)}`);
    out.push('');
  }
  for (const n of r.notes) out.push(format === 'md' ? `> ${n}` : n);
  if (r.notes.length) out.push('');
  out.push(summaryLine(r));
  return out.join('\n') + '\n';
}

export function reportJson(r: Report): unknown {
  return {
    as_of: r.asOf,
    findings: r.findings,
    warnings: r.warnings,
    notes: r.notes,
    checks: r.results.map((x) => ({ check: x.check, checked: x.checked, findings: x.findings.length, warnings: x.warnings.length })),
    input_errors: r.inputErrors.map((f) => ({ check: f.check, total: f.total, problems: f.problems })),
    status: r.inputErrors.length ? 'input_errors' : r.findings.length ? 'findings' : 'clean',
  };
}
