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

/** Characters a piece of the report (text, Markdown or JSON) holds before it is handed on. */
export const PIECE_CHARS = 1 << 16;

/**
 * The report in pieces of whole lines, each ending with a line break, whose concatenation is
 * renderReport's text: a province's 10^5 findings are printed or written a piece at a time, never
 * held as one string beside their lines.
 */
export function* reportPieces(r: Report, format: ReportFormat): Generator<string> {
  const t = m().check;
  const md = format === 'md';
  const item = (f: Finding) => `${md ? '- ' : '  '}[${t.checkNames[f.check]}] ${subjectText(f)}${t.itemSep}${findingText(f)}${where(f)}`;
  let piece = '';
  const line = (s: string) => {
    piece += s + '\n';
  };
  const full = () => piece.length >= PIECE_CHARS;
  line(md ? `# ${t.reportTitle(r.asOf)}` : t.reportTitle(r.asOf));
  line('');
  for (const [title, list] of [
    [t.findingsTitle(r.findings.length), r.findings],
    [t.warningsTitle(r.warnings.length), r.warnings],
  ] as const) {
    line(md ? `## ${title}` : title);
    if (md) line('');
    if (!list.length) line(`${md ? '' : '  '}${t.none}`);
    for (const f of list) {
      line(item(f));
      if (full()) {
        yield piece;
        piece = '';
      }
    }
    line('');
  }
  for (const f of r.inputErrors) {
    const title = t.inputErrorTitle(t.checkNames[f.check] ?? f.check, f.total);
    line(md ? `## ${title}` : title);
    if (md) line('');
    for (const p of f.problems) line(`${md ? '- ' : '  '}${problemLine(p)}`);
    if (f.total > f.problems.length) line(`${md ? '- ' : '  '}${m().errors.moreProblems(f.total - f.problems.length)}`);
    line('');
  }
  for (const n of r.notes) line(md ? `> ${n}` : n);
  if (r.notes.length) line('');
  line(summaryLine(r));
  yield piece;
}

/** The whole report as one text (reportPieces joined): for a short report and the tests. */
export function renderReport(r: Report, format: ReportFormat): string {
  let text = '';
  for (const piece of reportPieces(r, format)) text += piece;
  return text;
}

/** The report on the terminal. */
export function renderReportText(r: Report): string {
  return renderReport(r, 'text');
}
