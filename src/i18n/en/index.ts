import { common } from './common.js';
import { draw } from './draw.js';

export const en = { ...common, draw };
