import type { problems as zhProblems } from '../zh/problems.js';
import { calendarProblems, complianceProblems, planProblems } from './problems-fields.js';
import { penaltyProblems } from './problems-penalty.js';

export const problems: typeof zhProblems = { ...planProblems, ...calendarProblems, ...complianceProblems, ...penaltyProblems };
