import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { m } from '../../i18n/index.js';
import { assertFolderFree } from '../../io/transaction.js';
import { commitDraw, openLedger, prepareDraw, resolveOptions, summaryJson, type DrawOptions, type PreparedDraw } from '../shared/draw-pipeline.js';
import { printAfter, printSummary } from './print.js';

/**
 * Resolve options → load and draw (under the ledger's lock) → commit → print. An office ledger is
 * locked from before it is read until after the new line is appended (or the draw fails or is
 * cancelled): two staff drawing at once would otherwise both build on the same last line. A dry
 * run only reads, and a demo's fresh temp folder is nobody else's until it exists.
 */
export async function runDraw(ctx: Ctx, opts: DrawOptions, confirm?: (p: PreparedDraw) => Promise<boolean>): Promise<number> {
  const r = await resolveOptions(ctx, opts);
  const write = !opts.dryRun;
  let tx = write && r.ledgerFile ? await openLedger(ctx, r.ledgerFile) : null;
  try {
    // the same command run again after a crash: its draw was committed and is now complete
    const done = tx?.recovered.find((x) => x.rolledForward && r.outDir !== null && path.resolve(x.outDir) === path.resolve(r.outDir));
    if (done) {
      if (opts.json) ctx.ui.out(JSON.stringify({ ok: true, completed_interrupted: true, out_dir: done.outDir, ledger: { file: tx!.ledgerFile, seq: done.seq } }, null, 2));
      else ctx.ui.out(m().txn.alreadyCompleted(done.seq, done.outDir));
      return 0;
    }
    const p = await prepareDraw(ctx, opts, r, tx?.ledger);
    // refuse a taken folder before the summary and the confirmation, not after the user said yes
    // (the claim inside the commit is what actually excludes a concurrent draw)
    if (write) await assertFolderFree(r.outDir!, p.ledgerFile, opts.force === true);
    if (!opts.json) printSummary(ctx, p, opts);
    if (write && confirm && !(await confirm(p))) {
      if (r.madeTemp) await fs.rm(r.madeTemp, { recursive: true, force: true });
      ctx.ui.out(m().drawCli.interactive.cancelled);
      return 0;
    }
    if (write) {
      // the demo's ledger lives in the folder made just now: its transaction starts here
      tx ??= await openLedger(ctx, p.ledgerFile!);
      await commitDraw(tx, p, opts.force === true);
    }
    if (opts.json) {
      // stdout stays one JSON document; the demo note still reaches the person
      if (p.resolved.demo) ctx.ui.err(p.resolved.outDir ? m().io.demoNote(p.resolved.outDir) : m().drawCli.summary.demoDryRun);
      ctx.ui.out(JSON.stringify(summaryJson(p, write), null, 2));
    } else printAfter(ctx, p, write);
    return 0;
  } catch (e) {
    if (r.madeTemp) await fs.rm(r.madeTemp, { recursive: true, force: true });
    throw e;
  } finally {
    // the outcome stands either way: a lock that cannot be removed is taken over by the next draw on this machine
    await tx?.release().catch((e: unknown) => ctx.ui.warn(e instanceof Error ? e.message : String(e)));
  }
}
