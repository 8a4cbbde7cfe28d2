import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildReport,
  checkAnnualReport,
  checkCases,
  checkDraws,
  checkRoster,
  deadlineTable,
  deadlineTableFindings,
  PROBLEM_LIMIT,
  type CheckName,
  type CheckResult,
  type InputFailure,
  type Report,
} from '../../core/check/index.js';
import { todayIso, type IsoDate } from '../../core/values.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { errorText } from '../../ui/problem-text.js';
import { reportPieces } from '../../ui/report/index.js';
import { loadCalendar } from '../../io/calendar.js';
import { certNoPatternOf } from '../../io/cert-pattern.js';
import { loadCases, loadComplianceConfig, loadDisclosureRules, loadLedger, loadPlanView } from '../../io/compliance.js';
import { environmentError, exists, writeFilesAtomic } from '../../io/files.js';
import { DEMO } from '../../io/paths.js';
import { loadDecisionColumns } from '../../io/decisions.js';
import { loadInspectors } from '../../io/tables.js';
import { recoverLedger } from '../../io/transaction.js';
import { loadYamlFile } from '../../io/yaml.js';
import { action } from '../shared/action.js';
import { addOptions, common, described, opt, type OptionsOf } from '../shared/options.js';
import { calendarNotes, printReport } from './common.js';
import { checkResults, loadResultsCheckInputs } from './results.js';

const ALL_OPTIONS = [
  opt({ flags: '--config <compliance.yaml>', key: 'config', description: () => m().check.optConfig }),
  described(common.demo, () => m().check.optDemo),
  common.asOf,
  common.json,
  opt({ flags: '--out <report.md>', key: 'out', description: () => m().check.optOutReport }),
  common.force,
] as const;

export function registerAll(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('all').description(t.allDescription), ALL_OPTIONS)
    .action(
      action(ctx, async (opts: OptionsOf<typeof ALL_OPTIONS>) => {
        if (!opts.config && !opts.demo) throw new UsageError(m().errors.missingMandatoryOption('--config'));
        if (opts.config && opts.demo) throw new UsageError(m().check.configOrDemo);
        const cfg = await loadComplianceConfig(opts.demo ? DEMO.compliance : path.resolve(ctx.cwd, opts.config!));
        const asOf = opts.asOf ?? cfg.asOf ?? todayIso(ctx.now);
        // an interrupted draw is completed (or discarded) before its ledger is judged; the demo's is read-only
        if (cfg.checks.draws && !opts.demo) await recoverLedger(cfg.checks.draws.ledger, { now: ctx.now, note: (text) => ctx.ui.warn(text) });
        const report = await runAll(cfg, asOf);
        let out = opts.out ? path.resolve(ctx.cwd, opts.out) : null;
        if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-check-')), 'report.md');
        printReport(ctx, report, opts.json === true);
        if (out) {
          // A report is not an official record: cron reruns the same month and gets today's report.
          // It replaces the old one with a note, instead of exit 2 (--force is accepted and changes nothing).
          const replaced = await exists(out);
          await writeFilesAtomic([{ path: out, data: mdBytes(report) }], { force: true });
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
    const problems = e.problems.length ? e.problems : [{ message: errorText(e) }];
    // a streamed file keeps its first problems and counts the rest (InputError.total)
    f.total += e.problems.length ? Math.max(e.total, problems.length) : 1;
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
  // as `check deadlines` reads them: columns, and only the decisions made since `since` (every row validated)
  const decisions = c.deadlines ? await load(['deadlines'], () => loadDecisionColumns(c.deadlines!.decisions, { since: c.deadlines!.since ?? null })) : null;
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
    const file = rel(c.deadlines.decisions);
    run('deadlines', () => deadlineTableFindings(deadlineTable(decisions!, rules!, cal!, asOf, cfg.warnDays, file), file));
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

/** The Markdown report's bytes, made as they are written. */
function* mdBytes(report: Report): Generator<Uint8Array> {
  for (const piece of reportPieces(report, 'md')) yield Buffer.from(piece, 'utf8');
}
