import type { Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { action } from '../shared/action.js';
import { RESULT_COLUMNS, type RegisterFinding } from '../../core/results/register.js';
import { m } from '../../i18n/index.js';
import { formatCsv } from '../../io/csv.js';
import { parseOutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic } from '../../io/files.js';
import { loadDrawFolder, loadResultsRules, DEFAULT_RESULTS_RULES } from '../../io/results.js';
import { outputTargets, parseFormats } from '../../io/xlsx.js';
import { registerWorkbook } from '../../io/xlsx-templates.js';
import { addOptions, type OptionsOf } from '../shared/options.js';
import { findingLocation, findingText, printFindings, RESULTS_CHECK_JSON_FORMAT, runResultsCheck } from './check.js';
import { CHECK_OPTIONS, PUBLISH_OPTIONS, TEMPLATE_OPTIONS } from './options.js';
import { publishResults } from './publish.js';

/**
 * `results template|check|publish`: the second half of 双随机、一公开. The register is filled by
 * staff; check holds it against the draw on record; publish writes the public table and records it.
 */

const REGISTER_FILE = 'results-register.csv';

export function registerResults(program: Command, ctx: Ctx): void {
  const t = m().results;
  const results = program.command('results').description(t.description);

  addOptions(results.command('template').description(t.templateDescription).argument('<dir>', t.dirArg), TEMPLATE_OPTIONS)
    .action(
      action(ctx, async (dir: string, opts: OptionsOf<typeof TEMPLATE_OPTIONS>) => {
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

  addOptions(results.command('check').description(t.checkDescription).argument('<dir>', t.dirArg), CHECK_OPTIONS)
    .action(
      action(ctx, async (dir: string, opts: OptionsOf<typeof CHECK_OPTIONS>) => {
        const r = await runResultsCheck(ctx, dir, opts);
        if (opts.json) {
          const at = (f: RegisterFinding) => {
            const l = findingLocation(r, f);
            return l.sheet === undefined ? {} : { sheet: l.sheet, ...(l.cell ? { cell: l.cell } : {}) };
          };
          ctx.ui.out(JSON.stringify({ format: RESULTS_CHECK_JSON_FORMAT, ok: r.findings.length === 0, period: r.folder.manifest.period, rows: r.register.rows.length, findings: r.findings.map((f) => ({ ...f, ...at(f), message: findingText(f) })) }, null, 2));
        } else printFindings(ctx, r);
        return r.findings.length ? 1 : 0;
      }),
    );

  addOptions(results.command('publish').description(t.publishDescription).argument('<dir>', t.dirArg), PUBLISH_OPTIONS)
    .action(action(ctx, async (dir: string, opts: OptionsOf<typeof PUBLISH_OPTIONS>) => publishResults(ctx, dir, opts)));
}

