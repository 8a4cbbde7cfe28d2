import { common } from './common.js';
import { penalty } from './penalty.js';

export const zh = { ...common, penalty };
