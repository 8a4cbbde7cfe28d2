import type { ProblemParams } from '../../errors.js';

/**
 * The words for every Problem/Finding code, keyed by the code verbatim. A code is stable: never renamed,
 * renumbered or reused (docs/codes.md lists them). Each area may add its own section file, merged here.
 */
export type ProblemWords = Record<string, (p: ProblemParams) => string>;

export const problems = {} satisfies ProblemWords;
