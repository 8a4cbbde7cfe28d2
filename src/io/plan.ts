import { readPlan, type Plan } from '../core/draw/index.js';
import type { YamlPlaces } from '../core/yaml-fields.js';
import { refusal } from './yaml-problems.js';

/** A plan.yaml already parsed (src/io/yaml.ts) → the plan, or exit 2 with every problem of the file. */
export function planFrom(src: YamlPlaces & { data: unknown }): Plan {
  const { plan, problems } = readPlan(src.data, src);
  if (!plan) throw refusal('plan.invalid', problems);
  return plan;
}
