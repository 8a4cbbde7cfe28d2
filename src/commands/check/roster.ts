import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { checkRoster } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { certNoPatternOf } from '../../io/cert-pattern.js';
import { loadPlanView } from '../../io/compliance.js';
import { parseInputEncoding } from '../../io/encoding.js';
import { DEMO } from '../../io/paths.js';
import { loadInspectors } from '../../io/tables.js';
import { loadYamlFile } from '../../io/yaml.js';
import { action } from '../shared/action.js';
import { addOptions, common, opt, type OptionsOf } from '../shared/options.js';
import { asOfOrDemo, inputOf, printResult, ROSTER_COMMON } from './common.js';

const ROSTER_OPTIONS = [
  opt({ flags: '--inspectors <file>', key: 'inspectors', description: () => m().check.optInspectors }),
  opt({ flags: '--plan <plan.yaml>', key: 'plan', description: () => m().check.optPlan }),
  common.encoding,
  common.sheet,
  ...ROSTER_COMMON,
] as const;

export function registerRoster(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('roster').description(t.rosterDescription), ROSTER_OPTIONS).action(
    action(ctx, async (opts: OptionsOf<typeof ROSTER_OPTIONS>) => {
      const warnDays = opts.warnDays ?? 30;
      const roster = inputOf(ctx, opts, opts.inspectors, DEMO.inspectors, '--inspectors');
      // the demo checks the roster against the demo plan too; an office's roster check names its plan or does without
      const planIn = opts.plan !== undefined || opts.demo ? inputOf(ctx, opts, opts.plan, DEMO.plan, '--plan') : null;
      const asOf = await asOfOrDemo(ctx, opts);
      const certNoPattern = planIn ? certNoPatternOf(await loadYamlFile(planIn.file)) : null;
      const inspectors = await loadInspectors(roster.file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, certNoPattern, warn: (w) => ctx.ui.warn(w) });
      const plan = planIn ? await loadPlanView(planIn.file) : null;
      return printResult(ctx, asOf, checkRoster(inspectors.records, asOf, warnDays, plan, roster.shown, planIn?.shown), null, opts);
    }),
  );

}
