import { common } from './common.js';
import { calendar, check } from './check.js';

export const zh = { ...common, calendar, check };
