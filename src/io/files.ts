import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads an input file whole; a missing or unreadable file is the user's error (exit 2), located. */
export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(m().io.fileNotFound(file), [{ file, message: m().io.fileNotFound(file) }]);
    if (code === 'EISDIR') throw new InputError(m().io.isDirectory(file));
    throw new InputError(m().io.cannotRead(file, (e as Error).message));
  }
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
  data: Uint8Array | string;
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
        await handle.writeFile(f.data);
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
const ENVIRONMENT_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'EMFILE', 'ENFILE', 'EBUSY', 'ETXTBSY', 'ENAMETOOLONG', 'ELOOP']);

export function environmentError(e: unknown): InputError | null {
  const err = e as NodeJS.ErrnoException | null;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || !ENVIRONMENT_CODES.has(err.code)) return null;
  if (typeof err.syscall !== 'string') return null;
  const t = m().io;
  const why: Record<string, string> = { ENOTDIR: t.whyNotDir, EACCES: t.whyNoPermission, EPERM: t.whyNoPermission, EROFS: t.whyReadOnly, ENOSPC: t.whyNoSpace, EDQUOT: t.whyNoSpace };
  const file = typeof err.path === 'string' ? err.path : '';
  const reason = why[err.code] ?? `${err.code} (${err.syscall})`;
  const message = t.cannotWrite(file, reason);
  return new InputError(message, [{ file: file || undefined, message }]);
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
