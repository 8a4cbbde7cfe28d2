import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { action } from '../shared/action.js';
import { DRAW_OPTIONS, type DrawOptions } from '../shared/draw-options.js';
import { addOptions } from '../shared/options.js';
import type { Prompts } from './interactive.js';
import { runDraw } from './run.js';

export function registerDraw(program: Command, ctx: Ctx): void {
  const draw = program.command('draw').description(m().drawCli.description);
  addOptions(draw, DRAW_OPTIONS)
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
