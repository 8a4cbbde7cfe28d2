import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { lineHash, splitLines } from '../core/ledger.js';
import { faultPoint } from './fault.js';
import { createExclusive, fsyncDir, isEnvironmentError, replaceDurable, writeSynced, type ByteSource } from './files.js';
import { appendLine, isGone, lockFileOf, lockLedger, readLedger, type Ledger, type LedgerLock } from './ledger.js';

/**
 * The commit of an official record (a draw today; a results publication later): a folder of files
 * plus one ledger line, made visible as one act. docs/draw.md section 9 is the design; in short:
 *
 *   lock the ledger → recover what an earlier run left → (caller computes) → journal → claim the
 *   folder → stage every file (write, fsync) → append the ledger line (fsync)  ← commit point
 *   → rename the staged files into the folder → remove staging, claim, journal → unlock
 *
 * Before the commit point a crash or failure leaves no output and no entry; after it, the entry is
 * durable and the outputs are whole in staging, and whoever next touches the ledger or the folder
 * finishes the renames. The journal (`<ledger>.pending`) and the claim (`<out>/.shuangsui-claim`)
 * hold the same record, so recovery can start from either side.
 *
 * API: openTransaction(ledger) → tx.ledger (read under the lock) → tx.commit({outDir, files, line})
 * → tx.release(); recoverLedger(ledger) for commands that only read the ledger; recoverFolder(dir)
 * for commands that only read a folder.
 */

/** One file of the record, by its path inside the output folder ('/'-separated, at most one folder deep). */
export interface RecordFile {
  name: string;
  /** a ByteSource is made into the staged file piece by piece (a province's draw is never held whole) */
  data: Uint8Array | string | ByteSource;
}

export interface CommitRequest {
  outDir: string;
  /** renamed into place in this order: put the file that makes the folder "a record" (the manifest) last */
  files: RecordFile[];
  /** the ledger line without its newline, built on `expectedHead` */
  line: string;
  expectedHead: string;
  seq: number;
  /** write into a non-empty folder, replacing files of the same names */
  force: boolean;
}

export interface Transaction {
  ledgerFile: string;
  /** the ledger as read under the lock, after recovery */
  ledger: Ledger;
  /** what recovery did when the transaction opened (each also said through `note`) */
  recovered: Recovered[];
  commit(req: CommitRequest): Promise<void>;
  release(): Promise<void>;
}

export interface TxOptions {
  now: Date;
  /** one line for the person: what recovery did */
  note(text: string): void;
}

export interface Recovered {
  outDir: string;
  seq: number;
  /** true: a committed record was completed; false: an uncommitted one was discarded */
  rolledForward: boolean;
}

/** The journal and the claim: everything recovery needs, whichever side it starts from. */
interface TxRecord {
  format: 'shuangsui-transaction/1';
  txid: string;
  ledger: string;
  out_dir: string;
  staging: string;
  /** top-level names in the output folder, in rename order */
  entries: string[];
  line_sha256: string;
  seq: number;
  force: boolean;
  out_existed: boolean;
  pid: number;
  host: string;
  created_at: string;
}

export const CLAIM = '.shuangsui-claim';
export const STAGING_PREFIX = '.shuangsui-staging-';
export const journalOf = (ledgerFile: string): string => `${ledgerFile}.pending`;

/** Locks the ledger, finishes or discards what an earlier run left, and reads the ledger. */
export async function openTransaction(ledgerFile: string, opts: TxOptions): Promise<Transaction> {
  const lock = await guard(() => lockLedger(ledgerFile, opts.now, (file, h) => opts.note(m().txn.lockTakenOver(file, h.pid, h.since))), ledgerFile);
  try {
    const recovered = await guard(() => recoverUnderLock(ledgerFile, opts), ledgerFile);
    const ledger = await readLedger(ledgerFile);
    return {
      ledgerFile,
      ledger,
      recovered,
      commit: (req) => commit(ledgerFile, req, opts),
      release: () => guard(() => lock.release(), lock.file),
    };
  } catch (e) {
    await lock.release().catch(() => undefined);
    throw e;
  }
}

/**
 * For commands that read a ledger without writing a record (`verify --ledger`, `check draws`):
 * finishes an interrupted commit first, so they never judge a half-made state. A ledger that is
 * locked by a live process is left to it.
 */
export async function recoverLedger(ledgerFile: string, opts: TxOptions): Promise<void> {
  const pending = await exists(journalOf(ledgerFile));
  const torn = await hasTornTail(ledgerFile);
  if (!pending && !torn) return;
  let lock: LedgerLock;
  try {
    lock = await lockLedger(ledgerFile, opts.now, (file, h) => opts.note(m().txn.lockTakenOver(file, h.pid, h.since)));
  } catch (e) {
    if (e instanceof InputError) return; // a draw is running: it will finish its own commit
    throw envError(e, ledgerFile, null);
  }
  try {
    await guard(() => recoverUnderLock(ledgerFile, opts), ledgerFile);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/**
 * For `verify DIR`: a folder holding a claim is finished (or discarded) through its ledger first.
 * A claim whose process is still running is exit 2: the folder is not a record yet.
 */
export async function recoverFolder(outDir: string, opts: TxOptions): Promise<void> {
  const claim = path.join(outDir, CLAIM);
  const rec = await readRecord(claim);
  if (rec === undefined) return;
  // A folder may come from anywhere (verify is what outsiders run): its claim is believed only about
  // the folder itself, and the ledger it names is touched only if that ledger's own journal agrees.
  if (rec === null || path.resolve(rec.out_dir) !== path.resolve(outDir)) throw new InputError(m().txn.claimUnreadable(claim));
  const journal = await readRecord(journalOf(rec.ledger)).catch(() => undefined);
  if (!journal || journal.txid !== rec.txid) {
    // no live commit owns this claim (a commit writes its journal before its claim and removes it last)
    await guard(() => settle(rec, opts), outDir);
    return;
  }
  let lock: LedgerLock;
  try {
    lock = await lockLedger(rec.ledger, opts.now, (file, h) => opts.note(m().txn.lockTakenOver(file, h.pid, h.since)));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(m().txn.inProgress(outDir, rec.pid, rec.host), e.problems, { cause: e });
    throw envError(e, rec.ledger, null);
  }
  try {
    await guard(() => recoverUnderLock(rec.ledger, opts), rec.ledger);
    // the journal beside the ledger normally covers the claim; a claim alone is settled by the ledger too
    if ((await readRecord(claim)) !== undefined) await guard(() => settle(rec, opts), outDir);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/** Under the ledger's lock: set aside a torn last line, then settle the journal if there is one. */
async function recoverUnderLock(ledgerFile: string, opts: TxOptions): Promise<Recovered[]> {
  await sweepTemporaries(path.dirname(ledgerFile), [`${path.basename(ledgerFile)}.lock`, path.basename(journalOf(ledgerFile))]);
  await setAsideTornTail(ledgerFile, opts);
  const rec = await readRecord(journalOf(ledgerFile));
  if (rec === null) {
    // a journal is written whole (temp file, rename) or not at all; anything else is not ours
    throw new InputError(m().txn.claimUnreadable(journalOf(ledgerFile)));
  }
  return rec ? [await settle(rec, opts)] : [];
}

/** Rolls a committed record forward, or discards an uncommitted one; idempotent at every step. */
async function settle(rec: TxRecord, opts: TxOptions): Promise<Recovered> {
  // any whole line counts, even past a later fault: a committed record's outputs are never thrown away
  const bytes = await fs.readFile(rec.ledger).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  });
  const committed = splitLines(bytes).some((l) => l.terminated && lineHash(l.bytes) === rec.line_sha256);
  if (committed) {
    await rollForward(rec);
    opts.note(m().txn.recoveredForward(rec.ledger, rec.seq, rec.out_dir));
  } else {
    await discard(rec);
    opts.note(m().txn.recoveredDiscard(rec.out_dir));
  }
  return { outDir: rec.out_dir, seq: rec.seq, rolledForward: committed };
}

async function commit(ledgerFile: string, req: CommitRequest, opts: TxOptions): Promise<void> {
  const outDir = path.resolve(req.outDir);
  const txid = randomBytes(6).toString('hex');
  const entries: string[] = [];
  for (const f of req.files) {
    const top = f.name.split('/')[0]!;
    if (!entries.includes(top)) entries.push(top);
  }
  const rec: TxRecord = {
    format: 'shuangsui-transaction/1',
    txid,
    ledger: path.resolve(ledgerFile),
    out_dir: outDir,
    staging: STAGING_PREFIX + txid,
    entries,
    line_sha256: lineHash(Buffer.from(req.line)),
    seq: req.seq,
    force: req.force,
    out_existed: await exists(outDir),
    pid: process.pid,
    host: os.hostname(),
    created_at: opts.now.toISOString(),
  };
  const text = JSON.stringify(rec, null, 2) + '\n';
  const staging = path.join(outDir, rec.staging);
  let committed = false;
  try {
    await replaceDurable(journalOf(ledgerFile), text, 'journal');
    await claimFolder(rec, text, req, opts);
    await faultPoint('stage.mkdir', staging);
    await fs.mkdir(staging);
    const dirs = new Set<string>([staging]);
    for (const f of req.files) {
      const file = path.join(staging, ...f.name.split('/'));
      if (!dirs.has(path.dirname(file))) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        dirs.add(path.dirname(file));
      }
      await writeSynced(file, f.data, `stage:${f.name}`);
    }
    for (const d of [...dirs].reverse()) {
      await faultPoint('stage.dirsync', d);
      await fsyncDir(d);
    }
    await appendLine(rec.ledger, req.expectedHead, req.line);
    committed = true;
    await rollForward(rec);
  } catch (e) {
    if (committed) throw envError(e, errPath(e, outDir), { ledger: rec.ledger, seq: rec.seq, staging, outDir });
    // before the commit point: nothing may stay behind (the journal goes last, so a second failure is recoverable)
    await discard(rec).catch(() => undefined);
    throw envError(e, errPath(e, outDir), null);
  }
}

/**
 * Claims the output folder for this record: the claim file is created exclusively, and only then
 * is the folder looked at, so two draws can never both find it empty. A claim left by a dead
 * process is settled through its own ledger first.
 */
async function claimFolder(rec: TxRecord, text: string, req: CommitRequest, opts: TxOptions): Promise<void> {
  const outDir = rec.out_dir;
  const claim = path.join(outDir, CLAIM);
  await faultPoint('out.mkdir', outDir);
  await fs.mkdir(outDir, { recursive: true });
  for (let attempt = 0, gone = 0; ; attempt++) {
    try {
      await createExclusive(claim, text, 'claim');
      break;
    } catch (e) {
      // a concurrent draw that failed removed the empty folder it thought it had made: make it again
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && gone++ < 3) {
        await fs.mkdir(outDir, { recursive: true });
        attempt--;
        continue;
      }
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const other = await readRecord(claim);
    if (attempt > 0) {
      // claimed again by someone else between our two tries: a live concurrent draw
      throw other ? new InputError(m().txn.outBusy(outDir, other.pid, other.host, other.ledger)) : new InputError(m().txn.claimUnreadable(claim));
    }
    if (other === undefined) continue;
    if (other === null || path.resolve(other.out_dir) !== outDir) throw new InputError(m().txn.claimUnreadable(claim));
    if (path.resolve(other.ledger) === rec.ledger) {
      // our own ledger, whose lock we hold: a claim that outlived its journal
      await settle(other, opts);
    } else if (other.host === os.hostname() && isGone(other)) {
      await recoverFolder(outDir, opts);
    } else {
      throw new InputError(m().txn.outBusy(outDir, other.pid, other.host, other.ledger));
    }
  }
  const ours = new Set([CLAIM, rec.staging]);
  const present = (await fs.readdir(outDir)).filter((n) => {
    if (ours.has(n)) return false;
    if (n.startsWith(`.${CLAIM}.`)) return false; // another process's claim being made: it will lose the link
    return !ledgerOwned(n, outDir, rec.ledger);
  });
  if (present.length && !req.force) {
    throw new InputError(m().txn.outNotEmpty(outDir, present.sort()));
  }
}

/**
 * The same emptiness test the claim makes, ahead of time, so a taken folder is refused before the
 * summary and the confirmation. It decides nothing: only the claim excludes a concurrent draw.
 */
export async function assertFolderFree(outDir: string, ledgerFile: string | null, force: boolean): Promise<void> {
  if (force) return;
  let names: string[];
  try {
    names = await fs.readdir(outDir);
  } catch {
    return; // absent (the commit makes it) or not a folder (the commit says why)
  }
  const present = names.filter((n) => !ledgerOwned(n, outDir, ledgerFile));
  if (present.length) throw new InputError(m().txn.outNotEmpty(outDir, present.sort()));
}

/** A ledger kept inside its own output folder (the demo, `init`'s trial run), with its lock and journal. */
function ledgerOwned(name: string, outDir: string, ledgerFile: string | null): boolean {
  if (!ledgerFile || path.dirname(path.resolve(ledgerFile)) !== path.resolve(outDir)) return false;
  const base = path.basename(ledgerFile);
  return name === base || name.startsWith(`${base}.`) || name.startsWith(`.${base}.`);
}

/** Moves the staged files into the folder; what is already in place stays. */
async function rollForward(rec: TxRecord): Promise<void> {
  const outDir = rec.out_dir;
  const staging = path.join(outDir, rec.staging);
  for (const name of rec.entries) {
    const from = path.join(staging, name);
    const to = path.join(outDir, name);
    if (await exists(from)) {
      if (rec.force) {
        const st = await fs.lstat(to).catch(() => null);
        // rename replaces a file atomically but not a folder with files in it
        if (st?.isDirectory()) await fs.rm(to, { recursive: true, force: true });
      }
      await faultPoint(`out.rename:${name}`, to);
      await fs.rename(from, to);
    } else if (!(await exists(to))) {
      throw new InputError(m().txn.unrecoverable(rec.ledger, rec.seq, to, outDir));
    }
  }
  await faultPoint('out.dirsync', outDir);
  await fsyncDir(outDir);
  await finish(rec);
}

/** Removes an uncommitted record's traces: staging, then claim, then journal (recovery needs it last). */
async function discard(rec: TxRecord): Promise<void> {
  await finish(rec);
  if (!rec.out_existed) await fs.rmdir(rec.out_dir).catch(() => undefined);
}

async function finish(rec: TxRecord): Promise<void> {
  await sweepTemporaries(rec.out_dir, [CLAIM]);
  const staging = path.join(rec.out_dir, rec.staging);
  await faultPoint('cleanup.staging', staging);
  await fs.rm(staging, { recursive: true, force: true });
  const claim = path.join(rec.out_dir, CLAIM);
  const claimRec = await readRecord(claim);
  if (claimRec && claimRec.txid === rec.txid) {
    await faultPoint('cleanup.claim', claim);
    await fs.rm(claim, { force: true });
  }
  await fsyncDir(rec.out_dir);
  const journal = journalOf(rec.ledger);
  const jr = await readRecord(journal);
  if (jr && jr.txid === rec.txid) {
    await faultPoint('cleanup.journal', journal);
    await fs.rm(journal, { force: true });
    await fsyncDir(path.dirname(journal));
  }
}

/**
 * Removes the temporary files (src/io/files.ts tempNameFor) that a process of this machine, now
 * ended, left while creating one of `names`: a kill between writing and linking leaves them.
 */
async function sweepTemporaries(dir: string, names: string[]): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of entries) {
    for (const name of names) {
      if (!n.startsWith(`.${name}.`)) continue;
      const mt = /^\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(n.slice(name.length + 1));
      if (mt && isGone({ pid: Number(mt[1]), host: os.hostname() })) await fs.rm(path.join(dir, n), { force: true });
    }
  }
}

/** undefined: no such file; null: a file that is not a record. */
async function readRecord(file: string): Promise<TxRecord | null | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as TxRecord;
    const simple = (n: unknown) => typeof n === 'string' && n !== '' && n !== '.' && n !== '..' && !/[\\/]/.test(n);
    if (
      o.format === 'shuangsui-transaction/1' &&
      typeof o.txid === 'string' && /^[0-9a-f]+$/.test(o.txid) &&
      o.staging === STAGING_PREFIX + o.txid &&
      typeof o.ledger === 'string' && path.isAbsolute(o.ledger) &&
      typeof o.out_dir === 'string' && path.isAbsolute(o.out_dir) &&
      Array.isArray(o.entries) && o.entries.every(simple) &&
      typeof o.line_sha256 === 'string' && Number.isSafeInteger(o.seq)
    ) return o;
  } catch {
    // fall through
  }
  return null;
}

async function hasTornTail(ledgerFile: string): Promise<boolean> {
  const bytes = await fs.readFile(ledgerFile).catch(() => null);
  return bytes !== null && bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
}

/**
 * A last line without its newline is a write that never finished, so no committed record refers to
 * it (the commit point is a whole line). It is kept beside the ledger, never deleted, and the ledger
 * goes back to its last whole line.
 */
async function setAsideTornTail(ledgerFile: string, opts: TxOptions): Promise<void> {
  const bytes = await fs.readFile(ledgerFile).catch(() => null);
  if (!bytes || bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  const lines = splitLines(bytes);
  const tail = lines[lines.length - 1]!;
  const keep = bytes.length - tail.bytes.length;
  const aside = `${ledgerFile}.torn-${opts.now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  await replaceDurable(aside, tail.bytes, 'torn');
  const handle = await fs.open(ledgerFile, 'r+');
  try {
    await faultPoint('torn.truncate', ledgerFile);
    await handle.truncate(keep);
    await handle.sync();
  } finally {
    await handle.close();
  }
  opts.note(m().txn.tornSetAside(ledgerFile, tail.line, aside));
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

function errPath(e: unknown, fallback: string): string {
  const p = (e as NodeJS.ErrnoException | null)?.path;
  return typeof p === 'string' ? p : fallback;
}

async function guard<T>(fn: () => Promise<T>, file: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw envError(e, errPath(e, file), null);
  }
}

/**
 * A full disk, a missing permission or a read-only mount as an input error (exit 2): the path,
 * why, what state the record is in, and what to do.
 */
export function envError(e: unknown, file: string, committed: { ledger: string; seq: number; staging: string; outDir: string } | null): unknown {
  // any other failed system call in a commit is the machine's state too (a folder removed meanwhile, a busy mount)
  const sysErr = e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
  if (!isEnvironmentError(e) && !sysErr) return e;
  const err = e as NodeJS.ErrnoException;
  const t = m().txn;
  const why =
    err.code === 'ENOSPC' || err.code === 'EDQUOT'
      ? t.whyNoSpace
      : err.code === 'EPERM' || err.code === 'EACCES'
        ? t.whyNoPermission
        : err.code === 'EROFS'
          ? t.whyReadOnly
          : err.code === 'EIO'
            ? t.whyIo
            : err.code === 'ENOTDIR'
              ? m().io.whyNotDir
              : t.whyOther(err.code ?? '');
  const state = committed ? t.stateCommitted(committed.ledger, committed.seq, committed.staging) : t.stateNothing;
  const todo = committed ? t.todoFinish(committed.outDir) : t.todoRetry;
  return new InputError(`${t.cannotWrite(file, why)}${state}${todo}`, [{ file, message: `${err.code}` }]);
}

export { lockFileOf };
