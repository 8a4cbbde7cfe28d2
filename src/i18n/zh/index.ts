import { common } from './common.js';
import { draw } from './draw.js';

export const zh = { ...common, draw };
