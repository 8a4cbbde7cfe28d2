import type { Ctx } from '../../context.js';
import { computePenalty, Refusal, RuleDefect, validateFacts } from '../../core/penalty/compute.js';
import { resultJson, resultLines } from '../../core/penalty/render.js';
import type { Party, Result, Rule } from '../../core/penalty/types.js';
import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { RuleSet } from '../../io/rules.js';

/** Validate then compute; every fact problem at once, a rule defect as the rule file's problem. */
export function evaluateCase(
  rule: Rule,
  raw: Record<string, unknown>,
  party: Party,
  set: RuleSet,
  today: string,
  where: (fact: string) => Partial<Problem>,
): { result: Result } {
  const { facts, problems } = validateFacts(rule, raw, today);
  if (problems.length) {
    const list = problems.map((p) => ({ ...where(p.fact), value: p.value, message: p.message }));
    throw new InputError(m().penalty.cmd.factsInvalid(list.length), list);
  }
  try {
    return { result: computePenalty(rule, facts, party, set.config) };
  } catch (e) {
    if (e instanceof RuleDefect) throw new InputError(e.message, [{ file: e.rule.file, line: e.line, message: e.message }]);
    if (e instanceof Refusal) {
      const msg = m().penalty.cmd.refused(e.rule.id, e.level, e.why);
      throw new InputError(msg, [{ file: e.rule.file, message: msg }]);
    }
    throw e;
  }
}

export function print(ctx: Ctx, r: Result, rule: Rule, party: Party, json: boolean): number {
  if (json) ctx.ui.out(JSON.stringify(resultJson(r, rule, party), null, 2));
  else ctx.ui.out(resultLines(r, rule).join('\n'));
  return 0;
}
