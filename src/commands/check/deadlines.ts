import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deadlineTable } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadDisclosureRules, DEFAULT_DISCLOSURE } from '../../io/compliance.js';
import { parseInputEncoding, parseOutputEncoding } from '../../io/encoding.js';
import { deadlineFiles } from '../../io/deadline-files.js';
import { loadDecisionColumns } from '../../io/decisions.js';
import { writeFilesAtomic } from '../../io/files.js';
import { DEMO } from '../../io/paths.js';
import { outputTargets, parseFormats } from '../../io/xlsx.js';
import { deadlineJsonText, deadlineSummary, deadlineTableText } from '../../ui/deadline-report.js';
import { action } from '../shared/action.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { dateArg } from '../shared/options.js';
import { asOfOrDemo, calendarNotes, inputOf, warnDaysOf, withCommonOptions, type Common } from './common.js';

export function registerDeadlines(check: Command, ctx: Ctx): void {
  const t = m().check;
  const o = m().opt;
  withCommonOptions(
    check
      .command('deadlines')
      .description(t.deadlinesDescription)
      .option('--decisions <file>', t.optDecisions)
      .option('--rules <file>', t.optRules)
      .option('--since <date>', t.optSince)
      .option('--out <file.csv>', t.optOutCsv)
      .option('--out-encoding <enc>', o.outEncoding)
      .option('--format <csv|xlsx>', m().xlsx.optFormat)
      .option('--force', o.force)
      .option('--encoding <enc>', o.encoding)
      .option('--sheet <name|n>', m().xlsx.optSheet),
  ).action(
    action(ctx, async (opts: Common & { decisions?: string; rules?: string; out?: string; outEncoding?: string; force?: boolean; since?: string; format?: string; sheet?: string }) => {
      const outEncoding = parseOutputEncoding(opts.outEncoding);
      if (opts.format !== undefined) parseFormats(opts.format);
      const since = opts.since === undefined ? null : dateArg(opts.since, '--since');
      const warnDays = warnDaysOf(opts.warnDays, 5);
      const { file, shown } = inputOf(ctx, opts, opts.decisions, DEMO.decisions, '--decisions');
      const asOf = await asOfOrDemo(ctx, opts);
      // the demo writes its CSV report where check all --demo writes its report: into a temporary folder
      const rules = await loadDisclosureRules(opts.rules ? path.resolve(ctx.cwd, opts.rules) : DEFAULT_DISCLOSURE);
      const decisions = await loadDecisionColumns(file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, since, warn: (s) => ctx.ui.warn(s) });
      const cal = await calendarFrom(ctx, opts);
      // made only after every input has loaded, so a refused demo leaves no empty folder behind
      let out = opts.out === undefined ? null : path.resolve(ctx.cwd, opts.out);
      if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-check-')), 'deadlines.csv');
      const table = deadlineTable(decisions, rules, cal, asOf, warnDays, shown);
      const written = out ? await deadlineFiles(table, outEncoding, outputTargets(out, opts.format), ctx.now) : [];
      if (written.length) await writeFilesAtomic(written, { force: opts.force });
      // in pieces: at 10^6 decisions the report as one string was most of the memory
      if (opts.json) {
        for (const piece of deadlineJsonText(table)) ctx.ui.out(piece);
      } else {
        for (const piece of deadlineTableText(table, ctx.ui.color)) ctx.ui.out(piece);
        ctx.ui.out('');
        ctx.ui.out(deadlineSummary(table));
        for (const n of calendarNotes(cal, asOf)) ctx.ui.warn(n);
      }
      for (const f of written) ctx.ui.err(t.csvWritten(f.path));
      if (opts.demo) ctx.ui.err(m().io.demoNote(path.dirname(out!)));
      return table.findings ? 1 : 0;
    }),
  );

}
