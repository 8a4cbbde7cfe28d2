import { planWords } from '../i18n/draw-faults.js';
import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action } from './shared/action.js';
import { parsePlan } from '../core/draw/index.js';
import { itemsList } from '../core/publish/items.js';
import { publicRoster, type LeftOutReason } from '../core/publish/roster.js';
import { todayIso } from '../core/values.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { formatCsv } from '../io/csv.js';
import { parseInputEncoding, parseOutputEncoding } from '../io/encoding.js';
import { writeFilesAtomic } from '../io/files.js';
import { DEMO } from '../io/paths.js';
import { loadInspectors } from '../io/tables.js';
import { loadYamlFile } from '../io/yaml.js';
import { dateArg } from './shared/options.js';

/**
 * `publish roster|items`: the lists an office publishes before it inspects (事前公开). Both are
 * derived from the files the draw itself reads, so what is published is what is drawn from.
 */

interface Common {
  out?: string;
  force?: boolean;
  outEncoding?: string;
  demo?: boolean;
}

/** The file named by --out, or with --demo a file in a fresh temporary folder (made only once the inputs loaded). */
async function outputOf(ctx: Ctx, opts: Common, demoName: string): Promise<{ file: string; demoDir: string | null }> {
  if (opts.out !== undefined) return { file: path.resolve(ctx.cwd, opts.out), demoDir: null };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-publish-'));
  return { file: path.join(dir, demoName), demoDir: dir };
}

function inputOf(ctx: Ctx, given: string | undefined, demo: boolean | undefined, demoPath: string, flag: string): string {
  if (given !== undefined) return path.resolve(ctx.cwd, given);
  if (demo) return demoPath;
  throw new UsageError(m().errors.missingMandatoryOption(flag));
}

export function leftOutText(r: LeftOutReason): string {
  const t = m().publish;
  switch (r.code) {
    case 'not-on-duty':
      return t.leftNotOnDuty(r.status);
    case 'no-expiry':
      return t.leftNoExpiry;
    case 'expired':
      return t.leftExpired(r.expiry);
  }
}

export function registerPublish(program: Command, ctx: Ctx): void {
  const t = m().publish;
  const o = m().opt;
  const publish = program.command('publish').description(t.description);

  publish
    .command('roster')
    .description(t.rosterDescription)
    .option('--inspectors <file>', t.optInspectors)
    .option('--as-of <date>', t.optAsOf)
    .option('--out <file.csv>', t.optOut)
    .option('--out-encoding <enc>', o.outEncoding)
    .option('--encoding <enc>', o.encoding)
    .option('--force', o.force)
    .option('--demo', o.demo)
    .action(
      action(ctx, async (opts: Common & { inspectors?: string; asOf?: string; encoding?: string }) => {
        if (opts.out === undefined && !opts.demo) throw new UsageError(m().errors.missingMandatoryOption('--out'));
        const enc = parseOutputEncoding(opts.outEncoding);
        const asOf = opts.asOf === undefined ? todayIso(ctx.now) : dateArg(opts.asOf, '--as-of');
        const file = inputOf(ctx, opts.inspectors, opts.demo, DEMO.inspectors, '--inspectors');
        const inspectors = await loadInspectors(file, { encoding: parseInputEncoding(opts.encoding) });
        const roster = publicRoster(inspectors.records, asOf);
        const out = await outputOf(ctx, opts, 'roster.csv');
        await writeFilesAtomic([{ path: out.file, data: formatCsv(roster.header, roster.rows, enc, out.file) }], { force: opts.force });
        const shown = opts.inspectors ?? path.relative(ctx.cwd, file);
        for (const l of roster.leftOut) ctx.ui.err(t.leftOut(`${shown}:${l.line}`, l.id, l.name, leftOutText(l.reason)));
        ctx.ui.out(t.rosterWritten(out.file, roster.rows.length, roster.leftOut.length, asOf));
        if (out.demoDir) ctx.ui.err(m().io.demoNote(out.demoDir));
        return 0;
      }),
    );

  publish
    .command('items')
    .description(t.itemsDescription)
    .option('--plan <plan.yaml>', t.optPlan)
    .option('--out <file.csv>', t.optOut)
    .option('--out-encoding <enc>', o.outEncoding)
    .option('--force', o.force)
    .option('--demo', o.demo)
    .action(
      action(ctx, async (opts: Common & { plan?: string }) => {
        if (opts.out === undefined && !opts.demo) throw new UsageError(m().errors.missingMandatoryOption('--out'));
        const enc = parseOutputEncoding(opts.outEncoding);
        const file = inputOf(ctx, opts.plan, opts.demo, DEMO.plan, '--plan');
        const src = await loadYamlFile(file);
        const list = itemsList(parsePlan(src.data, src.problem, planWords));
        const out = await outputOf(ctx, opts, 'items.csv');
        await writeFilesAtomic([{ path: out.file, data: formatCsv(list.header, list.rows, enc, out.file) }], { force: opts.force });
        ctx.ui.out(t.itemsWritten(out.file, list.rows.length));
        if (out.demoDir) ctx.ui.err(m().io.demoNote(out.demoDir));
        return 0;
      }),
    );
}
