/**
 * What every check produces: findings (a rule was broken: exit 1) and warnings
 * (something will be broken soon, or cannot be checked). One shape for all checks,
 * so `check all` can merge them into one report.
 */
export type CheckName = 'deadlines' | 'roster' | 'draws' | 'cases' | 'annual-report' | 'results';
export type Severity = 'finding' | 'warning';

export interface Finding {
  check: CheckName;
  severity: Severity;
  /** what it is about: a case number, an inspector, a plan item, a period */
  subject: string;
  message: string;
  file?: string;
  line?: number;
}

export interface CheckResult {
  check: CheckName;
  findings: Finding[];
  warnings: Finding[];
  /** checks that were run and found nothing still say what they looked at */
  checked: number;
}

export function result(check: CheckName, all: Finding[], checked: number): CheckResult {
  return { check, findings: all.filter((f) => f.severity === 'finding'), warnings: all.filter((f) => f.severity === 'warning'), checked };
}
