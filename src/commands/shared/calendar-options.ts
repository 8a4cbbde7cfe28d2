import { Option, type Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { m } from '../../i18n/index.js';
import { loadCalendar } from '../../io/calendar.js';

export interface CalendarFlags {
  region?: string;
  calendar?: string[];
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** --region and --calendar, shared by calendar and check. */
export function addCalendarOptions(cmd: Command): Command {
  const t = m().calendar;
  return cmd
    .addOption(new Option('--region <region>', t.optRegion))
    .addOption(new Option('--calendar <file>', t.optCalendar).argParser(collect));
}

export function calendarFrom(ctx: Ctx, flags: CalendarFlags) {
  return loadCalendar({ region: flags.region ?? null, files: (flags.calendar ?? []).map((f) => path.resolve(ctx.cwd, f)) });
}
