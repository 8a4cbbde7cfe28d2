import type { Problem } from '../../errors.js';
import type { Finding } from '../../core/check/findings.js';
import type { Report } from '../../core/check/report.js';
import { escapeControls } from '../../core/values.js';
import { m } from '../../i18n/index.js';
import { problemColumn, problemText } from '../problem-text.js';
import { findingText, subjectText } from './words.js';

/**
 * The report for a person: the terminal (text) and the file a person reads (Markdown, md.ts) share
 * the same words and differ only in their marks.
 */
export type ReportFormat = 'text' | 'md';

function problemLine(p: Problem): string {
  let loc = p.file ?? '';
  if (p.line !== undefined) loc += `${loc ? ':' : ''}${p.line}`;
  const column = problemColumn(p);
  const at = [loc, p.key, column === undefined ? undefined : `“${column}”`, p.value === undefined ? undefined : `“${escapeControls(p.value)}”`].filter((x) => x);
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

export function renderReport(r: Report, format: ReportFormat): string {
  const t = m().check;
  const out: string[] = [];
  const item = (f: Finding) => `${format === 'md' ? '- ' : '  '}[${t.checkNames[f.check]}] ${subjectText(f)}${t.itemSep}${findingText(f)}${where(f)}`;
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

/** The report on the terminal. */
export function renderReportText(r: Report): string {
  return renderReport(r, 'text');
}
