import path from 'node:path';
import type { Ctx } from '../../context.js';
import { lineHash } from '../../core/ledger.js';
import type { ResultsManifest } from '../../core/results/manifest.js';
import { InputError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseOutputEncoding } from '../../io/encoding.js';
import { readInputFile, sha256Hex } from '../../io/files.js';
import { readLedger } from '../../io/ledger.js';
import { defaultLedgerOf, loadDrawFolder, loadRegister, loadResultsRules } from '../../io/results.js';
import { publicationBytes, RESULTS_MANIFEST, RESULTS_PUBLICATION } from '../shared/results-publication.js';

/**
 * `verify` on a results publication: the public table is rebuilt from the archived register and
 * rules and the draw folder, and compared byte for byte; the ledger must hold the publication's
 * entry, chained to the draw's entry, with the same hashes. 0 all agree, 1 a mismatch, 2 unreadable.
 */
export async function verifyResultsDir(ctx: Ctx, dir: string, ledgerOpt: string | undefined, json: boolean, report: Record<string, unknown>): Promise<number> {
  const t = m().results.verify;
  const manifestFile = path.join(dir, RESULTS_MANIFEST);
  const manifestBytes = await readInputFile(manifestFile);
  let man: ResultsManifest;
  try {
    man = JSON.parse(manifestBytes.toString('utf8')) as ResultsManifest;
  } catch (e) {
    throw new InputError(m().drawCli.verify.badManifest(manifestFile, (e as Error).message));
  }
  if (man?.kind !== 'results' || !man.draw || !man.register || !man.results_rules || !man.outputs) throw new InputError(m().drawCli.verify.badManifest(manifestFile, 'kind, draw, register, results_rules, outputs'));
  // each with a code for scripts; `mismatches` keeps the sentences alone, as before codes existed
  const found: { code: string; params?: Record<string, string>; message: string }[] = [];
  const registerFile = path.join(dir, man.register.path);
  const rulesFile = path.join(dir, man.results_rules.path);
  if (sha256Hex(await readInputFile(registerFile)) !== man.register.sha256) found.push({ code: 'verify.results.archive.changed', message: t.archivedChanged(registerFile) });
  if (sha256Hex(await readInputFile(rulesFile)) !== man.results_rules.sha256) found.push({ code: 'verify.results.archive.changed', message: t.archivedChanged(rulesFile) });
  const folder = await loadDrawFolder(path.resolve(dir, man.draw.dir));
  if (folder.manifestSha256 !== man.draw.manifest_sha256) found.push({ code: 'verify.results.draw.differs', message: t.drawDiffers(folder.dir) });
  const rules = await loadResultsRules(rulesFile);
  // read as publish read it: a workbook by content, from the sheet publish recorded
  const register = await loadRegister(registerFile, rules, man.register.sheet_position === undefined ? {} : { sheet: String(man.register.sheet_position) });
  if (man.register.sheet !== undefined && register.sheet?.name !== man.register.sheet) found.push({ code: 'verify.results.archive.changed', message: t.archivedChanged(registerFile) });
  const rebuilt = publicationBytes({ folder, register }, parseOutputEncoding(man.out_encoding));
  const pubFile = path.join(dir, RESULTS_PUBLICATION);
  const onDisk = await readInputFile(pubFile);
  if (sha256Hex(rebuilt) !== man.outputs[RESULTS_PUBLICATION]) found.push({ code: 'verify.results.publication.differs', message: t.rebuiltDiffers(pubFile) });
  else if (!rebuilt.equals(onDisk)) found.push({ code: 'verify.results.file.differs', message: t.fileDiffers(pubFile) });

  const ledger = await readLedger(ledgerOpt ? path.resolve(ctx.cwd, ledgerOpt) : defaultLedgerOf(folder));
  const manifestSha = sha256Hex(manifestBytes);
  if (!ledger.exists) throw new InputError(m().io.fileNotFound(ledger.file), [{ file: ledger.file, message: m().results.noLedger(ledger.file) }]);
  if (ledger.fault) found.push({ code: 'verify.ledger.broken', message: m().results.ledgerFault });
  else {
    const own = ledger.results.find((l) => l.entry.manifest_sha256 === manifestSha);
    const drawLine = ledger.lines.find((l) => l.entry.seq === man.draw.ledger_seq);
    if (!own) found.push({ code: 'verify.ledger.entry.missing', message: t.notInLedger(ledger.file) });
    else {
      const e = own.entry;
      const want: [string, unknown, unknown][] = [
        ['draw_seq', man.draw.ledger_seq, e.draw_seq],
        ['draw_line_sha256', drawLine ? lineHash(Buffer.from(drawLine.raw, 'utf8')) : '-', e.draw_line_sha256],
        ['draw_manifest_sha256', man.draw.manifest_sha256, e.draw_manifest_sha256],
        ['register_sha256', man.register.sha256, e.register_sha256],
        ['publication_sha256', man.outputs[RESULTS_PUBLICATION], e.publication_sha256],
        ['period', man.period, e.period],
        ['published_on', man.published_on, e.published_on],
        ['seq', man.ledger_seq, e.seq],
      ];
      for (const [field, a, b] of want) if (a !== b) found.push({ code: 'verify.ledger.entry.differs', params: { field }, message: t.entryDiffers(ledger.file, own.line, field, String(a), String(b)) });
    }
  }
  const mismatches = found.map((f) => f.message);
  report.results = { dir, period: man.period, ok: mismatches.length === 0, mismatches, findings: found };
  if (!json) {
    if (mismatches.length) {
      ctx.ui.err(ctx.ui.color.red(t.failed(dir, mismatches.length)));
      for (const x of mismatches) ctx.ui.err(`  ${x}`);
    } else ctx.ui.out(ctx.ui.color.green(t.ok(dir, man.period, ledger.file)));
  }
  return mismatches.length ? 1 : 0;
}
