import type { Period, Plan } from './types.js';
export function parsePeriod(label: string, plan: Plan): Period {
  void label; void plan;
  throw new Error('parsePeriod: not implemented yet');
}
