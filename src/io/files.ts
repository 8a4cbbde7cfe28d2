import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { faultPoint } from './fault.js';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads an input file whole; a missing or unreadable file is the user's error (exit 2), located. */
export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw unreadableInput(file, e);
  }
}

/** The SHA-256 of an input file, read as a stream (a province's directory is 1.2 GB); errors as readInputFile's. */
export async function sha256OfInputFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch (e) {
    throw unreadableInput(file, e);
  }
  return hash.digest('hex');
}

function unreadableInput(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(m().io.fileNotFound(file), [{ file, message: m().io.fileNotFound(file) }], { cause: e });
  if (code === 'EISDIR') return new InputError(m().io.isDirectory(file), [], { cause: e });
  return new InputError(m().io.cannotRead(file, (e as Error).message), [], { cause: e });
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsc.F_OK);
    return true;
  } catch {
    return false;
  }
}

export interface OutputFile {
  path: string;
  /** the bytes, or pieces of them made as they are written (a 10^6-row report need not exist whole in memory) */
  data: Uint8Array | string | Iterable<Uint8Array>;
}

/**
 * Writes several files as one act: refuses before writing anything if any exists (unless force),
 * writes each to a temporary file in the same folder, fsyncs, then renames them into place.
 * An interrupted run leaves at most stray .tmp files, never a half-written output.
 */
export async function writeFilesAtomic(files: OutputFile[], opts: { force?: boolean } = {}): Promise<void> {
  if (!opts.force) {
    const taken: string[] = [];
    for (const f of files) if (await exists(f.path)) taken.push(f.path);
    if (taken.length) throw new InputError(m().io.exists(taken));
  }
  const staged: { tmp: string; final: string }[] = [];
  try {
    for (const f of files) {
      await fs.mkdir(path.dirname(f.path), { recursive: true });
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      const handle = await fs.open(tmp, 'wx');
      try {
        if (typeof f.data === 'string' || f.data instanceof Uint8Array) await handle.writeFile(f.data);
        else for (const piece of f.data) for (let at = 0; at < piece.length; ) at += (await handle.write(piece, at)).bytesWritten;
        await handle.sync();
      } finally {
        await handle.close();
      }
      staged.push({ tmp, final: f.path });
    }
    for (const s of staged) await fs.rename(s.tmp, s.final);
  } catch (e) {
    await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    throw writeError(e, files);
  }
}

/** A folder the office cannot write to is its problem to fix (exit 2), not a program defect. */
function writeError(e: unknown, files: OutputFile[]): unknown {
  const err = e as NodeJS.ErrnoException;
  const t = m().io;
  const why: Record<string, string> = { ENOTDIR: t.whyNotDir, EEXIST: t.whyNotDir, EACCES: t.whyNoPermission, EPERM: t.whyNoPermission, EROFS: t.whyReadOnly, ENOSPC: t.whyNoSpace };
  const reason = err?.code ? why[err.code] : undefined;
  if (!reason) return e;
  const file = typeof err.path === 'string' ? err.path : files[0]!.path;
  return new InputError(t.cannotWrite(file, reason));
}

/**
 * An error from the operating system about the office's own files or folders (no permission, a
 * read-only or full disk, a path through a file) as exit 2 with the path and what to do, wherever
 * it was raised: in a lock, the ledger's folder, an output. null for anything else (a real defect).
 */
const MORE_ENVIRONMENT_CODES = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'ETXTBSY', 'ELOOP']);

export function environmentError(e: unknown): InputError | null {
  const err = e as NodeJS.ErrnoException | null;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string') return null;
  if (!isEnvironmentError(e) && !MORE_ENVIRONMENT_CODES.has(err.code)) return null;
  if (typeof err.syscall !== 'string') return null;
  const t = m().io;
  const why: Record<string, string> = { ENOTDIR: t.whyNotDir, EACCES: t.whyNoPermission, EPERM: t.whyNoPermission, EROFS: t.whyReadOnly, ENOSPC: t.whyNoSpace, EDQUOT: t.whyNoSpace };
  const file = typeof err.path === 'string' ? err.path : '';
  const reason = why[err.code] ?? `${err.code} (${err.syscall})`;
  const message = t.cannotWrite(file, reason);
  return new InputError(message, [{ file: file || undefined, message }], { cause: e });
}

/** Appends one line durably: the ledger is append-only and must survive a crash after "done". */
export async function appendLineDurable(file: string, line: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a');
  try {
    await handle.writeFile(line.endsWith('\n') ? line : line + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Errors of the machine around us rather than of the program: a full disk, a folder without write
 * permission, a read-only mount. They are the office's to fix (exit 2), never a crash (exit 3).
 */
export const ENVIRONMENT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EPERM', 'EACCES', 'EROFS', 'EIO', 'ENOTDIR', 'EISDIR', 'EMLINK', 'ENAMETOOLONG']);

export function isEnvironmentError(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && ENVIRONMENT_CODES.has(code);
}

/** Makes a rename, link or unlink in dir durable (a directory entry is data too). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(dir, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    await handle.sync().catch((e: NodeJS.ErrnoException) => {
      // some file systems cannot fsync a directory; their renames are as durable as they get
      if (e.code !== 'EINVAL' && e.code !== 'EBADF') throw e;
    });
  } finally {
    await handle.close();
  }
}

/** A temporary name beside file, unique to this process and call. */
export function tempNameFor(file: string, tag = 'tmp'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`);
}

/**
 * Creates file (exclusively) holding data: the bytes go to a temporary file first, which is synced
 * and then linked to the final name. link(2) fails with EEXIST like O_EXCL does, but the final name
 * never exists empty or half written, even if the process dies or the disk fills in between.
 * `step` names the fault-injection steps (src/io/fault.ts).
 */
export async function createExclusive(file: string, data: string | Uint8Array, step: string): Promise<void> {
  const tmp = tempNameFor(file);
  try {
    await writeSynced(tmp, data, step);
    await faultPoint(`${step}.link`, file);
    await fs.link(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
  try {
    await faultPoint(`${step}.dirsync`, path.dirname(file));
    await fsyncDir(path.dirname(file));
  } catch (e) {
    // the file is ours (the link succeeded): a failure to make it durable takes it back
    await fs.rm(file, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Replaces file with data durably: temporary file, fsync, rename, fsync of the folder. */
export async function replaceDurable(file: string, data: string | Uint8Array, step: string): Promise<void> {
  const tmp = tempNameFor(file);
  try {
    await writeSynced(tmp, data, step);
    await faultPoint(`${step}.rename`, file);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await faultPoint(`${step}.dirsync`, path.dirname(file));
  await fsyncDir(path.dirname(file));
}

/**
 * A file's bytes made piece by piece as they are written (a province's draw list, a gzip stream of
 * its directory), so that they are never held whole. Called once per write; it may throw, and then
 * nothing of the file is left.
 */
export type ByteSource = () => Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Writes a new file (refusing an existing one) and syncs it; on failure nothing of it is left. */
export async function writeSynced(file: string, data: string | Uint8Array | ByteSource, step: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(file, 'wx');
    const h = handle;
    if (typeof data === 'function') {
      // torn: the first piece, half of it, as a write cut short would leave
      let first = true;
      for await (const piece of data()) {
        if (first) await faultPoint(`${step}.write`, file, () => h.write(piece.subarray(0, piece.length >> 1)).then(() => h.sync()));
        first = false;
        await writeAll(h, piece);
      }
      if (first) await faultPoint(`${step}.write`, file, () => h.sync());
    } else {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await faultPoint(`${step}.write`, file, () => h.writeFile(bytes.subarray(0, bytes.length >> 1)).then(() => h.sync()));
      await handle.writeFile(bytes);
    }
    await faultPoint(`${step}.fsync`, file);
    await handle.sync();
  } catch (e) {
    await handle?.close().catch(() => undefined);
    handle = null;
    await fs.rm(file, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    await handle?.close();
  }
}

/**
 * Appends one line durably, or leaves the file as it was: a write cut short by a full disk is
 * truncated away again, so no torn line stays behind when the process lives to clean up.
 */
export async function appendLineAtomic(file: string, line: string, step: string): Promise<void> {
  const bytes = Buffer.from(line.endsWith('\n') ? line : line + '\n');
  const handle = await fs.open(file, 'a');
  let size = -1;
  try {
    size = (await handle.stat()).size;
    await faultPoint(`${step}.write`, file, () => handle.write(bytes.subarray(0, bytes.length >> 1)).then(() => handle.sync()));
    await handle.writeFile(bytes);
    await faultPoint(`${step}.fsync`, file);
    await handle.sync();
  } catch (e) {
    if (size >= 0) await handle.truncate(size).then(() => handle.sync()).catch(() => undefined);
    throw e;
  } finally {
    await handle.close();
  }
}

async function writeAll(h: fs.FileHandle, piece: Uint8Array): Promise<void> {
  for (let at = 0; at < piece.length; ) at += (await h.write(piece, at, piece.length - at)).bytesWritten;
}
