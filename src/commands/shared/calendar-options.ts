import type { Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { loadCalendar } from '../../io/calendar.js';
import { addOptions, common, type OptionsOf } from './options.js';

/** --region and --calendar, shared by calendar and check. */
export const CALENDAR_OPTIONS = [common.region, common.calendar] as const;

export type CalendarFlags = OptionsOf<typeof CALENDAR_OPTIONS>;

export function addCalendarOptions(cmd: Command): Command {
  return addOptions(cmd, CALENDAR_OPTIONS);
}

export function calendarFrom(ctx: Ctx, flags: CalendarFlags) {
  return loadCalendar({ region: flags.region ?? null, files: (flags.calendar ?? []).map((f) => path.resolve(ctx.cwd, f)) });
}
