import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { checkDraws } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadLedger, loadPlanView } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { recoverLedger } from '../../io/transaction.js';
import { action } from '../shared/action.js';
import { addOptions, opt, type OptionsOf } from '../shared/options.js';
import { asOfOrDemo, inputOf, printResult, DRAWS_COMMON } from './common.js';

const DRAWS_OPTIONS = [
  opt({ flags: '--ledger <file>', key: 'ledger', description: () => m().check.optLedger }),
  opt({ flags: '--plan <plan.yaml>', key: 'plan', description: () => m().check.optPlan }),
  ...DRAWS_COMMON,
] as const;

export function registerDraws(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('draws').description(t.drawsDescription), DRAWS_OPTIONS).action(
    action(ctx, async (opts: OptionsOf<typeof DRAWS_OPTIONS>) => {
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

}
