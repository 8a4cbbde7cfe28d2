import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import path from 'node:path';
import { checkAnnualReport, DEFAULT_ANNUAL_RULE, type AnnualReportRule } from '../../core/check/index.js';
import type { IsoDate } from '../../core/values.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { annualHowText } from '../../ui/report/index.js';
import { loadComplianceConfig } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { action } from '../shared/action.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { dateArg } from '../shared/options.js';
import { asOfOrDemo, printResult, warnDaysOf, withCommonOptions, type Common } from './common.js';

export function registerAnnualReport(check: Command, ctx: Ctx): void {
  const t = m().check;
  withCommonOptions(
    check
      .command('annual-report')
      .description(t.annualDescription)
      .option('--year <yyyy>', t.optYear)
      .option('--published-on <date>', t.optPublishedOn)
      .option('--config <compliance.yaml>', t.optConfig),
  ).action(
    action(ctx, async (opts: Common & { year?: string; publishedOn?: string; config?: string }) => {
      const asOf = await asOfOrDemo(ctx, opts);
      const warnDays = warnDaysOf(opts.warnDays, 5);
      let rule: AnnualReportRule = DEFAULT_ANNUAL_RULE;
      let configured: { year: number | null; publishedOn: IsoDate | null } = { year: null, publishedOn: null };
      // --config is optional here, so --demo only supplies it when none is named
      const config = opts.config !== undefined ? path.resolve(ctx.cwd, opts.config) : opts.demo ? DEMO.compliance : null;
      if (config) {
        const cfg = await loadComplianceConfig(config);
        if (cfg.checks.annual_report) ({ rule, ...configured } = cfg.checks.annual_report);
      }
      let year = configured.year;
      if (opts.year !== undefined) {
        if (!/^\d{4}$/.test(opts.year.trim())) throw new UsageError(m().calendar.badYearArg(opts.year));
        year = Number(opts.year.trim());
      }
      const statsYear = year ?? Number(asOf.slice(0, 4)) - 1;
      if (year === null && !opts.json) ctx.ui.err(t.annualYearDefault(statsYear));
      const publishedOn = opts.publishedOn !== undefined ? dateArg(opts.publishedOn, '--published-on') : configured.publishedOn;
      const cal = await calendarFrom(ctx, opts);
      const r = checkAnnualReport(cal, statsYear, rule, asOf, publishedOn, warnDays);
      if (!opts.json) ctx.ui.out(t.annualOk(statsYear, annualHowText(r.deadline.how), publishedOn));
      return printResult(ctx, asOf, r, cal, opts);
    }),
  );

}
