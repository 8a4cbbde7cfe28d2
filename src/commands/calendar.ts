import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { action } from './shared/action.js';
import { CALENDAR_OPTIONS, calendarFrom } from './shared/calendar-options.js';
import { addOptions, common, dateArg, yearArg, type OptionsOf } from './shared/options.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { addWorkingDays, countWorkingDays, provisionalIn, showYear, weekday } from '../core/calendar/index.js';
import type { IsoDate } from '../core/values.js';
import { renderTable } from '../ui/text.js';

export function weekdayName(d: IsoDate): string {
  return m().calendar.weekdays[weekday(d)]!;
}

/** The shape of `calendar add|count|show --json`; a script reads `format` first (docs/codes.md). */
const CALENDAR_JSON_FORMAT = 1;

/** Each calendar subcommand: --json, then the calendar it counts on. */
const CALENDAR_COMMAND_OPTIONS = [common.json, ...CALENDAR_OPTIONS] as const;
type CalendarCommandOptions = OptionsOf<typeof CALENDAR_COMMAND_OPTIONS>;

export function registerCalendar(program: Command, ctx: Ctx): void {
  const t = m().calendar;
  const cal = program.command('calendar').description(t.description);

  addOptions(cal.command('add').description(t.addDescription).argument('<date>', t.dateArg).argument('<n>', t.nArg), CALENDAR_COMMAND_OPTIONS).action(
    action(ctx, async (rawDate: string, rawN: string, opts: CalendarCommandOptions) => {
      const start = dateArg(rawDate, 'DATE');
      const n = /^\d+$/.test(rawN.trim()) ? Number(rawN.trim()) : NaN;
      if (!Number.isSafeInteger(n) || n > 3660) throw new UsageError(t.badN(rawN));
      const calendar = await calendarFrom(ctx, opts);
      const result = addWorkingDays(calendar, start, n);
      const caveats = provisionalIn(calendar, start, result);
      if (opts.json) ctx.ui.out(JSON.stringify({ format: CALENDAR_JSON_FORMAT, start, working_days: n, result, weekday: weekday(result), provisional: caveats }));
      else ctx.ui.out(t.addResult(start, n, result, weekdayName(result)));
      for (const c of caveats) ctx.ui.warn(t.provisionalCaveat(c));
      return 0;
    }),
  );

  addOptions(cal.command('count').description(t.countDescription).argument('<from>', t.fromArg).argument('<to>', t.toArg), CALENDAR_COMMAND_OPTIONS).action(
    action(ctx, async (rawFrom: string, rawTo: string, opts: CalendarCommandOptions) => {
      const from = dateArg(rawFrom, 'FROM');
      const to = dateArg(rawTo, 'TO');
      // a signed count would read as "−3 days, from excluded, to included" with the ends swapped: ask instead
      if (to < from) throw new UsageError(t.countReversed(from, to));
      const calendar = await calendarFrom(ctx, opts);
      const n = countWorkingDays(calendar, from, to);
      const caveats = provisionalIn(calendar, from, to);
      if (opts.json) ctx.ui.out(JSON.stringify({ format: CALENDAR_JSON_FORMAT, from, to, working_days: n, provisional: caveats }));
      else ctx.ui.out(t.countResult(from, to, n));
      for (const c of caveats) ctx.ui.warn(t.provisionalCaveat(c));
      return 0;
    }),
  );

  addOptions(cal.command('show').description(t.showDescription).argument('<year>', t.yearArg), CALENDAR_COMMAND_OPTIONS).action(
    action(ctx, async (rawYear: string, opts: CalendarCommandOptions) => {
      const year = yearArg(rawYear);
      const calendar = await calendarFrom(ctx, opts);
      const days = showYear(calendar, year);
      const covered = calendar.covered.get(year)!;
      if (opts.json) {
        ctx.ui.out(JSON.stringify({ format: CALENDAR_JSON_FORMAT, year, notices: covered.notices, spring_festival: covered.springFestival, overlays: calendar.overlays, days }, null, 2));
        return 0;
      }
      ctx.ui.out(t.showTitle(year));
      for (const n of covered.notices) ctx.ui.out(`  ${t.noticeLine(n.title, n.number, n.date)}`);
      if (calendar.overlays.length) ctx.ui.out(`  ${t.overlaysLine(calendar.overlays)}`);
      ctx.ui.out('');
      ctx.ui.out(
        renderTable(
          [t.colDate, t.colWeekday, t.colType, t.colName, t.colSource],
          days.map((d) => [d.date, weekdayName(d.date), d.type === 'off' ? t.typeOff : t.typeWorkday, d.name, d.source + (d.provisional ? t.provisionalMark : '')]),
        ),
      );
      ctx.ui.out('');
      ctx.ui.out(t.showSummary(days.filter((d) => d.type === 'off').length, days.filter((d) => d.type === 'workday').length));
      for (const c of calendar.provisional.get(year) ?? []) ctx.ui.warn(t.provisionalCaveat(`${c} ${year}`));
      return 0;
    }),
  );
}
