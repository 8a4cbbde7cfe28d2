import { common } from './common.js';
import { calendar, check } from './check.js';

export const en = { ...common, calendar, check };
