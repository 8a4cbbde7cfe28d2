import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compareFileWithPieces } from '../../src/io/output-compare.js';
import { extractArchived } from '../../src/io/input-archive.js';
import { sha256Hex, sha256OfInputFile } from '../../src/io/files.js';
import { InputError } from '../../src/errors.js';
import { Writable } from 'node:stream';

// verify of a province's draw holds neither its inputs nor its outputs whole: the outputs are
// compared with their files piece by piece as they are made again, the archived inputs are
// extracted and the current ones hashed as streams. These hold the streamed answers to the
// whole-buffer ones they replace.

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'shuangsui-verify-streams-'));

/** bytes cut into pieces at the given cut points */
function piecesOf(bytes: Buffer, cuts: number[]): { data: Buffer }[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: { data: Buffer }[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push({ data: bytes.subarray(from, c) });
    from = c;
  }
  return out;
}

describe('compareFileWithPieces', () => {
  it('is same exactly when the file holds the concatenated pieces, and hashes the made bytes (property)', () => {
    const dir = tmp();
    const file = path.join(dir, 'out.csv');
    const change = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('cut' as const), by: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 8 }), change, (raw, cuts, ch) => {
        const made = Buffer.from(raw);
        let onDisk = Buffer.from(made);
        if (ch.kind === 'flip' && made.length) onDisk[ch.at % made.length] = onDisk[ch.at % made.length]! ^ 0x01;
        if (ch.kind === 'append') onDisk = Buffer.concat([made, Buffer.from(ch.extra)]);
        if (ch.kind === 'cut') onDisk = made.subarray(0, Math.max(0, made.length - ch.by));
        writeFileSync(file, onDisk);
        const r = compareFileWithPieces(file, piecesOf(made, cuts));
        expect(r.state).toBe(onDisk.equals(made) ? 'same' : 'differs');
        if (r.state !== 'missing') expect(r.sha256).toBe(sha256Hex(made));
      }),
      { numRuns: 300 },
    );
  });

  it('says missing for no file and for a folder, as reading the whole file did', () => {
    const dir = tmp();
    expect(compareFileWithPieces(path.join(dir, 'none.csv'), [{ data: Buffer.from('a') }]).state).toBe('missing');
    mkdirSync(path.join(dir, 'a-folder.csv'));
    expect(compareFileWithPieces(path.join(dir, 'a-folder.csv'), [{ data: Buffer.from('a') }]).state).toBe('missing');
  });

  it('makes the pieces to their end even after a difference (their hash is of all of them)', () => {
    const dir = tmp();
    const file = path.join(dir, 'out.csv');
    writeFileSync(file, 'x');
    let made = 0;
    function* pieces() {
      for (const s of ['a', 'b', 'c']) {
        made++;
        yield { data: Buffer.from(s) };
      }
    }
    const r = compareFileWithPieces(file, pieces());
    expect(made).toBe(3);
    expect(r).toEqual({ state: 'differs', sha256: sha256Hex('abc') });
  });
});

describe('extractArchived', () => {
  const original = Buffer.from('统一社会信用代码,单位名称\r\n91110000000000001X,甲公司\r\n'.repeat(50), 'utf8');
  const folder = () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'inputs'));
    return dir;
  };

  it('writes the original bytes under the original extension when the recorded hash holds', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'inputs', 'employers.csv.gz'), gzipSync(original));
    const to = tmp();
    const got = await extractArchived(dir, 'inputs/employers.csv.gz', sha256Hex(original), to);
    expect(got).toBe(path.join(to, 'employers.csv'));
    expect(readFileSync(got).equals(original)).toBe(true);
  });

  it('is missing without the file, and bad when not gzip, cut short, or not the recorded bytes', async () => {
    const dir = folder();
    const to = tmp();
    const sha = sha256Hex(original);
    expect(await extractArchived(dir, 'inputs/employers.csv.gz', sha, to)).toBe('missing');
    writeFileSync(path.join(dir, 'inputs', 'a.csv.gz'), 'not gzip');
    expect(await extractArchived(dir, 'inputs/a.csv.gz', sha, to)).toBe('bad');
    const gz = gzipSync(original);
    writeFileSync(path.join(dir, 'inputs', 'b.csv.gz'), gz.subarray(0, gz.length - 9));
    expect(await extractArchived(dir, 'inputs/b.csv.gz', sha, to)).toBe('bad');
    writeFileSync(path.join(dir, 'inputs', 'c.csv.gz'), gzipSync(Buffer.concat([original, Buffer.from('x')])));
    expect(await extractArchived(dir, 'inputs/c.csv.gz', sha, to)).toBe('bad');
    mkdirSync(path.join(dir, 'inputs', 'd.csv.gz'));
    expect(await extractArchived(dir, 'inputs/d.csv.gz', sha, to)).toBe('bad');
  });
});

describe('extractArchived on a temp disk that fails', () => {
  it('a write failure (ENOSPC, which Node reports without a path) is the machine\'s: exit 2 naming the temp file, never a damaged archive', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'inputs'));
    const original = Buffer.alloc(1 << 20, 0x61);
    writeFileSync(path.join(dir, 'inputs', 'employers.csv.gz'), gzipSync(original));
    const to = tmp();
    const full = () =>
      new Writable({
        write(_chunk, _enc, done) {
          done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
        },
      });
    const e = await extractArchived(dir, 'inputs/employers.csv.gz', sha256Hex(original), to, full).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).problems[0]?.file).toBe(path.join(to, 'employers.csv'));
  });
});

describe('sha256OfInputFile', () => {
  it('is the hash of the whole file, and a missing file is a located input error', async () => {
    const dir = tmp();
    const file = path.join(dir, 'plan.yaml');
    const bytes = Buffer.alloc(3 << 20, 7); // more than one read
    writeFileSync(file, bytes);
    expect(await sha256OfInputFile(file)).toBe(sha256Hex(bytes));
    const missing = path.join(dir, 'none.yaml');
    const e = await sha256OfInputFile(missing).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).problems[0]?.file).toBe(missing);
  });
});
