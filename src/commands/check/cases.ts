import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { checkCases } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadCases } from '../../io/compliance.js';
import { parseInputEncoding } from '../../io/encoding.js';
import { DEMO } from '../../io/paths.js';
import { action } from '../shared/action.js';
import { addOptions, common, opt, type OptionsOf } from '../shared/options.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { asOfOrDemo, inputOf, printResult, CHECK_COMMON } from './common.js';

const CASES_OPTIONS = [
  opt({ flags: '--cases <file>', key: 'cases', description: () => m().check.optCases }),
  common.since,
  common.encoding,
  common.sheet,
  ...CHECK_COMMON,
] as const;

export function registerCases(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('cases').description(t.casesDescription), CASES_OPTIONS).action(
    action(ctx, async (opts: OptionsOf<typeof CASES_OPTIONS>) => {
      const since = opts.since ?? null;
      const warnDays = opts.warnDays ?? 5;
      const casesIn = inputOf(ctx, opts, opts.cases, DEMO.cases, '--cases');
      const asOf = await asOfOrDemo(ctx, opts);
      const cases = (await loadCases(casesIn.file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, warn: (s) => ctx.ui.warn(s) })).filter((c) => !since || c.openedOn >= since);
      const cal = await calendarFrom(ctx, opts);
      return printResult(ctx, asOf, checkCases(cases, cal, asOf, warnDays, undefined, casesIn.shown), cal, opts);
    }),
  );

}
