import type { Problem } from '../../errors.js';
import { custom, FieldReader, isMapping, oneOf, type YamlPlaces } from '../yaml-fields.js';
import type { Party } from './types.js';

/** One case as `penalty --case` reads it (docs/penalty.md): the rule, the party, the raw facts. */
export interface CaseFile {
  rule: string;
  party?: Party;
  facts: Record<string, unknown>;
}

/**
 * case.yaml → the case, or every problem (case.* codes). Other keys are let through, as before: a golden
 * test case copied whole (name, expect) still runs. The facts are checked against the rule by validateFacts.
 */
export function readCase(data: unknown, places: YamlPlaces): { case?: CaseFile; problems: Problem[] } {
  const r = new FieldReader(places, 'case');
  if (!isMapping(data)) {
    r.report(['rule'], 'case.shape');
    return { problems: r.problems };
  }
  const o = r.fields(
    data,
    [],
    {
      rule: custom((rr, v, p) => (typeof v === 'string' ? v : void rr.report(p, 'case.shape')), { required: true, requiredCode: 'case.shape' }),
      facts: custom((rr, v, p) => (isMapping(v) ? v : void rr.report(p, 'case.shape'))),
      party: oneOf(['org', 'individual'] as const, { code: 'case.party' }),
    },
    { unknown: false },
  );
  if (r.problems.length || o.rule === undefined) return { problems: r.problems };
  return { case: { rule: o.rule, party: o.party, facts: o.facts ?? {} }, problems: r.problems };
}
