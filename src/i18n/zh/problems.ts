import type { ProblemParams } from '../../errors.js';
import { fieldProblems } from '../problems-fields.js';
import { penaltyProblems } from '../problems-penalty.js';
import { penalty } from './penalty.js';
import { draw } from './draw.js';
import { checkProblems } from '../problems-check.js';
import { tableProblems } from '../problems-table.js';
import { input } from './input.js';
import { calendar, check } from './check.js';
import { common } from './common.js';
import { results } from './disclose.js';
import { drawCli } from './drawCli.js';
import { txn } from './txn.js';

/**
 * The words for every Problem/Finding code, keyed by the code verbatim. A code is stable: never renamed,
 * renumbered or reused (docs/codes.md lists them). Each area may add its own section file, merged here.
 */
export type ProblemWords = Record<string, (p: ProblemParams) => string>;

/** A stratum's name is data (全部, （未填写）): the Chinese screen shows it as recorded. */
export const stratumName = (s: string): string => s;

export const problems = {
  ...checkProblems({ check, calendar, errors: common.errors, io: common.io, results, txn, ledger: drawCli.ledger, stratum: stratumName }),
  ...tableProblems({ io: common.io, input }),
  ...fieldProblems({ calendar, check, common, draw, input }),
  ...penaltyProblems({ penalty, common }),
} satisfies ProblemWords;
