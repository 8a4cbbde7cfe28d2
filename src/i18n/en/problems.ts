import type { problems as zhProblems } from '../zh/problems.js';

export const problems: typeof zhProblems = {};
