import type { Problem, ProblemParams } from '../../errors.js';
import type { CheckName, Finding, Severity } from '../../core/check/findings.js';
import type { Report } from '../../core/check/report.js';
import { problemColumn, problemText } from '../problem-text.js';
import { findingText, subjectText } from './words.js';
import { PIECE_CHARS } from './text.js';

/**
 * The shape of `check all --json` and `check <name> --json` (all but `check deadlines`, which prints
 * its rows). `format` counts changes of this shape: a reader that meets a higher number than it knows
 * must not guess. 1: findings, warnings and problems carry `code` and `params` beside `message`.
 */
export const CHECK_REPORT_FORMAT = 1;

export interface FindingJson {
  check: CheckName;
  severity: Severity;
  /** stable, docs/codes.md; `message` is its sentence in the language of the run */
  code: string;
  params: ProblemParams;
  subject: string;
  /** present when the subject is words (the ledger, a year's statistics) rather than data */
  subject_code?: string;
  message: string;
  file?: string;
  line?: number;
}

/** A problem as the JSON report gives it: located as in Problem, the column by its heading, always worded. */
export type ProblemJson = Omit<Problem, 'columnCode' | 'message'> & { message: string };

export interface CheckReportJson {
  format: typeof CHECK_REPORT_FORMAT;
  as_of: string;
  findings: FindingJson[];
  warnings: FindingJson[];
  notes: string[];
  checks: { check: CheckName; checked: number; findings: number; warnings: number }[];
  input_errors: { check: CheckName; total: number; problems: ProblemJson[] }[];
  status: 'input_errors' | 'findings' | 'clean';
}

function findingJson(f: Finding): FindingJson {
  return {
    check: f.check,
    severity: f.severity,
    code: f.code,
    params: f.params,
    subject: subjectText(f),
    ...(typeof f.subject === 'string' ? {} : { subject_code: f.subject.code }),
    message: findingText(f),
    ...(f.file === undefined ? {} : { file: f.file }),
    ...(f.line === undefined ? {} : { line: f.line }),
  };
}

export function reportJson(r: Report): CheckReportJson {
  return reportJsonWith(r, r.findings.map(findingJson), r.warnings.map(findingJson));
}

function reportJsonWith(r: Report, findings: FindingJson[], warnings: FindingJson[]): CheckReportJson {
  return {
    format: CHECK_REPORT_FORMAT,
    as_of: r.asOf,
    findings,
    warnings,
    notes: r.notes,
    checks: r.results.map((x) => ({ check: x.check, checked: x.checked, findings: x.findings.length, warnings: x.warnings.length })),
    input_errors: r.inputErrors.map((f) => ({ check: f.check, total: f.total, problems: f.problems.map(({ columnCode: _, ...p }) => ({ ...p, column: problemColumn(p), message: problemText(p) })) })),
    status: r.inputErrors.length ? 'input_errors' : r.findings.length ? 'findings' : 'clean',
  };
}

/**
 * JSON.stringify(reportJson(r), null, 2) in pieces, each but the last ending with a line break (so
 * ui.out adds none; the last ends with "}" and gets one): a province's 10^5 findings are made into
 * JSON one at a time, never held as objects and one string at once. The fields are reportJson's.
 */
export function* reportJsonPieces(r: Report): Generator<string> {
  const skeleton = reportJsonWith(r, [], []);
  const lists: Partial<Record<keyof CheckReportJson, readonly Finding[]>> = { findings: r.findings, warnings: r.warnings };
  // a value one level down: JSON.stringify's own text, every line indented once more
  const nested = (v: unknown, indent: string) => JSON.stringify(v, null, 2).replace(/\n/g, '\n' + indent);
  let piece = '{\n';
  const keys = Object.keys(skeleton) as (keyof CheckReportJson)[];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    piece += `  ${JSON.stringify(key)}: `;
    const list = lists[key];
    if (!list) piece += nested(skeleton[key], '  ');
    else if (!list.length) piece += '[]';
    else {
      piece += '[\n';
      for (let i = 0; i < list.length; i++) {
        piece += '    ' + nested(findingJson(list[i]!), '    ') + (i + 1 < list.length ? ',\n' : '\n');
        if (piece.length >= PIECE_CHARS) {
          yield piece;
          piece = '';
        }
      }
      piece += '  ]';
    }
    piece += k + 1 < keys.length ? ',\n' : '\n}';
  }
  yield piece;
}
