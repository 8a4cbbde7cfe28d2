import type { problems as zhProblems } from '../zh/problems.js';
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
 * 全部 and （未填写） are how the ledger and the CSV name the whole population and a blank value: data
 * that must not change with --lang. Only the English screen says them in English.
 */
export const stratumName = (s: string): string =>
  s === '全部'
    ? 'all'
    : s
        .split('/')
        .map((v) => (v === '（未填写）' ? '(blank)' : v))
        .join('/');

export const problems: typeof zhProblems = {
  ...checkProblems({ check, calendar, errors: common.errors, io: common.io, results, txn, ledger: drawCli.ledger, stratum: stratumName }),
  ...tableProblems({ io: common.io, input }),
  ...fieldProblems({ calendar, check, common, draw, input }),
  ...penaltyProblems({ penalty, common }),
};
