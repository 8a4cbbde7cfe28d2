import { common } from './common.js';
import { calendar, check } from './check.js';
import { draw } from './draw.js';
import { penalty } from './penalty.js';
import { drawCli } from './drawCli.js';
import { publish, report, results } from './disclose.js';

export const zh = { ...common, calendar, check, draw, penalty, drawCli, publish, results, report };
