import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { parseLedger, serialiseEntry, type LedgerChain, type LedgerEntry } from '../core/ledger.js';
import { appendLineDurable } from './files.js';

/**
 * The draw ledger on disk: reading it, appending to it, and the lock that keeps two draws from
 * appending at once. The format itself is src/core/ledger.ts.
 */

export interface Ledger extends LedgerChain {
  file: string;
  exists: boolean;
}

/** A missing ledger is an empty one: the office's first draw creates it. */
export async function readLedger(file: string): Promise<Ledger> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...parseLedger(''), file, exists: false };
    if (code === 'EISDIR') throw new InputError(m().io.isDirectory(file));
    throw new InputError(m().io.cannotRead(file, (e as Error).message));
  }
  return { ...parseLedger(bytes), file, exists: true };
}

/**
 * Appends an entry, first re-reading the ledger. Under the lock nobody else appends, so this only
 * catches a writer that ignores the lock (an older version, a hand edit): our entry's prev would
 * be wrong, so we refuse rather than break the chain.
 */
export async function appendEntry(file: string, expectedHead: string, entry: LedgerEntry): Promise<void> {
  const now = await readLedger(file);
  if (now.fault || now.headHash !== expectedHead) throw new InputError(m().drawCli.ledger.changedMeanwhile(file));
  await appendLineDurable(file, serialiseEntry(entry) + '\n');
}

/** Who holds a ledger lock, as written into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface LedgerLock {
  file: string;
  release(): Promise<void>;
}

export const lockFileOf = (ledgerFile: string): string => `${ledgerFile}.lock`;

/**
 * Takes `<ledger>.lock` with O_EXCL before the ledger is read. A draw reads the ledger, computes
 * for a while (or waits for a person to confirm) and then appends: two draws in that window would
 * both build on the same last line. The lock file says who holds it, so a refused colleague knows
 * whom to ask, and whether a lock is left over from a draw that was killed.
 */
export async function lockLedger(ledgerFile: string, now: Date): Promise<LedgerLock> {
  const file = lockFileOf(ledgerFile);
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), since: now.toISOString() };
  const text = JSON.stringify(holder) + '\n';
  // a draw that fails or is cancelled leaves no folder behind; appending makes it for good
  const madeDir = await fs.mkdir(path.dirname(file), { recursive: true });
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const other = await readHolder(file);
    const t = m().drawCli.ledger;
    throw new InputError(t.locked(ledgerFile), [{ file, message: t.lockHolder(file, other, other !== null && isGone(other)) }]);
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return {
    file,
    async release() {
      // leave alone a lock someone else took after removing ours by hand
      const current = await fs.readFile(file, 'utf8').catch(() => null);
      if (current === text) await fs.rm(file, { force: true });
      if (madeDir) await removeEmptyUpTo(path.dirname(file), madeDir);
    },
  };
}

/** Removes dir and its parents up to top while they are empty (rmdir refuses a folder with files). */
async function removeEmptyUpTo(dir: string, top: string): Promise<void> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      await fs.rmdir(d);
    } catch {
      return;
    }
    if (d === top || path.dirname(d) === d) return;
  }
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const o = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockHolder>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string') return { pid: o.pid, host: o.host, since: o.since };
  } catch {
    // an empty or garbled lock still holds; the message says its holder is unknown
  }
  return null;
}

/** A holder on this machine whose process has ended: the lock is left over. */
function isGone(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
