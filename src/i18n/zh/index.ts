import { common } from './common.js';
import { calendar, check } from './check.js';
import { draw } from './draw.js';

export const zh = { ...common, calendar, check, draw };
