import type { Plan, ProblemAt } from './types.js';
export function parsePlan(data: unknown, at: ProblemAt): Plan {
  void data; void at;
  throw new Error('parsePlan: not implemented yet');
}
