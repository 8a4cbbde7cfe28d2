import type { problems as zhProblems } from '../zh/problems.js';
import { calendarProblems, complianceProblems, planProblems } from './problems-fields.js';

export const problems: typeof zhProblems = { ...planProblems, ...calendarProblems, ...complianceProblems };
