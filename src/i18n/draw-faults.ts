/** The draw core's plan faults (codes and parameters) in the language in force. */
import type { PlanFault } from '../core/draw/plan.js';
import { m } from './index.js';

export function planWords(f: PlanFault): string {
  // the plan's number checks are worded with the other input messages (quoted numbers, ranges)
  const own = (m().draw.plan as Record<string, unknown>)[f.code] ?? (m().input as Record<string, unknown>)[f.code];
  const say = own as string | ((...a: unknown[]) => string);
  return typeof say === 'function' ? say(...f.params) : say;
}
