import { serialiseResultsEntry, type ResultsEntry } from '../core/ledger.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { appendLineDurable, writeFilesAtomic, type OutputFile } from './files.js';
import { readLedger } from './ledger.js';

/**
 * The one place a results publication becomes an official record: the files first (atomically,
 * never over an existing file without --force), then the ledger line, under the ledger lock the
 * caller holds. This is the order `draw` uses (commitDraw): a ledger entry never points at files
 * that are not there. A crash between the two leaves files without an entry; publishing again
 * with --force then completes the record.
 *
 * Kept behind this single function so that it can move onto the shared transaction module for
 * official records (outputs + archived inputs + ledger entry, with recovery) without touching the
 * command.
 */
export async function commitResults(files: OutputFile[], ledgerFile: string, expectedHead: string, entry: ResultsEntry, force: boolean): Promise<void> {
  // under the lock nobody appends; this catches a writer that ignores it, before anything is written
  const now = await readLedger(ledgerFile);
  if (now.fault || now.headHash !== expectedHead) throw new InputError(m().drawCli.ledger.changedMeanwhile(ledgerFile));
  await writeFilesAtomic(files, { force });
  await appendLineDurable(ledgerFile, serialiseResultsEntry(entry) + '\n');
}
