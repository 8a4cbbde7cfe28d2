import { InputError, type Problem } from '../errors.js';
import { problemText } from '../ui/problem-text.js';

/**
 * The error that refuses a whole YAML file: the headline worded from its code (`plan.invalid`,
 * `calendar.invalid`…, params.count = how many problems) and every located problem the core found.
 */
export function refusal(headline: string, problems: Problem[], params: Record<string, string | number> = {}): InputError {
  return new InputError(problemText({ code: headline, params: { count: problems.length, ...params } }), problems);
}
