import { common } from './common.js';
import { calendar, check } from './check.js';
import { draw } from './draw.js';
import { penalty } from './penalty.js';
import { drawCli } from './drawCli.js';
import { xlsx } from './xlsx.js';
import { publish, report, results } from './disclose.js';
import { txn } from './txn.js';
import { input } from './input.js';
import { problems, stratumName } from './problems.js';

export const en = { ...common, calendar, check, draw, penalty, drawCli, txn, input, xlsx, publish, results, report, problems, stratumName };
