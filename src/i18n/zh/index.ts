import { common } from './common.js';
import { calendar, check } from './check.js';
import { draw } from './draw.js';
import { penalty } from './penalty.js';
import { drawCli } from './drawCli.js';
import { txn } from './txn.js';

export const zh = { ...common, calendar, check, draw, penalty, drawCli, txn };
