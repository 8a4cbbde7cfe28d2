import { m } from '../../i18n/index.js';
import type { IsoDate } from '../values.js';
import type { CheckResult, Finding } from './findings.js';

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
}

export function buildReport(asOf: IsoDate, results: CheckResult[], notes: string[] = []): Report {
  return { asOf, results, findings: results.flatMap((r) => r.findings), warnings: results.flatMap((r) => r.warnings), notes };
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
    status: r.findings.length ? 'findings' : 'clean',
  };
}
