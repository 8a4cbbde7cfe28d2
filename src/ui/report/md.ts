import type { Report } from '../../core/check/report.js';
import { renderReport } from './text.js';

/** The report as the Markdown file `check all --out` writes (a person reads it; it is not an official record). */
export function renderReportMd(r: Report): string {
  return renderReport(r, 'md');
}
