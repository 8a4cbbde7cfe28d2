/** The draw core's plan faults (codes and parameters) in the language in force. */
import type { PlanFault } from '../core/draw/plan.js';
import { m } from './index.js';

export function planWords(f: PlanFault): string {
  const say = m().draw.plan[f.code] as string | ((...a: unknown[]) => string);
  return typeof say === 'function' ? say(...f.params) : say;
}
