import { common } from './common.js';
import { draw } from './draw.js';
import { drawCli } from './drawCli.js';

export const en = { ...common, draw, drawCli };
