import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { checkDraws } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadLedger, loadPlanView } from '../../io/compliance.js';
import { DEMO } from '../../io/paths.js';
import { recoverLedger } from '../../io/transaction.js';
import { action } from '../shared/action.js';
import { asOfOrDemo, inputOf, printResult, withCommonOptions, type Common } from './common.js';

export function registerDraws(check: Command, ctx: Ctx): void {
  const t = m().check;
  withCommonOptions(
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

}
