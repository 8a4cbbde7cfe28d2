import type { Command } from 'commander';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Ctx } from '../context.js';
import { action } from './shared/action.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { exists, writeFilesAtomic } from '../io/files.js';
import { FIXTURES_DIR } from '../io/paths.js';
import { parseFormats } from '../io/xlsx.js';
import { templateWorkbook, XLSX_TEMPLATE_SPECS } from '../io/xlsx-templates.js';

/** The files a new office starts from, kept as real files so they can be read and tested as-is. */
export const INIT_TEMPLATES = ['plan.yaml', 'employers.csv', 'inspectors.csv', 'decisions.csv', 'cases.csv', 'compliance.yaml'] as const;
const TEMPLATE_DIR = path.join(FIXTURES_DIR, 'templates');
/** the template plan draws twice a year: its first period */
const TEMPLATE_PERIOD = '2026H1';

const quoteArg = (s: string) => (/^[\w./\-\u4e00-\u9fff]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function registerInit(program: Command, ctx: Ctx): void {
  const t = m().init;
  program
    .command('init')
    .description(t.description)
    .argument('[dir]', t.dirArg, '.')
    .option('--format <csv|xlsx>', m().xlsx.optFormat)
    .action(
      action(ctx, async (dir: string, opts: { format?: string }) => {
        const formats = parseFormats(opts.format);
        // one set of tables: .xlsx when asked for (alone or with csv), the files a clerk opens in Excel/WPS
        const xlsx = formats.has('xlsx');
        const named = (name: string) => (xlsx && name in XLSX_TEMPLATE_SPECS ? name.replace(/\.csv$/, '.xlsx') : name);
        const target = path.resolve(ctx.cwd, dir);
        const taken: string[] = [];
        for (const name of INIT_TEMPLATES) if (await exists(path.join(target, named(name)))) taken.push(path.join(target, named(name)));
        if (taken.length) throw new InputError(t.refused(taken));
        const files = await Promise.all(
          INIT_TEMPLATES.map(async (name) => {
            const bytes = await fs.readFile(path.join(TEMPLATE_DIR, name));
            let data: Buffer | string = bytes;
            if (named(name) !== name) data = await templateWorkbook(name, bytes, ctx.now);
            // the compliance config names the tables: point it at the workbooks
            else if (xlsx && name === 'compliance.yaml') data = bytes.toString('utf8').replace(/\b(decisions|inspectors|cases)\.csv\b/g, '$1.xlsx');
            return { path: path.join(target, named(name)), data };
          }),
        );
        await writeFilesAtomic(files);
        for (const f of files) ctx.ui.out(t.created(f.path));
        ctx.ui.out(xlsx ? m().xlsx.initNext(target) : t.next(target));
        // paths as the user typed the folder, quoted only when the shell needs it
        const at = (name: string) => quoteArg(path.join(dir, name));
        ctx.ui.out(
          t.commands(
            `shuangsui draw --employers ${at(named('employers.csv'))} --inspectors ${at(named('inspectors.csv'))} --plan ${at('plan.yaml')} --period ${TEMPLATE_PERIOD} --out ${at('out')} --ledger ${at('out/ledger.jsonl')}`,
            `shuangsui verify ${at('out')}`,
            `shuangsui check all --config ${at('compliance.yaml')}`,
          ),
        );
        return 0;
      }),
    );
}
