import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { action } from '../shared/action.js';
import type { DrawOptions } from '../shared/draw-pipeline.js';
import type { Prompts } from './interactive.js';
import { runDraw } from './run.js';

export function registerDraw(program: Command, ctx: Ctx): void {
  const t = m().drawCli.opt;
  const c = m().opt;
  program
    .command('draw')
    .description(m().drawCli.description)
    .option('--employers <file>', t.employers)
    .option('--inspectors <file>', t.inspectors)
    .option('--plan <file>', t.plan)
    .option('--period <period>', t.period)
    .option('--seed <seed>', t.seed)
    .option('--out <dir>', t.out)
    .option('--as-of <date>', t.asOf)
    .option('--ledger <file>', t.ledger)
    .option('--dry-run', t.dryRun)
    .option('--explain <id>', t.explain)
    .option('--interactive', t.interactive)
    .option('--json', c.json)
    .option('--redraw', t.redraw)
    .option('--reason <text>', t.reason)
    .option('--force', c.force)
    .option('--encoding <enc>', c.encoding)
    .option('--out-encoding <enc>', c.outEncoding)
    .option('--lenient', c.lenient)
    .option('--sheet <name|n>', m().xlsx.optSheet)
    .option('--format <csv|xlsx>', m().xlsx.optFormat)
    .option('--allow-empty', m().txn.optAllowEmpty)
    .option('--allow-unmatched', m().input.allowUnmatchedOpt)
    .option('--demo', c.demo)
    .option('--algorithm <version>', t.algorithm)
    .action(
      action(ctx, async (opts: DrawOptions) => {
        if (opts.interactive) {
          if (!ctx.ui.interactive) throw new UsageError(m().drawCli.interactive.notTty);
          if (opts.json) throw new UsageError(m().drawCli.interactive.noJson);
          // the prompt library is loaded only by the one mode that asks anything
          const [{ runInteractive }, prompts] = await Promise.all([import('./interactive.js'), import('@inquirer/prompts')]);
          return runInteractive(ctx, opts, prompts as unknown as Prompts);
        }
        return runDraw(ctx, opts);
      }),
    );
}
