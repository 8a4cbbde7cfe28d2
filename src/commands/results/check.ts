import path from 'node:path';
import type { Ctx } from '../../context.js';
import { checkRegister, MIN_TEAM, type RegisterFinding } from '../../core/results/register.js';
import { todayIso, type IsoDate } from '../../core/values.js';
import { formatLocation, UsageError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseInputEncoding } from '../../io/encoding.js';
import { readLedger } from '../../io/ledger.js';
import { resolveInputPath } from '../../io/manifest.js';
import { defaultLedgerOf, drawEntryOf, loadDrawFolder, loadRegister, loadResultsRules, DEFAULT_RESULTS_RULES } from '../../io/results.js';
import { loadInspectors } from '../../io/tables.js';
import { columnLetter } from '../../io/xlsx.js';
import type { CheckOptions } from './options.js';

/**
 * What `results check` and `results publish` share: the register loaded and held against the draw
 * on record, and its findings located and worded. Its own module so that publish need not import
 * the command that registers it.
 */

/** The shape of `results check --json`; a script reads `format` first (docs/codes.md). */
export const RESULTS_CHECK_JSON_FORMAT = 1;

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
  const asOf: IsoDate = opts.asOf ?? todayIso(ctx.now);
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
