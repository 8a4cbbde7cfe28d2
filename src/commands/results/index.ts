import type { Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { action } from '../shared/action.js';
import { checkRegister, MIN_TEAM, RESULT_COLUMNS, type RegisterFinding } from '../../core/results/register.js';
import { todayIso, type IsoDate } from '../../core/values.js';
import { formatLocation, UsageError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { formatCsv } from '../../io/csv.js';
import { parseInputEncoding, parseOutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic } from '../../io/files.js';
import { readLedger } from '../../io/ledger.js';
import { resolveInputPath } from '../../io/manifest.js';
import { defaultLedgerOf, drawEntryOf, loadDrawFolder, loadRegister, loadResultsRules, DEFAULT_RESULTS_RULES } from '../../io/results.js';
import { loadInspectors } from '../../io/tables.js';
import { columnLetter, outputTargets, parseFormats } from '../../io/xlsx.js';
import { registerWorkbook } from '../../io/xlsx-templates.js';
import { dateArg } from '../shared/options.js';
import { publishResults, type PublishOptions } from './publish.js';

/**
 * `results template|check|publish`: the second half of 双随机、一公开. The register is filled by
 * staff; check holds it against the draw on record; publish writes the public table and records it.
 */

export const REGISTER_FILE = 'results-register.csv';


export interface CheckOptions {
  results?: string;
  asOf?: string;
  inspectors?: string;
  ledger?: string;
  resultsRules?: string;
  encoding?: string;
  sheet?: string;
  json?: boolean;
}

/** The register column a finding is about, to name its cell in a workbook; none for a whole-row finding. */
const FINDING_COLUMN: Partial<Record<RegisterFinding['code'], string>> = {
  'result-missing': 'result',
  'result-unknown': 'result',
  'method-missing': 'method',
  'method-unknown': 'method',
  'date-missing': 'inspected_on',
  'date-outside-period': 'inspected_on',
  'date-after-as-of': 'inspected_on',
  'number-missing': 'number',
  'change-without-reason': 'change_reason',
  'substitute-unknown': 'actual',
  'substitute-not-on-duty': 'actual',
  'substitute-cert': 'actual',
  'substitute-recused': 'actual',
};

/** Where a finding is: file:line for a CSV register, file:sheet!cell (or sheet!row:row) as Excel shows it for a workbook. */
export function findingLocation(r: Pick<Awaited<ReturnType<typeof runResultsCheck>>, 'register' | 'shownRegister' | 'shownList'>, f: RegisterFinding): Problem {
  if (f.code === 'missing') return { file: r.shownList, line: f.drawLine, message: '' };
  const sheet = r.register.sheet;
  if (!sheet) return { file: r.shownRegister, line: f.line, message: '' };
  const key = FINDING_COLUMN[f.code];
  const col = key === undefined ? undefined : r.register.columns.get(key);
  return { file: r.shownRegister, line: f.line, sheet: sheet.name, ...(col === undefined ? {} : { cell: `${columnLetter(col + 1)}${f.line}` }), message: '' };
}

export function findingText(f: RegisterFinding): string {
  const t = m().results.finding;
  switch (f.code) {
    case 'not-drawn':
      return t.notDrawn(f.task, f.uscc);
    case 'duplicate':
      return t.duplicate(f.uscc, f.task, f.firstLine);
    case 'missing':
      return t.missing(f.name, f.uscc, f.task);
    case 'result-missing':
      return t.resultMissing;
    case 'result-unknown':
      return t.resultUnknown(f.value, f.allowed);
    case 'method-missing':
      return t.methodMissing;
    case 'method-unknown':
      return t.methodUnknown(f.value, f.allowed);
    case 'date-missing':
      return t.dateMissing;
    case 'date-outside-period':
      return t.dateOutsidePeriod(f.date, f.start, f.end);
    case 'date-after-as-of':
      return t.dateAfterAsOf(f.date, f.asOf);
    case 'number-missing':
      return t.numberMissing(f.result);
    case 'change-without-reason':
      return t.changeWithoutReason(f.drawn, f.actual);
    case 'substitute-unknown':
      return t.substituteUnknown(f.id);
    case 'substitute-not-on-duty':
      return t.substituteNotOnDuty(f.id, f.name, f.status);
    case 'substitute-cert':
      return t.substituteCert(f.id, f.name, f.expiry, f.date);
    case 'substitute-recused':
      return t.substituteRecused(f.id, f.name, f.uscc);
    case 'team-too-small':
      return t.teamTooSmall(f.size, MIN_TEAM);
  }
}

/** The ledger a draw folder is recorded in: what `results publish` locks before it reads anything else. */
export async function ledgerFileFor(ctx: Ctx, dir: string, opts: Pick<CheckOptions, 'ledger'>): Promise<string> {
  if (opts.ledger) return path.resolve(ctx.cwd, opts.ledger);
  return defaultLedgerOf(await loadDrawFolder(path.resolve(ctx.cwd, dir)));
}

/** Everything `results check` and `results publish` stand on, loaded and checked. */
export async function runResultsCheck(ctx: Ctx, dir: string, opts: CheckOptions) {
  if (opts.results === undefined) throw new UsageError(m().errors.missingMandatoryOption('--results'));
  const asOf: IsoDate = opts.asOf === undefined ? todayIso(ctx.now) : dateArg(opts.asOf, '--as-of');
  const rules = await loadResultsRules(opts.resultsRules ? path.resolve(ctx.cwd, opts.resultsRules) : DEFAULT_RESULTS_RULES);
  const folder = await loadDrawFolder(path.resolve(ctx.cwd, dir));
  const ledger = await readLedger(opts.ledger ? path.resolve(ctx.cwd, opts.ledger) : defaultLedgerOf(folder));
  const draw = drawEntryOf(ledger, folder);
  // substitutes are judged against the roster as it stands now: people join after a draw
  const rosterFile = opts.inspectors ? path.resolve(ctx.cwd, opts.inspectors) : resolveInputPath(folder.dir, folder.manifest.inputs.inspectors.path);
  const encoding = parseInputEncoding(opts.encoding);
  const inspectors = await loadInspectors(rosterFile, { encoding });
  const registerFile = path.resolve(ctx.cwd, opts.results);
  const register = await loadRegister(registerFile, rules, { encoding, sheet: opts.sheet, warn: (w) => ctx.ui.warn(w) });
  const findings = checkRegister({ drawn: folder.drawn, rows: register.rows, period: folder.period, asOf, inspectors: inspectors.records, rules, minTeam: MIN_TEAM });
  return { asOf, rules, folder, ledger, draw, register, findings, shownRegister: opts.results, shownList: path.join(dir, 'inspection-list.csv') };
}

export function printFindings(ctx: Ctx, r: Awaited<ReturnType<typeof runResultsCheck>>): void {
  const t = m().results;
  for (const f of r.findings) {
    ctx.ui.out(`  ${formatLocation(findingLocation(r, f))} ${findingText(f)}`);
  }
  if (r.findings.length) ctx.ui.out(ctx.ui.color.red(t.checkFindings(r.findings.length, r.register.rows.length)));
  else ctx.ui.out(ctx.ui.color.green(t.checkClean(r.register.rows.length, r.folder.manifest.period)));
}

export function registerResults(program: Command, ctx: Ctx): void {
  const t = m().results;
  const o = m().opt;
  const results = program.command('results').description(t.description);

  results
    .command('template')
    .description(t.templateDescription)
    .argument('<dir>', t.dirArg)
    .option('--format <csv|xlsx>', t.optFormat)
    .option('--out <file>', t.optTemplateOut)
    .option('--out-encoding <enc>', o.outEncoding)
    .option('--results-rules <file>', t.optResultsRules)
    .option('--force', o.force)
    .action(
      action(ctx, async (dir: string, opts: { format?: string; out?: string; outEncoding?: string; resultsRules?: string; force?: boolean }) => {
        const enc = parseOutputEncoding(opts.outEncoding);
        if (opts.format !== undefined) parseFormats(opts.format);
        const folder = await loadDrawFolder(path.resolve(ctx.cwd, dir));
        const targets = outputTargets(opts.out ? path.resolve(ctx.cwd, opts.out) : path.join(folder.dir, REGISTER_FILE), opts.format);
        const header = [...folder.list.header, ...RESULT_COLUMNS];
        const rows = folder.list.rows.map((r) => [...folder.list.header.map((_, i) => r.cells[i] ?? ''), ...RESULT_COLUMNS.map(() => '')]);
        const files: { path: string; data: Buffer }[] = [];
        if (targets.csv) files.push({ path: targets.csv, data: formatCsv(header, rows, enc, targets.csv) });
        if (targets.xlsx) {
          // the drop-downs offer what check accepts, from the same rules file check will read
          const rules = await loadResultsRules(opts.resultsRules ? path.resolve(ctx.cwd, opts.resultsRules) : DEFAULT_RESULTS_RULES);
          files.push({ path: targets.xlsx, data: await registerWorkbook(header, rows, rules, ctx.now) });
        }
        await writeFilesAtomic(files, { force: opts.force });
        for (const f of files) ctx.ui.out(t.templateWritten(f.path, rows.length, folder.manifest.period));
        return 0;
      }),
    );

  const checkOpts = (cmd: Command) =>
    cmd
      .argument('<dir>', t.dirArg)
      .option('--results <file>', t.optResults)
      .option('--as-of <date>', t.optAsOf)
      .option('--inspectors <file>', t.optInspectors)
      .option('--ledger <file>', t.optLedger)
      .option('--results-rules <file>', t.optResultsRules)
      .option('--encoding <enc>', o.encoding)
      .option('--sheet <name|n>', m().xlsx.optSheet);

  checkOpts(results.command('check').description(t.checkDescription))
    .option('--json', o.json)
    .action(
      action(ctx, async (dir: string, opts: CheckOptions) => {
        const r = await runResultsCheck(ctx, dir, opts);
        if (opts.json) {
          const at = (f: RegisterFinding) => {
            const l = findingLocation(r, f);
            return l.sheet === undefined ? {} : { sheet: l.sheet, ...(l.cell ? { cell: l.cell } : {}) };
          };
          ctx.ui.out(JSON.stringify({ ok: r.findings.length === 0, period: r.folder.manifest.period, rows: r.register.rows.length, findings: r.findings.map((f) => ({ ...f, ...at(f), message: findingText(f) })) }, null, 2));
        } else printFindings(ctx, r);
        return r.findings.length ? 1 : 0;
      }),
    );

  checkOpts(results.command('publish').description(t.publishDescription))
    .option('--out <dir>', t.optPublishOut)
    .option('--republish', t.optRepublish)
    .option('--reason <text>', t.optReason)
    .option('--force', o.force)
    .option('--out-encoding <enc>', o.outEncoding)
    .action(action(ctx, async (dir: string, opts: PublishOptions) => publishResults(ctx, dir, opts)));
}

