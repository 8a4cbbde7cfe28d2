import { common } from './common.js';
import { drawCli } from './drawCli.js';

export const zh = { ...common, drawCli };
