import type { Problem, ProblemParams } from '../../errors.js';
import type { ProblemAt } from '../draw/types.js';

/**
 * What every check produces: findings (a rule was broken: exit 1) and warnings
 * (something will be broken soon, or cannot be checked). One shape for all checks,
 * so `check all` can merge them into one report.
 *
 * A finding carries no words: a stable code (check.<check>.<fault>, listed in docs/codes.md) and the
 * values its sentence is built from. src/ui/report/ writes it in zh or en.
 */
export type CheckName = 'deadlines' | 'roster' | 'draws' | 'cases' | 'annual-report' | 'results';
export type Severity = 'finding' | 'warning';

/** A subject that is words rather than data (the ledger itself, a year's statistics): named by a code too. */
export interface CodedSubject {
  code: string;
  params: ProblemParams;
}

export interface Finding {
  check: CheckName;
  severity: Severity;
  code: string;
  params: ProblemParams;
  /** what it is about: a case number, an inspector, a plan item, a period */
  subject: string | CodedSubject;
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

export { LIST_SEP, joinList, splitList } from '../params.js';

/** A located problem named by a code, placed by a ProblemAt (which still takes words for older parsers). */
export function codedAt(at: ProblemAt, path: (string | number)[], code: string, params: ProblemParams = {}, value?: unknown): Problem {
  const { message: _words, ...where } = at(path, '', value);
  return { ...where, code, params };
}
