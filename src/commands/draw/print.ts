import path from 'node:path';
import type { Ctx } from '../../context.js';
import { m } from '../../i18n/index.js';
import { renderTable } from '../../ui/text.js';
import { stratumText } from '../../ui/strata.js';
import { renderWarning } from '../shared/draw-explain.js';
import type { DrawOptions, PreparedDraw } from '../shared/draw-pipeline.js';

/** What the draw will write, before it is written (and before interactive mode asks). */
export function printSummary(ctx: Ctx, p: PreparedDraw, opts: DrawOptions): void {
  const t = m().drawCli.summary;
  const { plan, period } = p.inputs;
  const ui = ctx.ui;
  if (p.resolved.demo) ui.out(p.resolved.outDir ? m().io.demoNote(p.resolved.outDir) : t.demoDryRun);
  ui.out(ui.color.bold(t.heading(plan.office, plan.id, period.label, period.start, period.end, p.drawInput.asOf)));
  const generated = opts.dryRun ? t.seedGeneratedDryRun : t.seedGenerated;
  ui.out(p.seedGenerated ? generated(p.seed) : t.seedGiven(p.seed));
  if (p.drawInput.alreadyDrawn.size) ui.out(t.excludedEarlier(p.drawInput.alreadyDrawn.size));
  if (p.entry.redraw) ui.out(ui.color.yellow(t.redraw(p.previousDraws, p.entry.reason ?? '')));
  const taskName = new Map<string, string>();
  if (plan.fullCoverage) taskName.set(plan.fullCoverage.task.id, plan.fullCoverage.task.name);
  for (const task of plan.tasks) taskName.set(task.id, task.name);
  const rows = p.result.counts.map((c) => [
    taskName.get(c.task) ?? c.task,
    c.stratum ? stratumText(c.stratum) : t.allStrata,
    String(c.eligible),
    String(c.quota),
    String(c.drawn),
    String(c.fullCoverage),
  ]);
  const total = p.result.counts.reduce((a, c) => [a[0]! + c.eligible, a[1]! + c.quota, a[2]! + c.drawn, a[3]! + c.fullCoverage], [0, 0, 0, 0]);
  rows.push([t.total, '', ...total.map(String)]);
  ui.out('');
  ui.out(renderTable(t.columns, rows, ['left', 'left', 'right', 'right', 'right', 'right']));
  ui.out('');
  const w = p.result.workload;
  ui.out(t.workload(w.min, w.max, w.byInspector.length));
  for (const warning of p.result.warnings) ui.warn(t.warning(renderWarning(warning)));
  if (p.previousDraws && opts.dryRun && !opts.redraw) ui.warn(t.dryRunAlreadyDrawn(p.previousDraws));
  if (p.explanation) {
    ui.out('');
    ui.out(ui.color.bold(t.explainHeading(opts.explain!)));
    for (const line of p.explanation) ui.out(`  ${line}`);
  }
}

export function printAfter(ctx: Ctx, p: PreparedDraw, written: boolean): void {
  const t = m().drawCli.summary;
  const ui = ctx.ui;
  ui.out('');
  if (!written) {
    ui.out(t.dryRun);
    return;
  }
  for (const f of p.files) if (!p.archived.some((a) => a.name === f.name)) ui.out(t.wrote(f.path));
  ui.out(m().txn.archivedInputs(path.join(p.resolved.outDir!, 'inputs')));
  if (p.ledgerFile) ui.out(t.ledgerAppended(p.ledgerFile, p.entry.seq, p.entry.redraw));
  ui.out(t.verifyHint(p.resolved.outDir!));
}
