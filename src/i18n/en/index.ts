import { common } from './common.js';
import { drawCli } from './drawCli.js';

export const en = { ...common, drawCli };
