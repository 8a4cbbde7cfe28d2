import path from 'node:path';
import type { Ctx } from '../../context.js';
import { TOOL_VERSION } from '../../version.js';
import type { ResultsEntry } from '../../core/ledger.js';
import { serialiseResultsManifest, type ResultsManifest } from '../../core/results/manifest.js';
import { summarise } from '../../core/results/register.js';
import { InputError, UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseOutputEncoding } from '../../io/encoding.js';
import { readInputFile, sha256Hex } from '../../io/files.js';
import { assertFolderFree, openTransaction } from '../../io/transaction.js';
import { relativeInputPath } from '../../io/manifest.js';
import { DEFAULT_RESULTS_RULES } from '../../io/results.js';
import { commitResults } from '../../io/results-record.js';
import { ARCHIVED_REGISTER, ARCHIVED_REGISTER_XLSX, ARCHIVED_RULES, publicationBytes, RESULTS_MANIFEST, RESULTS_PUBLICATION } from '../shared/results-publication.js';
import { ledgerFileFor, printFindings, runResultsCheck } from './check.js';
import type { PublishOptions } from './options.js';


/**
 * `results publish`: check first and refuse on any finding (exit 1), then write the public table,
 * the archived register and rules, and the manifest, and append a `results` ledger entry chained to
 * the draw's. The ledger is locked from before it is read until the entry is appended.
 */
export async function publishResults(ctx: Ctx, dir: string, opts: PublishOptions): Promise<number> {
  const t = m().results;
  if (opts.republish && !opts.reason?.trim()) throw new UsageError(t.republishNeedsReason);
  if (opts.reason !== undefined && !opts.republish) throw new UsageError(t.reasonWithoutRepublish);
  const enc = parseOutputEncoding(opts.outEncoding);
  if (opts.results === undefined) throw new UsageError(m().errors.missingMandatoryOption('--results'));
  // locked (and any interrupted record finished) before the ledger is read, as draw does: two
  // publications must not build on the same last line
  const tx = await openTransaction(await ledgerFileFor(ctx, dir, opts), { now: ctx.now, note: (text) => ctx.ui.warn(text) });
  try {
    const r = await runResultsCheck(ctx, dir, opts);
    if (r.findings.length) {
      printFindings(ctx, r);
      ctx.ui.err(ctx.ui.color.red(t.publishRefused(r.findings.length)));
      return 1;
    }
    const drawEntry = r.draw.line.entry;
    const earlier = r.ledger.results.filter((l) => l.entry.draw_seq === drawEntry.seq);
    if (earlier.length && !opts.republish) throw new InputError(t.alreadyPublished(r.folder.manifest.period, earlier.map((l) => l.entry.seq), r.ledger.file));
    if (!earlier.length && opts.republish) throw new InputError(t.nothingToRepublish(r.folder.manifest.period));
    const outDir = opts.out ? path.resolve(ctx.cwd, opts.out) : path.join(r.folder.dir, earlier.length ? `results-${earlier.length + 1}` : 'results');
    const rulesFile = opts.resultsRules ? path.resolve(ctx.cwd, opts.resultsRules) : DEFAULT_RESULTS_RULES;
    const rulesBytes = await readInputFile(rulesFile);
    const pub = publicationBytes(r, enc);
    const archivedRegister = r.register.sheet ? ARCHIVED_REGISTER_XLSX : ARCHIVED_REGISTER;
    const summary = summarise(r.register.rows, r.rules);
    const republish = opts.republish === true;
    const reason = republish ? opts.reason!.trim() : null;
    const manifest: ResultsManifest = {
      tool: 'shuangsui',
      kind: 'results',
      tool_version: TOOL_VERSION,
      plan_id: drawEntry.plan_id,
      plan_year: drawEntry.plan_year,
      period: drawEntry.period,
      office: r.folder.plan.office,
      draw: { dir: relativeInputPath(outDir, r.folder.dir), manifest_sha256: r.folder.manifestSha256, ledger_seq: drawEntry.seq, line_sha256: r.draw.lineSha256 },
      register: { path: archivedRegister, sha256: r.register.sha256, ...(r.register.sheet ? { sheet: r.register.sheet.name, sheet_position: r.register.sheet.position } : {}) },
      results_rules: { path: ARCHIVED_RULES, sha256: sha256Hex(rulesBytes) },
      out_encoding: enc,
      outputs: { [RESULTS_PUBLICATION]: sha256Hex(pub) },
      published_on: r.asOf,
      summary,
      ledger_seq: r.ledger.nextSeq,
      prev_ledger_hash: r.ledger.headHash,
      republish,
      reason,
      created_at: ctx.now.toISOString(),
    };
    const manifestText = serialiseResultsManifest(manifest);
    const entry: ResultsEntry = {
      seq: r.ledger.nextSeq,
      prev: r.ledger.headHash,
      kind: 'results',
      plan_id: drawEntry.plan_id,
      plan_year: drawEntry.plan_year,
      period: drawEntry.period,
      draw_seq: drawEntry.seq,
      draw_line_sha256: r.draw.lineSha256,
      draw_manifest_sha256: r.folder.manifestSha256,
      register_sha256: r.register.sha256,
      publication_sha256: manifest.outputs[RESULTS_PUBLICATION]!,
      manifest_sha256: sha256Hex(manifestText),
      out_dir: opts.out ?? path.relative(ctx.cwd, outDir),
      published_on: r.asOf,
      created_at: manifest.created_at,
      republish,
      reason,
      ...summary,
    };
    // the manifest last: it is what makes the folder a record
    const files = [
      { name: RESULTS_PUBLICATION, data: pub },
      { name: archivedRegister, data: r.register.bytes },
      { name: ARCHIVED_RULES, data: rulesBytes },
      { name: RESULTS_MANIFEST, data: manifestText },
    ];
    await assertFolderFree(outDir, r.ledger.file, opts.force === true);
    await commitResults(tx, outDir, files, entry, opts.force === true);
    for (const f of files) ctx.ui.out(t.wrote(path.join(outDir, f.name)));
    ctx.ui.out(t.published(drawEntry.period, summary.units, summary.inspected, summary.problems, r.asOf));
    ctx.ui.out(t.ledgerAppended(r.ledger.file, entry.seq, drawEntry.seq, republish));
    ctx.ui.out(t.verifyHint(path.relative(ctx.cwd, outDir) || outDir));
    return 0;
  } finally {
    await tx.release();
  }
}
