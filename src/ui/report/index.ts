export { renderReport, renderReportText, reportPieces, summaryLine, type ReportFormat } from './text.js';
export { renderReportMd } from './md.js';
export { reportJson, reportJsonPieces, CHECK_REPORT_FORMAT, type CheckReportJson, type FindingJson, type ProblemJson } from './json.js';
export { annualHowText, findingText, subjectText } from './words.js';
