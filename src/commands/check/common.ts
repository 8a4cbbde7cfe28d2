import type { Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import type { Calendar } from '../../core/calendar/index.js';
import { buildReport, type CheckResult } from '../../core/check/index.js';
import { todayIso, type IsoDate } from '../../core/values.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { renderReport, reportJson } from '../../ui/report/index.js';
import { loadComplianceConfig } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { addCalendarOptions, type CalendarFlags } from '../shared/calendar-options.js';
import { dateArg } from '../shared/options.js';

/** What every check subcommand but `all` reads, and how its options are added. */
export interface Common extends CalendarFlags {
  asOf?: string;
  warnDays?: string;
  json?: boolean;
  encoding?: string;
  demo?: boolean;
}

/**
 * --demo fills every input the user did not name from fixtures/, as draw --demo does; a named file wins.
 * Without --demo a missing input is a usage error, never a quiet fall-back to the demo data.
 */
export function inputOf(ctx: Ctx, opts: Common, given: string | undefined, demoPath: string, flag: string): { file: string; shown: string } {
  if (given !== undefined) return { file: path.resolve(ctx.cwd, given), shown: given };
  if (opts.demo) return { file: demoPath, shown: path.relative(ctx.cwd, demoPath) || demoPath };
  throw new UsageError(m().errors.missingMandatoryOption(flag));
}

/** The demo's inspection date is the one fixtures/compliance.yaml fixes, so every demo check agrees with check all --demo. */
export async function asOfOrDemo(ctx: Ctx, opts: Common): Promise<IsoDate> {
  if (opts.asOf !== undefined || !opts.demo) return asOfOf(ctx, opts.asOf);
  return (await loadComplianceConfig(DEMO.compliance)).asOf ?? todayIso(ctx.now);
}

export function warnDaysOf(raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n > 365) throw new UsageError(m().check.badWarnDays(raw));
  return n;
}

const asOfOf = (ctx: Ctx, raw: string | undefined): IsoDate => (raw === undefined ? todayIso(ctx.now) : dateArg(raw, '--as-of'));

/** A provisional overlay in force for the years a monthly check looks at deserves a line in the report. */
export function calendarNotes(cal: Calendar, asOf: IsoDate): string[] {
  const y = Number(asOf.slice(0, 4));
  const notes: string[] = [];
  for (const year of [y - 1, y]) for (const name of cal.provisional.get(year) ?? []) notes.push(m().calendar.provisionalCaveat(`${name} ${year}`));
  return notes;
}

/** One check's report; a demo run also says (on stderr, so --json stays one document) that it read demo data. */
export function printResult(ctx: Ctx, asOf: IsoDate, r: CheckResult, cal: Calendar | null, opts: Pick<Common, 'json' | 'demo'>): number {
  const report = buildReport(asOf, [r], cal ? calendarNotes(cal, asOf) : []);
  ctx.ui.out(opts.json ? JSON.stringify(reportJson(report), null, 2) : renderReport(report, 'text').trimEnd());
  if (opts.demo) ctx.ui.err(m().io.demoNoteReadOnly);
  return report.findings.length ? 1 : 0;
}


/** --as-of, --warn-days, --json, --demo and (where working days are counted) the calendar options. */
export function withCommonOptions(cmd: Command, warnHelp: string | null = m().check.optWarnDays, calendar = true): Command {
  const t = m().check;
  cmd.option('--as-of <date>', t.optAsOf);
  if (warnHelp) cmd.option('--warn-days <n>', warnHelp);
  cmd.option('--json', m().opt.json);
  cmd.option('--demo', t.optDemoInputs);
  // roster and draws count calendar days and periods, not working days: no calendar options there
  return calendar ? addCalendarOptions(cmd) : cmd;
}
