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
import { asOfOrDemo, inputOf, printResult, warnDaysOf, withCommonOptions, type Common } from './common.js';

export function registerRoster(check: Command, ctx: Ctx): void {
  const t = m().check;
  const o = m().opt;
  withCommonOptions(
    check
      .command('roster')
      .description(t.rosterDescription)
      .option('--inspectors <file>', t.optInspectors)
      .option('--plan <plan.yaml>', t.optPlan)
      .option('--encoding <enc>', o.encoding)
      .option('--sheet <name|n>', m().xlsx.optSheet),
    t.optRosterWarnDays,
    false,
  ).action(
    action(ctx, async (opts: Common & { inspectors?: string; plan?: string; sheet?: string }) => {
      const warnDays = warnDaysOf(opts.warnDays, 30);
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
