import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deadlineFindings, decisionDeadlines, FINDING_STATUSES, type DeadlineRow, type DeadlineStatus } from '../../core/check/index.js';
import { m } from '../../i18n/index.js';
import { loadDisclosureRules, DEFAULT_DISCLOSURE } from '../../io/compliance.js';
import { formatCsv } from '../../io/csv.js';
import { parseInputEncoding, parseOutputEncoding, type OutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic } from '../../io/files.js';
import { DEMO } from '../../io/paths.js';
import { loadDecisions } from '../../io/tables.js';
import { buildWorkbook, outputTargets, parseFormats } from '../../io/xlsx.js';
import { renderTable } from '../../ui/text.js';
import { action } from '../shared/action.js';
import { calendarFrom } from '../shared/calendar-options.js';
import { dateArg } from '../shared/options.js';
import { asOfOrDemo, calendarNotes, inputOf, warnDaysOf, withCommonOptions, type Common } from './common.js';

const STATUS_ORDER: DeadlineStatus[] = ['withdrawal-overdue', 'overdue', 'withdrawal-late', 'late', 'withdrawal-due', 'due', 'withdrawn', 'ok'];

function statusText(r: DeadlineRow): string {
  const t = m().check;
  return t.statusLabels[r.status]! + (r.soon ? t.soonMark : '');
}

function deadlineCells(rows: DeadlineRow[]): string[][] {
  return rows.map((r) => [r.caseNo, r.kind, r.decidedOn, r.publishedOn ?? '', r.deadline, statusText(r), r.status, String(r.workingDays), r.revokedOn ?? '', r.withdrawnOn ?? '', r.basis]);
}

/** The report as CSV and/or .xlsx (--format, or the --out name's ending). */
async function deadlineFiles(rows: DeadlineRow[], enc: OutputEncoding, targets: { csv?: string; xlsx?: string }, now: Date): Promise<{ path: string; data: Buffer }[]> {
  // headers in the reader's language for Excel/WPS; the status code column stays stable for scripts
  const header = m().check.csvHeader;
  const files: { path: string; data: Buffer }[] = [];
  if (targets.csv) files.push({ path: targets.csv, data: formatCsv(header, deadlineCells(rows), enc, targets.csv) });
  if (targets.xlsx) files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '公示期限', header, rows: deadlineCells(rows) }], now) });
  return files;
}

function deadlineJson(r: DeadlineRow) {
  return {
    case_no: r.caseNo,
    kind: r.kind,
    decided_on: r.decidedOn,
    published_on: r.publishedOn,
    deadline: r.deadline,
    status: r.status,
    working_days_late_or_left: r.workingDays,
    due_soon: r.soon,
    revoked_on: r.revokedOn,
    withdrawn_on: r.withdrawnOn,
    basis: r.basis,
    line: r.line,
  };
}


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
      const decisions = await loadDecisions(file, { encoding: parseInputEncoding(opts.encoding), sheet: opts.sheet, warn: (s) => ctx.ui.warn(s) });
      const cal = await calendarFrom(ctx, opts);
      // made only after every input has loaded, so a refused demo leaves no empty folder behind
      let out = opts.out === undefined ? null : path.resolve(ctx.cwd, opts.out);
      if (opts.demo && !out) out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-check-')), 'deadlines.csv');
      const rows = decisionDeadlines(decisions.records.filter((d) => !since || d.decidedOn >= since), rules, cal, asOf, warnDays, shown);
      const res = deadlineFindings(rows, shown);
      const written = out ? await deadlineFiles(rows, outEncoding, outputTargets(out, opts.format), ctx.now) : [];
      if (written.length) await writeFilesAtomic(written, { force: opts.force });
      if (opts.json) {
        ctx.ui.out(JSON.stringify(rows.map(deadlineJson), null, 2));
      } else {
        const c = ctx.ui.color;
        const paint = (r: DeadlineRow, s: string) => (FINDING_STATUSES.has(r.status) ? c.red(s) : r.soon ? c.yellow(s) : s);
        ctx.ui.out(
          renderTable(
            [t.colCaseNo, t.colKind, t.colDecidedOn, t.colDeadline, t.colPublishedOn, t.colStatus, t.colDays],
            rows.map((r) => [r.caseNo, r.kind, r.decidedOn, r.deadline, r.publishedOn ?? '', paint(r, statusText(r)), r.workingDays ? String(r.workingDays) : '']),
            ['left', 'left', 'left', 'left', 'left', 'left', 'right'],
          ),
        );
        ctx.ui.out('');
        const counts = STATUS_ORDER.map((s) => [t.statusLabels[s]!, rows.filter((r) => r.status === s).length] as [string, number]);
        ctx.ui.out(t.deadlinesSummary(rows.length, counts));
        for (const n of calendarNotes(cal, asOf)) ctx.ui.warn(n);
      }
      for (const f of written) ctx.ui.err(t.csvWritten(f.path));
      if (opts.demo) ctx.ui.err(m().io.demoNote(path.dirname(out!)));
      return res.findings.length ? 1 : 0;
    }),
  );

}
