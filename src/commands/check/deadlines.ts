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
import { addOptions, common, opt, type OptionsOf } from '../shared/options.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { asOfOrDemo, calendarNotes, inputOf, CHECK_COMMON } from './common.js';

const DEADLINES_OPTIONS = [
  opt({ flags: '--decisions <file>', key: 'decisions', description: () => m().check.optDecisions }),
  opt({ flags: '--rules <file>', key: 'rules', description: () => m().check.optRules }),
  common.since,
  opt({ flags: '--out <file.csv>', key: 'out', description: () => m().check.optOutCsv }),
  common.outEncoding,
  common.format,
  common.force,
  common.encoding,
  common.sheet,
  ...CHECK_COMMON,
] as const;

export function registerDeadlines(check: Command, ctx: Ctx): void {
  const t = m().check;
  addOptions(check.command('deadlines').description(t.deadlinesDescription), DEADLINES_OPTIONS).action(
    action(ctx, async (opts: OptionsOf<typeof DEADLINES_OPTIONS>) => {
      const outEncoding = parseOutputEncoding(opts.outEncoding);
      if (opts.format !== undefined) parseFormats(opts.format);
      const since = opts.since ?? null;
      const warnDays = opts.warnDays ?? 5;
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
