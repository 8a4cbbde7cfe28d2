import { common } from './common.js';
import { penalty } from './penalty.js';

export const en = { ...common, penalty };
