import { planWords } from '../i18n/draw-faults.js';
import type { Employer, Inspector } from '../core/records.js';
import { parsePeriod, parsePlan, type Period, type Plan } from '../core/draw/index.js';
import { periodLabels, PeriodError } from '../core/draw/period.js';
import { appendProblems, InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { errorText } from '../ui/problem-text.js';
import type { InputEncoding } from './encoding.js';
import { sha256Hex } from './files.js';
import { loadEmployers, loadInspectors, type LoadedTable } from './tables.js';
import { loadYamlFile } from './yaml.js';
import { certNoPatternOf } from './cert-pattern.js';
import { blankStrata, unmatchedFilterValues, type UnmatchedValue } from '../core/draw/unmatched.js';

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
  /** plan filter values no employer of the directory has (draw --allow-unmatched records them) */
  unmatched: UnmatchedValue[];
}

export interface LoadOptions {
  encoding: InputEncoding;
  lenient: boolean;
  /** --sheet, for inputs that are .xlsx workbooks */
  sheet?: string;
  warn?: (text: string) => void;
  /**
   * plan filter values that match no employer: 'error' (draw: exit 2, usually a typo), 'warn'
   * (draw --allow-unmatched), 'ignore' (verify re-runs a draw that was already made; the default)
   */
  unmatched?: 'error' | 'warn' | 'ignore';
}

function problemsOf(e: InputError, file?: string): Problem[] {
  if (e.problems.length) return e.problems;
  return [{ file, message: errorText(e) }];
}

export async function loadDrawInputs(paths: DrawInputPaths, periodLabel: string, opts: LoadOptions): Promise<LoadedDrawInputs> {
  const problems: Problem[] = [];
  const attempt = async <T>(file: string | undefined, fn: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      appendProblems(problems, problemsOf(e, file));
      return undefined;
    }
  };
  const readOpts = { encoding: opts.encoding, lenient: opts.lenient, sheet: opts.sheet, warn: opts.warn };
  // the plan first: it may set the form of certificate numbers the roster is checked against
  const planSource = await attempt(paths.plan, () => loadYamlFile(paths.plan));
  const certNoPattern = planSource ? await attempt(paths.plan, () => certNoPatternOf(planSource)) : null;
  const [employers, inspectors] = await Promise.all([
    attempt(paths.employers, () => loadEmployers(paths.employers, readOpts)),
    attempt(paths.inspectors, () => loadInspectors(paths.inspectors, { ...readOpts, certNoPattern })),
  ]);
  const plan = planSource ? await attempt(paths.plan, () => parsePlan(planSource.data, planSource.problem, planWords)) : undefined;
  let period: Period | undefined;
  if (plan) {
    try {
      period = parsePeriod(periodLabel, plan);
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e;
      // the period is an argument, not a line of a file: say so, and which periods the plan has
      const labels = periodLabels(plan.year, plan.frequency);
      throw new UsageError(m().drawCli.badPeriod(periodLabel, plan.id, plan.frequency, labels));
    }
  }
  // verify re-derives the list to check what the manifest recorded, whatever it prints
  const unmatched = plan && employers ? unmatchedFilterValues(plan, employers.records) : [];
  if (plan && employers && planSource && (opts.unmatched ?? 'ignore') !== 'ignore') {
    const t = m().input;
    for (const u of unmatched) {
      const message = t.unmatchedValue(u.key, u.value, u.closest, u.joined);
      if (opts.unmatched === 'error') problems.push(planSource.problem(u.path, message, u.value));
      else opts.warn?.(t.unmatchedWarning(paths.plan, planSource.keyLineOf(u.path), message));
    }
    for (const b of blankStrata(plan, employers.records)) opts.warn?.(t.blankStratum(paths.employers, b.taskIds, b.key, b.count));
  }
  if (problems.length || !employers || !inspectors || !planSource || !plan || !period) {
    throw new InputError(m().drawCli.inputsInvalid(problems.length), problems);
  }
  return { employers, inspectors, plan, planSha256: sha256Hex(planSource.bytes), period, unmatched };
}
