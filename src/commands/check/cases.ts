import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { checkCases } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadCases } from '../../io/compliance.js';
import { parseInputEncoding } from '../../io/encoding.js';
import { DEMO } from '../../io/paths.js';
import { action } from '../shared/action.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { dateArg } from '../shared/options.js';
import { asOfOrDemo, inputOf, printResult, warnDaysOf, withCommonOptions, type Common } from './common.js';

export function registerCases(check: Command, ctx: Ctx): void {
  const t = m().check;
  const o = m().opt;
  withCommonOptions(
    check
      .command('cases')
      .description(t.casesDescription)
      .option('--cases <file>', t.optCases)
      .option('--since <date>', t.optSince)
      .option('--encoding <enc>', o.encoding)
      .option('--sheet <name|n>', m().xlsx.optSheet),
  ).action(
    action(ctx, async (opts: Common & { cases?: string; since?: string; sheet?: string }) => {
      const since = opts.since === undefined ? null : dateArg(opts.since, '--since');
      const warnDays = warnDaysOf(opts.warnDays, 5);
      const casesIn = inputOf(ctx, opts, opts.cases, DEMO.cases, '--cases');
      const asOf = await asOfOrDemo(ctx, opts);
      const cases = (await loadCases(casesIn.file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, warn: (s) => ctx.ui.warn(s) })).filter((c) => !since || c.openedOn >= since);
      const cal = await calendarFrom(ctx, opts);
      return printResult(ctx, asOf, checkCases(cases, cal, asOf, warnDays, undefined, casesIn.shown), cal, opts);
    }),
  );

}
