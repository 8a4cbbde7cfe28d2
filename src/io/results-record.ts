import { serialiseResultsEntry, type ResultsEntry } from '../core/ledger.js';
import type { RecordFile, Transaction } from './transaction.js';

/**
 * The one place a results publication becomes an official record: the record transaction that
 * `draw` uses (src/io/transaction.ts, docs/draw.md section 9): journal, claim of the output folder,
 * every file staged and synced, the ledger line appended (the commit point), then the files renamed
 * into place; an interrupted publication is completed or discarded by whoever next opens the
 * ledger or the folder. The caller opened `tx` before reading the ledger, so the entry is built on
 * the head the lock protects.
 */
export async function commitResults(tx: Transaction, outDir: string, files: RecordFile[], entry: ResultsEntry, force: boolean): Promise<void> {
  await tx.commit({ outDir, files, line: serialiseResultsEntry(entry), expectedHead: entry.prev, seq: entry.seq, force });
}
