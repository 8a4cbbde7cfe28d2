import type { ProblemParams } from '../../errors.js';
import { calendarProblems, complianceProblems, planProblems } from './problems-fields.js';
import { penaltyProblems } from './problems-penalty.js';

/**
 * The words for every Problem/Finding code, keyed by the code verbatim. A code is stable: never renamed,
 * renumbered or reused (docs/codes.md lists them). Each area may add its own section file, merged here.
 */
export type ProblemWords = Record<string, (p: ProblemParams) => string>;

export const problems = { ...planProblems, ...calendarProblems, ...complianceProblems, ...penaltyProblems } satisfies ProblemWords;
