import { common } from './common.js';
import { calendar, check } from './check.js';
import { draw } from './draw.js';

export const en = { ...common, calendar, check, draw };
