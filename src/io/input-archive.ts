import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { environmentError, type ByteSource } from './files.js';

/**
 * The copies of a draw's inputs kept inside its folder (inputs/<key><ext>.gz), so that the folder
 * verifies years later from itself alone, whatever the office's own files have become since. gzip
 * is a container here, not part of what is signed: each copy is identified by the SHA-256 of its
 * original bytes, the one the manifest records, so another gzip producing other compressed bytes
 * changes nothing.
 */

export type InputKey = 'employers' | 'inspectors' | 'plan';
export const INPUT_KEYS: readonly InputKey[] = ['employers', 'inspectors', 'plan'];
export const ARCHIVE_DIR = 'inputs';

export interface ArchivedInput {
  key: InputKey;
  /** path inside the draw folder, '/'-separated */
  name: string;
  /** gzip of the original bytes, made as the record's transaction writes it (empty for a dry run) */
  data: ByteSource;
}

/** The archive name of an input: its role and its own extension, so a person knows what to open. */
export function archiveName(key: InputKey, file: string): string {
  return `${ARCHIVE_DIR}/${key}${path.extname(file).toLowerCase()}.gz`;
}

/**
 * The inputs' archive copies. Each is read again and compressed as a stream while the transaction
 * stages it (a province's directory is 1.2 GB: never held whole, nor its gzip). The bytes must be
 * those the draw was computed from: an export rewritten while the draw ran would make the archive
 * lie, so a different SHA-256 at the end of the stream refuses, and the commit leaves nothing behind.
 */
export async function archiveInputs(paths: Record<InputKey, string>, sha256: Record<InputKey, string>, opts: { write?: boolean } = {}): Promise<ArchivedInput[]> {
  // a dry run writes nothing: the names are all it needs, not a second read and gzip of a province's directory
  const none: ByteSource = () => [];
  return INPUT_KEYS.map((key) => ({ key, name: archiveName(key, paths[key]), data: opts.write === false ? none : gzipOf(paths[key], sha256[key]) }));
}

/** Passes the original bytes on unchanged, hashing them on the way: the archive is named by their SHA-256. */
function hashing(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

function gzipOf(file: string, sha256: string): ByteSource {
  return async function* () {
    const hash = createHash('sha256');
    // zlib's default level: on a directory export level 9 took 64% more CPU for a file 2% smaller
    // (1M rows: 5.9 against 3.6 s, 26.6 against 27.1 MB); the bytes signed are the original's, not these
    const gzip = createGzip({ level: 6 });
    const src = createReadStream(file, { highWaterMark: 1 << 20 });
    const tee = hashing(hash);
    const fed = pipeline(src, tee, gzip);
    fed.catch(() => undefined); // its failure reaches the loop below through the destroyed gzip stream
    try {
      for await (const piece of gzip) yield piece as Buffer;
      await fed;
    } catch (e) {
      // a file gone or unreadable since it was read is as much a change as other bytes
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(m().txn.inputChangedDuringDraw(file));
      throw e;
    } finally {
      src.destroy();
      gzip.destroy();
    }
    if (hash.digest('hex') !== sha256) throw new InputError(m().txn.inputChangedDuringDraw(file));
  };
}

/**
 * Extracts an archived input into `tempDir` under its original extension, so the ordinary loaders
 * read it exactly as the draw read the office's file, and returns that path: 'missing' when the
 * folder has no such file (a published copy of the folder leaves the internal archive out), 'bad'
 * when it is not gzip or not the recorded bytes. Streamed: a province's directory is 1.2 GB, and
 * verify runs on an outsider's ordinary machine.
 */
export async function extractArchived(
  folder: string,
  name: string,
  sha256: string,
  tempDir: string,
  open: (file: string) => Writable = (file) => createWriteStream(file, { flags: 'wx' }),
): Promise<string | 'missing' | 'bad'> {
  const from = path.join(folder, ...name.split('/'));
  try {
    if (!(await fs.stat(from)).isFile()) return 'bad';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'bad';
  }
  const to = path.join(tempDir, path.basename(name).replace(/\.gz$/, ''));
  const hash = createHash('sha256');
  const tee = hashing(hash);
  // which side failed decides whose fault it is: Node's write errors carry no path to tell them apart
  const failed: { write: NodeJS.ErrnoException | null } = { write: null };
  const out = open(to);
  out.on('error', (e: NodeJS.ErrnoException) => (failed.write ??= e));
  try {
    await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createGunzip(), tee, out);
  } catch {
    // a full or unwritable temp disk is not the folder's fault: exit 2, naming the temp file
    const w = failed.write;
    if (w !== null) {
      w.path ??= to;
      throw environmentError(w) ?? w;
    }
    // not gzip, cut short or unreadable: a damaged archive
    return 'bad';
  }
  return hash.digest('hex') === sha256 ? to : 'bad';
}
