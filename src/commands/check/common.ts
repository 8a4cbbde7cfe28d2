import path from 'node:path';
import type { Ctx } from '../../context.js';
import type { Calendar } from '../../core/calendar/index.js';
import { buildReport, type CheckResult, type Report } from '../../core/check/index.js';
import { todayIso, type IsoDate } from '../../core/values.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { reportJsonPieces, reportPieces } from '../../ui/report/index.js';
import { loadComplianceConfig } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { CALENDAR_OPTIONS } from '../shared/calendar-options.js';
import { common, described, opt, type OptionsOf } from '../shared/options.js';

/** Whole days from 0 to 365 before a deadline (or a certificate's expiry) that a row is flagged as due soon. */
function warnDaysArg(raw: string): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n > 365) throw new UsageError(m().check.badWarnDays(raw));
  return n;
}

const warnDays = opt({ flags: '--warn-days <n>', key: 'warnDays', description: () => m().check.optWarnDays, parse: warnDaysArg });
const demoInputs = described(common.demo, () => m().check.optDemoInputs);

/**
 * The options every check subcommand but `all` ends with, after its own: roster (its own --warn-days
 * words) and draws (none) count calendar days and periods, not working days, so they take no calendar options.
 */
export const CHECK_COMMON = [common.asOf, warnDays, common.json, demoInputs, ...CALENDAR_OPTIONS] as const;
export const ROSTER_COMMON = [common.asOf, described(warnDays, () => m().check.optRosterWarnDays), common.json, demoInputs] as const;
export const DRAWS_COMMON = [common.asOf, common.json, demoInputs] as const;

/** What every check subcommand but `all` reads. */
export type Common = OptionsOf<typeof CHECK_COMMON>;

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
  if (opts.asOf !== undefined || !opts.demo) return opts.asOf ?? todayIso(ctx.now);
  return (await loadComplianceConfig(DEMO.compliance)).asOf ?? todayIso(ctx.now);
}

/** A provisional overlay in force for the years a monthly check looks at deserves a line in the report. */
export function calendarNotes(cal: Calendar, asOf: IsoDate): string[] {
  const y = Number(asOf.slice(0, 4));
  const notes: string[] = [];
  for (const year of [y - 1, y]) for (const name of cal.provisional.get(year) ?? []) notes.push(m().calendar.provisionalCaveat(`${name} ${year}`));
  return notes;
}

/**
 * A report on stdout, as JSON or as text, a piece at a time (reportPieces, reportJsonPieces). The
 * text's end is trimmed as it always was (a summary line of no checks ends in a space), and ui.out
 * ends it with one line break.
 */
export function printReport(ctx: Ctx, report: Report, json: boolean): void {
  if (json) {
    for (const piece of reportJsonPieces(report)) ctx.ui.out(piece);
    return;
  }
  let last: string | null = null;
  for (const piece of reportPieces(report, 'text')) {
    if (last !== null) ctx.ui.out(last);
    last = piece;
  }
  // the last piece holds the summary line, never only blanks, so trimming it is trimming the text
  if (last !== null) ctx.ui.out(last.trimEnd());
}

/** One check's report; a demo run also says (on stderr, so --json stays one document) that it read demo data. */
export function printResult(ctx: Ctx, asOf: IsoDate, r: CheckResult, cal: Calendar | null, opts: Pick<Common, 'json' | 'demo'>): number {
  const report = buildReport(asOf, [r], cal ? calendarNotes(cal, asOf) : []);
  printReport(ctx, report, opts.json === true);
  if (opts.demo) ctx.ui.err(m().io.demoNoteReadOnly);
  return report.findings.length ? 1 : 0;
}
