import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import path from 'node:path';
import { checkAnnualReport, DEFAULT_ANNUAL_RULE, type AnnualReportRule } from '../../core/check/index.js';
import type { IsoDate } from '../../core/values.js';
import { m } from '../../i18n/index.js';
import { annualHowText } from '../../ui/report/index.js';
import { loadComplianceConfig } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { action } from '../shared/action.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { addOptions, dateOf, opt, yearArg, type OptionsOf } from '../shared/options.js';
import { asOfOrDemo, CHECK_COMMON, printResult } from './common.js';

const ANNUAL_REPORT_OPTIONS = [
  opt({ flags: '--year <yyyy>', key: 'year', description: () => m().check.optYear, parse: yearArg }),
  opt({ flags: '--published-on <date>', key: 'publishedOn', description: () => m().check.optPublishedOn, parse: dateOf('--published-on') }),
  opt({ flags: '--config <compliance.yaml>', key: 'config', description: () => m().check.optConfig }),
  ...CHECK_COMMON,
] as const;

export function registerAnnualReport(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('annual-report').description(t.annualDescription), ANNUAL_REPORT_OPTIONS).action(
    action(ctx, async (opts: OptionsOf<typeof ANNUAL_REPORT_OPTIONS>) => {
      const asOf = await asOfOrDemo(ctx, opts);
      const warnDays = opts.warnDays ?? 5;
      let rule: AnnualReportRule = DEFAULT_ANNUAL_RULE;
      let configured: { year: number | null; publishedOn: IsoDate | null } = { year: null, publishedOn: null };
      // --config is optional here, so --demo only supplies it when none is named
      const config = opts.config !== undefined ? path.resolve(ctx.cwd, opts.config) : opts.demo ? DEMO.compliance : null;
      if (config) {
        const cfg = await loadComplianceConfig(config);
        if (cfg.checks.annual_report) ({ rule, ...configured } = cfg.checks.annual_report);
      }
      const year = opts.year ?? configured.year;
      const statsYear = year ?? Number(asOf.slice(0, 4)) - 1;
      if (year === null && !opts.json) ctx.ui.err(t.annualYearDefault(statsYear));
      const publishedOn = opts.publishedOn ?? configured.publishedOn;
      const cal = await calendarFrom(ctx, opts);
      const r = checkAnnualReport(cal, statsYear, rule, asOf, publishedOn, warnDays);
      if (!opts.json) ctx.ui.out(t.annualOk(statsYear, annualHowText(r.deadline.how), publishedOn));
      return printResult(ctx, asOf, r, cal, opts);
    }),
  );

}
