import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { parseLedger, serialiseEntry, type LedgerChain, type LedgerEntry } from '../core/ledger.js';
import { appendLineAtomic, createExclusive, fsyncDir } from './files.js';
import { faultPoint } from './fault.js';

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
    if (code === 'EISDIR') throw new InputError(m().io.isDirectory(file), [], { cause: e });
    throw new InputError(m().io.cannotRead(file, (e as Error).message), [], { cause: e });
  }
  return { ...parseLedger(bytes, file), file, exists: true };
}

/**
 * Appends an entry, first re-reading the ledger. Under the lock nobody else appends, so this only
 * catches a writer that ignores the lock (an older version, a hand edit): our entry's prev would
 * be wrong, so we refuse rather than break the chain.
 */
export async function appendEntry(file: string, expectedHead: string, entry: LedgerEntry): Promise<void> {
  await appendLine(file, expectedHead, serialiseEntry(entry));
}

/** The same for a line already serialised (the transaction hashes exactly these bytes). */
export async function appendLine(file: string, expectedHead: string, line: string): Promise<void> {
  const now = await readLedger(file);
  if (now.fault || now.headHash !== expectedHead) throw new InputError(m().drawCli.ledger.changedMeanwhile(file));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await appendLineAtomic(file, line + '\n', 'ledger');
  // a ledger this append created is a new directory entry: durable only once its folder is synced
  if (!now.exists) await fsyncDir(path.dirname(file));
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
 * Takes `<ledger>.lock` before the ledger is read. A draw reads the ledger, computes for a while (or
 * waits for a person to confirm) and then appends: two draws in that window would both build on the
 * same last line. The lock file says who holds it, so a refused colleague knows whom to ask.
 *
 * The lock is created by link(2) from a synced temporary file, so it never exists empty (a full disk
 * or a kill at any point leaves either no lock or a whole one). A lock whose holder is a process of
 * this machine that has ended is taken over, and `onTakeover` says so; any other holder refuses.
 * `wait` (tests only) is not offered: a refused draw is re-run by a person.
 */
export async function lockLedger(ledgerFile: string, now: Date, onTakeover?: (lock: string, holder: LockHolder) => void): Promise<LedgerLock> {
  const file = lockFileOf(ledgerFile);
  const token = randomBytes(8).toString('hex');
  const holder: LockHolder & { token: string } = { pid: process.pid, host: os.hostname(), since: now.toISOString(), token };
  const text = JSON.stringify(holder) + '\n';
  // a draw that fails or is cancelled leaves no folder behind; appending makes it for good
  const madeDir = await fs.mkdir(path.dirname(file), { recursive: true });
  const t = m().drawCli.ledger;
  for (let attempt = 0; ; attempt++) {
    try {
      await createExclusive(file, text, 'lock');
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        if (madeDir) await removeEmptyUpTo(path.dirname(file), madeDir);
        throw e;
      }
    }
    const raw = await fs.readFile(file, 'utf8').catch(() => null);
    const other = raw === null ? null : parseHolder(raw);
    if (attempt === 0 && raw !== null && other !== null && isGone(other) && (await takeOver(file, raw))) {
      onTakeover?.(file, other);
      continue;
    }
    throw new InputError(t.locked(ledgerFile), [{ file, message: t.lockHolder(file, other, other !== null && isGone(other)) }]);
  }
  return {
    file,
    async release() {
      // leave alone a lock someone else took after removing ours by hand
      const current = await fs.readFile(file, 'utf8').catch(() => null);
      if (current === text) {
        await faultPoint('lock.remove', file);
        await fs.rm(file, { force: true });
      }
      if (madeDir) await removeEmptyUpTo(path.dirname(file), madeDir);
    },
  };
}

/**
 * Moves a dead holder's lock aside under a name of our own. Only one of two processes taking over
 * at once gets the rename; if what we moved is not the dead holder's lock any more (somebody took
 * over and locked in between), it is put back and we refuse like any other holder.
 */
async function takeOver(file: string, staleText: string): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(file, aside);
  } catch {
    return false;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => null);
  if (moved !== staleText) {
    await fs.link(aside, file).catch(() => undefined);
    await fs.rm(aside, { force: true });
    return false;
  }
  await fs.rm(aside, { force: true });
  return true;
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

function parseHolder(text: string): LockHolder | null {
  try {
    const o = JSON.parse(text) as Partial<LockHolder>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string') return { pid: o.pid, host: o.host, since: o.since };
  } catch {
    // an empty or garbled lock still holds; the message says its holder is unknown
  }
  return null;
}

/** A holder on this machine whose process has ended: the lock is left over. */
export function isGone(h: { pid: number; host: string }): boolean {
  if (h.host !== os.hostname()) return false;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
