import type { Problem } from '../../errors.js';
import type { IsoDate } from '../values.js';
import type { CheckName, CheckResult, Finding } from './findings.js';

/**
 * One report for all checks: findings first, then warnings, then a one-line summary. Only the data:
 * src/ui/report/ writes it as text, Markdown or JSON.
 */
export interface Report {
  asOf: IsoDate;
  results: CheckResult[];
  findings: Finding[];
  warnings: Finding[];
  /** caveats that are not warnings about the office's data (a provisional calendar), worded by the command */
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
