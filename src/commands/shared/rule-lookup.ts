import type { Rule } from '../../core/penalty/types.js';
import { closest } from '../../core/penalty/compute.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { RuleSet } from '../../io/rules.js';

/** A rule by its id; an unknown id is a usage error that suggests the closest id. */
export function findRule(set: RuleSet, id: string): Rule {
  const rule = set.byId.get(id);
  if (!rule) throw new UsageError(m().penalty.cmd.unknownRule(id, closest(id, [...set.byId.keys()])));
  return rule;
}
