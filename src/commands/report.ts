import type { Command } from 'commander';
import { planFrom } from '../io/plan.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action } from './shared/action.js';
import { addOptions, common, opt, yearArg, type OptionsOf } from './shared/options.js';
import { CASE_SPEC, toCase } from '../core/check/cases-spec.js';

import { assertIntact, parseLedger } from '../core/ledger.js';
import { formatYuan } from '../core/penalty/money.js';
import { DECISION_SPEC } from '../core/records.js';
import { annualFigures, type Figure, type Source } from '../core/report/annual.js';
import { normaliseHeader, type TableSpec } from '../core/table-schema.js';
import { todayIso } from '../core/values.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { loadCalendar } from '../io/calendar.js';
import { loadComplianceConfig } from '../io/compliance.js';
import { formatCsv } from '../io/csv.js';
import { decodeText, parseOutputEncoding } from '../io/encoding.js';
import { readInputFile, writeFilesAtomic } from '../io/files.js';
import { DEMO } from '../io/paths.js';
import { loadDecisions, parseTable } from '../io/tables.js';
import { readDirectory } from '../io/directory.js';
import { loadYamlFile } from '../io/yaml.js';

/**
 * `report annual`: the year's enforcement data an office publishes each January, from the files
 * compliance.yaml already names (decisions, cases, the ledger). Each figure names its source;
 * a missing source prints as 未提供, never as 0.
 */

const ANNUAL_OPTIONS = [
  opt({ flags: '--year <yyyy>', key: 'year', description: () => m().report.optYear, parse: yearArg }),
  opt({ flags: '--config <compliance.yaml>', key: 'config', description: () => m().report.optConfig }),
  opt({ flags: '--employers <file>', key: 'employers', description: () => m().report.optEmployers }),
  opt({ flags: '--format <fmt>', key: 'format', description: () => m().report.optFormat, defaultValue: 'md' }),
  opt({ flags: '--out <file>', key: 'out', description: () => m().report.optOut }),
  common.outEncoding,
  common.force,
  common.demo,
] as const;

type AnnualOptions = OptionsOf<typeof ANNUAL_OPTIONS>;

const hasColumn = (spec: TableSpec, key: string, header: string[]): boolean => {
  const c = spec.columns.find((x) => x.key === key)!;
  const names = new Set([c.zh, c.en, c.key, ...(c.aliases ?? [])].map(normaliseHeader));
  return header.some((h) => names.has(normaliseHeader(h)));
};

export function valueText(f: Figure): string {
  const t = m().report;
  if (f.value === null) return t.notProvided;
  if (f.unit === 'fen') return t.yuan(formatYuan(BigInt(f.value)));
  if (f.unit === 'ratio') return `${(f.value * 100).toFixed(1)}%`;
  return String(f.value);
}

export function sourceText(s: Source, year: number): string {
  const t = m().report.source;
  switch (s.kind) {
    case 'file':
      return t.file(s.file, year, s.rows);
    case 'ledger':
      return t.ledger(s.file, s.seqs);
    case 'files':
      return s.files.join(t.and);
    case 'missing':
      return t.missing[s.why](s.what, year);
  }
}

function noteText(f: Figure): string {
  const t = m().report.note;
  if (!f.note) return '';
  switch (f.note.code) {
    case 'fines-partial':
      return t.finesPartial(f.note.missing);
    case 'results-partial':
      return t.resultsPartial(f.note.published, f.note.unpublished);
    case 'cases-open-at-year-end':
      return t.casesOpen(f.note.open);
  }
}

export function renderAnnual(figures: Figure[], year: number, office: string | null, format: 'md' | 'csv', asOf: string): string | string[][] {
  const t = m().report;
  const sections = ['decisions', 'penalties', 'draws', 'cases', 'referrals'] as const;
  if (format === 'csv') return figures.map((f) => [t.sections[f.section], t.label(f.code, f.param), valueText(f), sourceText(f.source, year), noteText(f)]);
  const out: string[] = [`# ${t.title(office, year)}`, '', `> ${t.preamble(asOf)}`, ''];
  for (const s of sections) {
    const rows = figures.filter((f) => f.section === s);
    out.push(`## ${t.sections[s]}`, '', `| ${t.columns.join(' | ')} |`, `|---|--:|---|---|`);
    for (const f of rows) out.push(`| ${[t.label(f.code, f.param), valueText(f), sourceText(f.source, year), noteText(f)].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

export function registerReport(program: Command, ctx: Ctx): void {
  const t = m().report;
  const report = program.command('report').description(t.description);
  addOptions(report.command('annual').description(t.annualDescription), ANNUAL_OPTIONS)
    .action(
      action(ctx, async (opts: AnnualOptions) => {
        if (opts.format === 'xlsx') throw new UsageError(t.noXlsx);
        if (opts.format !== 'md' && opts.format !== 'csv') throw new UsageError(m().results.badFormat(opts.format ?? '', ['md', 'csv']));
        if (!opts.config && !opts.demo) throw new UsageError(m().errors.missingMandatoryOption('--config'));
        if (opts.config && opts.demo) throw new UsageError(m().check.configOrDemo);
        const enc = parseOutputEncoding(opts.outEncoding);
        const cfg = await loadComplianceConfig(opts.demo ? DEMO.compliance : path.resolve(ctx.cwd, opts.config!));
        const year = opts.year ?? cfg.checks.annual_report?.year ?? null;
        if (year === null) throw new UsageError(m().errors.missingMandatoryOption('--year'));
        const rel = (f: string) => path.relative(path.dirname(cfg.file), f) || f;
        const c = cfg.checks;
        const cal = await loadCalendar({ region: cfg.calendar.region, files: cfg.calendar.files });
        const decisionsFile = c.deadlines?.decisions ?? null;
        const decisions = decisionsFile ? await loadDecisions(decisionsFile) : null;
        const casesFile = c.cases?.cases ?? null;
        let cases = null;
        if (casesFile) {
          const { text } = decodeText(await readInputFile(casesFile), 'auto', casesFile);
          const parsed = parseTable(text, CASE_SPEC, casesFile);
          cases = { file: rel(casesFile), rows: parsed.rows.map(toCase), hasReferralColumn: hasColumn(CASE_SPEC, 'referred_on', parsed.header) };
        }
        const ledgerFile = c.results?.ledger ?? c.draws?.ledger ?? null;
        let ledger = null;
        if (ledgerFile) {
          const chain = parseLedger(await readInputFile(ledgerFile), ledgerFile);
          // official figures are not built on a ledger whose chain nobody can vouch for
          assertIntact(chain, ledgerFile);
          ledger = { file: rel(ledgerFile), draws: chain.lines, results: chain.results };
        }
        // only how many valid rows the directory has: streamed and counted, as the draw reads it, not held
        let employerCount: number | null = null;
        if (opts.employers) {
          let n = 0;
          await readDirectory(path.resolve(ctx.cwd, opts.employers), () => n++, { names: false, extras: false });
          employerCount = n;
        }
        const planFile = c.results?.plan ?? c.draws?.plan ?? c.roster?.plan ?? null;
        const office = planFile ? await officeOf(planFile) : null;
        const figures = annualFigures({
          year,
          decisions: decisions ? { file: rel(decisions.file), rows: decisions.records, hasFineColumn: hasColumn(DECISION_SPEC, 'fine', decisions.header) } : null,
          cases,
          ledger,
          employers: employerCount === null ? null : { file: opts.employers!, count: employerCount },
          cal,
        });
        const asOf = cfg.asOf ?? todayIso(ctx.now);
        const format = opts.format as 'md' | 'csv';
        const rendered = renderAnnual(figures, year, office, format, asOf);
        const data = format === 'csv' ? formatCsv(m().report.csvColumns, rendered as string[][], enc) : (rendered as string);
        let out = opts.out ? path.resolve(ctx.cwd, opts.out) : null;
        if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-report-')), `annual-${year}.${format}`);
        if (out) {
          await writeFilesAtomic([{ path: out, data }], { force: opts.force });
          ctx.ui.err(t.written(out));
        } else ctx.ui.out(typeof data === 'string' ? data.trimEnd() : data.toString('utf8').replace(/^\uFEFF/, '').trimEnd());
        const missing = figures.filter((f) => f.value === null).length;
        if (missing) ctx.ui.err(t.missingSummary(missing, figures.length));
        ctx.ui.err(t.checkHint(year));
        if (opts.demo) ctx.ui.err(m().io.demoNote(path.dirname(out!)));
        return 0;
      }),
    );
}

async function officeOf(planFile: string): Promise<string> {
  const src = await loadYamlFile(planFile);
  return planFrom(src).office;
}
