import { planWords } from '../i18n/draw-faults.js';
import type { Employer, Inspector } from '../core/records.js';
import { parsePeriod, parsePlan, type Period, type Plan } from '../core/draw/index.js';
import { periodLabels } from '../core/draw/period.js';
import { InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import type { InputEncoding } from './encoding.js';
import { sha256Hex } from './files.js';
import { loadEmployers, loadInspectors, type LoadedTable } from './tables.js';
import { loadYamlFile } from './yaml.js';

/**
 * Loads everything a draw needs and reports every problem in every file at once: staff fix
 * the directory, the roster and the plan in one sitting instead of one error per run.
 * Shared by `draw` and `verify` so both read the inputs in exactly the same way.
 */

export interface DrawInputPaths {
  employers: string;
  inspectors: string;
  plan: string;
}

export interface LoadedDrawInputs {
  employers: LoadedTable<Employer>;
  inspectors: LoadedTable<Inspector>;
  plan: Plan;
  planSha256: string;
  period: Period;
}

export interface LoadOptions {
  encoding: InputEncoding;
  lenient: boolean;
  warn?: (text: string) => void;
}

function problemsOf(e: InputError, file?: string): Problem[] {
  if (e.problems.length) return e.problems;
  return [{ file, message: e.message }];
}

export async function loadDrawInputs(paths: DrawInputPaths, periodLabel: string, opts: LoadOptions): Promise<LoadedDrawInputs> {
  const problems: Problem[] = [];
  const attempt = async <T>(file: string | undefined, fn: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...problemsOf(e, file));
      return undefined;
    }
  };
  const readOpts = { encoding: opts.encoding, lenient: opts.lenient, warn: opts.warn };
  const [employers, inspectors, planSource] = await Promise.all([
    attempt(paths.employers, () => loadEmployers(paths.employers, readOpts)),
    attempt(paths.inspectors, () => loadInspectors(paths.inspectors, readOpts)),
    attempt(paths.plan, () => loadYamlFile(paths.plan)),
  ]);
  const plan = planSource ? await attempt(paths.plan, () => parsePlan(planSource.data, planSource.problem, planWords)) : undefined;
  let period: Period | undefined;
  if (plan) {
    try {
      period = parsePeriod(periodLabel, plan);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      // the period is an argument, not a line of a file: say so, and which periods the plan has
      const labels = periodLabels(plan.year, plan.frequency);
      throw new UsageError(m().drawCli.badPeriod(periodLabel, plan.id, plan.frequency, labels));
    }
  }
  if (problems.length || !employers || !inspectors || !planSource || !plan || !period) {
    throw new InputError(m().drawCli.inputsInvalid(problems.length), problems);
  }
  return { employers, inspectors, plan, planSha256: sha256Hex(planSource.bytes), period };
}
