import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type PieceComparison = { state: 'missing' } | { state: 'same' | 'differs'; sha256: string };

/**
 * Compares a file with bytes that are made piece by piece (a draw's CSVs, csvOutputPieces), holding
 * neither whole: a province's re-run inspection list is hundreds of MB, and verify must run on an
 * outsider's ordinary machine. `sha256` is that of the made bytes. A file that cannot be read at all
 * is `missing`, as verify has always said of it.
 */
export function compareFileWithPieces(file: string, pieces: Iterable<{ data: Uint8Array }>): PieceComparison {
  let fd: number;
  try {
    fd = openSync(file, 'r');
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      return { state: 'missing' };
    }
  } catch {
    return { state: 'missing' };
  }
  try {
    const hash = createHash('sha256');
    let pos = 0;
    let same = true;
    let buf = Buffer.alloc(0);
    for (const { data } of pieces) {
      hash.update(data);
      if (!same) continue; // the made bytes are still hashed to their end
      if (buf.length < data.length) buf = Buffer.allocUnsafe(Math.max(data.length, 1 << 16));
      let got = 0;
      try {
        while (got < data.length) {
          const n = readSync(fd, buf, got, data.length - got, pos + got);
          if (n === 0) break;
          got += n;
        }
      } catch {
        return { state: 'missing' };
      }
      if (got !== data.length || Buffer.compare(buf.subarray(0, got), data) !== 0) same = false;
      pos += data.length;
    }
    // equal so far, and nothing after the made bytes
    if (same && fstatSync(fd).size !== pos) same = false;
    return { state: same ? 'same' : 'differs', sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}
