import { common } from './common.js';

export const zh = { ...common };
