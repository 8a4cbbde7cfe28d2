import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action } from '../cli.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { Calendar } from '../core/calendar/index.js';
import {
  buildReport,
  checkAnnualReport,
  checkCases,
  checkDraws,
  checkRoster,
  deadlineFindings,
  decisionDeadlines,
  deadlineTable,
  DEFAULT_ANNUAL_RULE,
  renderReport,
  reportJson,
  type AnnualReportRule,
  PROBLEM_LIMIT,
  type CheckName,
  type CheckResult,
  type InputFailure,
  type Report,
} from '../core/check/index.js';
import { todayIso, type IsoDate } from '../core/values.js';
import { loadCalendar } from '../io/calendar.js';
import { loadCases, loadComplianceConfig, loadDisclosureRules, loadLedger, loadPlanView, DEFAULT_DISCLOSURE } from '../io/compliance.js';
import { parseInputEncoding, parseOutputEncoding } from '../io/encoding.js';
import { environmentError, exists, writeFilesAtomic } from '../io/files.js';
import { outputTargets, parseFormats } from '../io/xlsx.js';
import { recoverLedger } from '../io/transaction.js';
import { loadYamlFile } from '../io/yaml.js';
import { certNoPatternOf } from '../io/cert-pattern.js';
import { DEMO } from '../io/paths.js';
import { loadDecisions, loadInspectors } from '../io/tables.js';
import { loadDecisionColumns } from '../io/decisions.js';
import { deadlineFiles } from '../io/deadline-files.js';
import { deadlineJsonText, deadlineSummary, deadlineTableText } from '../ui/deadline-report.js';
import { addCalendarOptions, calendarFrom, dateArg, type CalendarFlags } from './calendar.js';
import { checkResults, loadResultsCheckInputs } from './check-results.js';

interface Common extends CalendarFlags {
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
function inputOf(ctx: Ctx, opts: Common, given: string | undefined, demoPath: string, flag: string): { file: string; shown: string } {
  if (given !== undefined) return { file: path.resolve(ctx.cwd, given), shown: given };
  if (opts.demo) return { file: demoPath, shown: path.relative(ctx.cwd, demoPath) || demoPath };
  throw new UsageError(m().errors.missingMandatoryOption(flag));
}

/** The demo's inspection date is the one fixtures/compliance.yaml fixes, so every demo check agrees with check all --demo. */
async function asOfOrDemo(ctx: Ctx, opts: Common): Promise<IsoDate> {
  if (opts.asOf !== undefined || !opts.demo) return asOfOf(ctx, opts.asOf);
  return (await loadComplianceConfig(DEMO.compliance)).asOf ?? todayIso(ctx.now);
}

function warnDaysOf(raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n > 365) throw new UsageError(m().check.badWarnDays(raw));
  return n;
}

const asOfOf = (ctx: Ctx, raw: string | undefined): IsoDate => (raw === undefined ? todayIso(ctx.now) : dateArg(raw, '--as-of'));

/** A provisional overlay in force for the years a monthly check looks at deserves a line in the report. */
function calendarNotes(cal: Calendar, asOf: IsoDate): string[] {
  const y = Number(asOf.slice(0, 4));
  const notes: string[] = [];
  for (const year of [y - 1, y]) for (const name of cal.provisional.get(year) ?? []) notes.push(m().calendar.provisionalCaveat(`${name} ${year}`));
  return notes;
}

/** One check's report; a demo run also says (on stderr, so --json stays one document) that it read demo data. */
function printResult(ctx: Ctx, asOf: IsoDate, r: CheckResult, cal: Calendar | null, opts: Pick<Common, 'json' | 'demo'>): number {
  const report = buildReport(asOf, [r], cal ? calendarNotes(cal, asOf) : []);
  ctx.ui.out(opts.json ? JSON.stringify(reportJson(report), null, 2) : renderReport(report, 'text').trimEnd());
  if (opts.demo) ctx.ui.err(m().io.demoNoteReadOnly);
  return report.findings.length ? 1 : 0;
}

export function registerCheck(program: Command, ctx: Ctx): void {
  const t = m().check;
  const o = m().opt;
  const check = program.command('check').description(t.description);

  // roster and draws count calendar days and periods, not working days: no calendar options there
  const common = (cmd: Command, warnHelp: string | null = t.optWarnDays, calendar = true) => {
    cmd.option('--as-of <date>', t.optAsOf);
    if (warnHelp) cmd.option('--warn-days <n>', warnHelp);
    cmd.option('--json', o.json);
    cmd.option('--demo', t.optDemoInputs);
    return calendar ? addCalendarOptions(cmd) : cmd;
  };

  common(
    check
      .command('deadlines')
      .description(t.deadlinesDescription)
      .option('--decisions <file>', t.optDecisions)
      .option('--rules <file>', t.optRules)
      .option('--since <date>', t.optSince)
      .option('--out <file.csv>', t.optOutCsv)
      .option('--out-encoding <enc>', o.outEncoding)
      .option('--format <csv|xlsx>', m().xlsx.optFormat)
      .option('--force', o.force)
      .option('--encoding <enc>', o.encoding)
      .option('--sheet <name|n>', m().xlsx.optSheet),
  ).action(
    action(ctx, async (opts: Common & { decisions?: string; rules?: string; out?: string; outEncoding?: string; force?: boolean; since?: string; format?: string; sheet?: string }) => {
      const outEncoding = parseOutputEncoding(opts.outEncoding);
      if (opts.format !== undefined) parseFormats(opts.format);
      const since = opts.since === undefined ? null : dateArg(opts.since, '--since');
      const warnDays = warnDaysOf(opts.warnDays, 5);
      const { file, shown } = inputOf(ctx, opts, opts.decisions, DEMO.decisions, '--decisions');
      const asOf = await asOfOrDemo(ctx, opts);
      // the demo writes its CSV report where check all --demo writes its report: into a temporary folder
      const rules = await loadDisclosureRules(opts.rules ? path.resolve(ctx.cwd, opts.rules) : DEFAULT_DISCLOSURE);
      const decisions = await loadDecisionColumns(file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, since, warn: (s) => ctx.ui.warn(s) });
      const cal = await calendarFrom(ctx, opts);
      // made only after every input has loaded, so a refused demo leaves no empty folder behind
      let out = opts.out === undefined ? null : path.resolve(ctx.cwd, opts.out);
      if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-check-')), 'deadlines.csv');
      const table = deadlineTable(decisions, rules, cal, asOf, warnDays, shown);
      const written = out ? await deadlineFiles(table, outEncoding, outputTargets(out, opts.format), ctx.now) : [];
      if (written.length) await writeFilesAtomic(written, { force: opts.force });
      if (opts.json) {
        for (const piece of deadlineJsonText(table)) ctx.ui.out(piece);
      } else {
        for (const piece of deadlineTableText(table, ctx.ui.color)) ctx.ui.out(piece);
        ctx.ui.out('');
        ctx.ui.out(deadlineSummary(table));
        for (const n of calendarNotes(cal, asOf)) ctx.ui.warn(n);
      }
      for (const f of written) ctx.ui.err(t.csvWritten(f.path));
      if (opts.demo) ctx.ui.err(m().io.demoNote(path.dirname(out!)));
      return table.findings ? 1 : 0;
    }),
  );

  common(
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

  common(
    check.command('draws').description(t.drawsDescription).option('--ledger <file>', t.optLedger).option('--plan <plan.yaml>', t.optPlan),
    null,
    false,
  ).action(
    action(ctx, async (opts: Common & { ledger?: string; plan?: string }) => {
      const ledgerIn = inputOf(ctx, opts, opts.ledger, DEMO.ledger, '--ledger');
      const planIn = inputOf(ctx, opts, opts.plan, DEMO.plan, '--plan');
      const asOf = await asOfOrDemo(ctx, opts);
      const plan = await loadPlanView(planIn.file);
      // an interrupted draw is completed (or discarded) before its ledger is judged; the demo's is read-only
      if (!opts.demo) await recoverLedger(ledgerIn.file, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
      const ledger = await loadLedger(ledgerIn.file);
      return printResult(ctx, asOf, checkDraws(ledger, plan, asOf, ledgerIn.shown, planIn.shown), null, opts);
    }),
  );

  common(
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

  common(
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
      if (!opts.json) ctx.ui.out(t.annualOk(statsYear, r.deadline.explanation, publishedOn));
      return printResult(ctx, asOf, r, cal, opts);
    }),
  );

  check
    .command('all')
    .description(t.allDescription)
    .option('--config <compliance.yaml>', t.optConfig)
    .option('--demo', t.optDemo)
    .option('--as-of <date>', t.optAsOf)
    .option('--json', o.json)
    .option('--out <report.md>', t.optOutReport)
    .option('--force', o.force)
    .action(
      action(ctx, async (opts: { config?: string; demo?: boolean; asOf?: string; json?: boolean; out?: string; force?: boolean }) => {
        if (!opts.config && !opts.demo) throw new UsageError(m().errors.missingMandatoryOption('--config'));
        if (opts.config && opts.demo) throw new UsageError(m().check.configOrDemo);
        const cfg = await loadComplianceConfig(opts.demo ? DEMO.compliance : path.resolve(ctx.cwd, opts.config!));
        const asOf = opts.asOf !== undefined ? dateArg(opts.asOf, '--as-of') : (cfg.asOf ?? todayIso(ctx.now));
        // an interrupted draw is completed (or discarded) before its ledger is judged; the demo's is read-only
        if (cfg.checks.draws && !opts.demo) await recoverLedger(cfg.checks.draws.ledger, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
        const report = await runAll(cfg, asOf);
        let out = opts.out ? path.resolve(ctx.cwd, opts.out) : null;
        if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-check-')), 'report.md');
        ctx.ui.out(opts.json ? JSON.stringify(reportJson(report), null, 2) : renderReport(report, 'text').trimEnd());
        if (out) {
          // A report is not an official record: cron reruns the same month and gets today's report.
          // It replaces the old one with a note, instead of exit 2 (--force is accepted and changes nothing).
          const replaced = await exists(out);
          await writeFilesAtomic([{ path: out, data: renderReport(report, 'md') }], { force: true });
          ctx.ui.err(replaced ? t.reportReplaced(out) : t.reportWritten(out));
        }
        if (opts.demo) ctx.ui.err(m().io.demoNote(path.dirname(out!)));
        if (report.inputErrors.length) {
          ctx.ui.err(ctx.ui.color.red(t.inputErrorsExit(report.inputErrors.length)));
          return EXIT.input;
        }
        return report.findings.length ? 1 : 0;
      }),
    );
}

/**
 * Each check loads its own inputs. A check whose input is bad becomes a section "输入有误" in the
 * report with its problems; the other checks still run and the report is still written (exit 2).
 * Only a bad compliance.yaml itself stops everything: without it there is nothing to run.
 */
async function runAll(cfg: Awaited<ReturnType<typeof loadComplianceConfig>>, asOf: IsoDate): Promise<Report> {
  const c = cfg.checks;
  const rel = (f: string) => path.relative(path.dirname(cfg.file), f) || f;
  const failed = new Map<CheckName, InputFailure>();
  const fail = (check: CheckName, e: InputError) => {
    const f = failed.get(check) ?? { check, problems: [], total: 0 };
    failed.set(check, f);
    const problems = e.problems.length ? e.problems : [{ message: e.message }];
    f.total += problems.length;
    for (const p of problems) {
      if (f.problems.length >= PROBLEM_LIMIT) break;
      f.problems.push(p);
    }
  };
  /** one input of the named checks: on an input error those checks are marked, the rest go on */
  const load = async <T>(checks: CheckName[], p: () => Promise<T>): Promise<T | null> => {
    try {
      return await p();
    } catch (e) {
      const err = e instanceof InputError ? e : environmentError(e);
      if (!err) throw e;
      for (const check of checks) fail(check, err);
      return null;
    }
  };
  const calendarUsers: CheckName[] = [];
  if (c.deadlines) calendarUsers.push('deadlines');
  if (c.cases) calendarUsers.push('cases');
  if (c.annual_report) calendarUsers.push('annual-report');
  if (c.results) calendarUsers.push('results');
  const cal = calendarUsers.length ? await load(calendarUsers, () => loadCalendar({ region: cfg.calendar.region, files: cfg.calendar.files })) : null;
  const ruleUsers: CheckName[] = [...(c.deadlines ? ['deadlines' as const] : []), ...(c.results ? ['results' as const] : [])];
  const rules = ruleUsers.length ? await load(ruleUsers, () => loadDisclosureRules(cfg.disclosure)) : null;
  const decisions = c.deadlines ? await load(['deadlines'], () => loadDecisions(c.deadlines!.decisions)) : null;
  const rosterPlanSource = c.roster?.plan ? await load(['roster'], () => loadYamlFile(c.roster!.plan!)) : null;
  const certNoPattern = rosterPlanSource ? await load(['roster'], async () => certNoPatternOf(rosterPlanSource)) : null;
  const inspectors = c.roster ? await load(['roster'], () => loadInspectors(c.roster!.inspectors, { certNoPattern })) : null;
  const rosterPlan = c.roster?.plan ? await load(['roster'], () => loadPlanView(c.roster!.plan!)) : null;
  const drawPlan = c.draws ? await load(['draws'], () => loadPlanView(c.draws!.plan)) : null;
  const ledger = c.draws ? await load(['draws'], () => loadLedger(c.draws!.ledger)) : null;
  const cases = c.cases ? await load(['cases'], () => loadCases(c.cases!.cases)) : null;
  const published = c.results ? await load(['results'], () => loadResultsCheckInputs(c.results!)) : null;

  const ok = (check: CheckName) => !failed.has(check);
  const results: CheckResult[] = [];
  /** a check that stops on its data (a deadline in a year without a calendar) fails alone, too */
  const run = (check: CheckName, fn: () => CheckResult) => {
    try {
      results.push(fn());
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      fail(check, e);
    }
  };
  if (c.deadlines && ok('deadlines')) {
    const since = c.deadlines.since;
    const file = rel(c.deadlines.decisions);
    run('deadlines', () => deadlineFindings(decisionDeadlines(decisions!.records.filter((d) => !since || d.decidedOn >= since), rules!, cal!, asOf, cfg.warnDays, file), file));
  }
  if (c.roster && ok('roster')) run('roster', () => checkRoster(inspectors!.records, asOf, c.roster!.warnDays, rosterPlan, rel(c.roster!.inspectors), c.roster!.plan ? rel(c.roster!.plan) : undefined));
  if (c.draws && ok('draws')) run('draws', () => checkDraws(ledger!, drawPlan!, asOf, rel(c.draws!.ledger), rel(c.draws!.plan)));
  if (c.cases && ok('cases')) {
    const since = c.cases.since;
    run('cases', () => checkCases(cases!.filter((x) => !since || x.openedOn >= since), cal!, asOf, cfg.warnDays, undefined, rel(c.cases!.cases)));
  }
  if (c.results && ok('results')) run('results', () => checkResults(published!, rules!, cal!, asOf, c.results!.graceWorkingDays, cfg.warnDays, rel(c.results!.ledger)));
  if (c.annual_report && ok('annual-report')) {
    const a = c.annual_report;
    run('annual-report', () => checkAnnualReport(cal!, a.year ?? Number(asOf.slice(0, 4)) - 1, a.rule, asOf, a.publishedOn, cfg.warnDays));
  }
  return buildReport(asOf, results, cal ? calendarNotes(cal, asOf) : [], [...failed.values()]);
}
