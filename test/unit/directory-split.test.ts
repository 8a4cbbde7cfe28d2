import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  byteKind,
  CHUNK_SPLIT_FNS,
  REC_BREAK,
  REC_CELLS,
  REC_CODE_OK,
  REC_COUNT_SHIFT,
  REC_END,
  REC_FINGERPRINT,
  REC_FLAGS,
  REC_PLAIN,
  REC_START,
  splitChunk,
  type ChunkShape,
} from '../../src/io/directory-bytes.js';
import { hash32 } from '../../src/io/directory.js';
import { TicketWorker } from '../../src/io/ticket-worker.js';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { usccFault } from '../../src/core/uscc.js';
import { input, plan, roster } from './draw.support.js';
import { testUscc } from '../support/usccs.js';

// The byte reader's first steps over a quote-free chunk (splitChunk: lines, cells, and acceptCode's
// checks of the shape, the USCC and the name), made on the ticket worker from the function's source
// text and on the main thread by the function itself. Held here to a reference written from what the
// records mean, on random chunks, and the worker's records to the main thread's.

const cell = fc.oneof(
  fc.constantFrom('', ' ', '企业', '清河县小李水果店', '个体工商户', '5', '2026-01-05', '是', '否', 'a b', '\u3000', '\u00a0', 'é', '\t', '\u0001x', 'x\u007f', '©'),
  fc.nat(5000).map((n) => testUscc(n)),
  fc.constantFrom('91321099000000000X', '91321099abcdefghij', '12345678901234E567', 'E12345678901234567', '9132109900000000', '913210990000000000000'),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => s.replace(/["\r\n]/g, '')),
);
const breakText = fc.constantFrom('\n', '\r\n', '\r');
const line = fc.record({ cells: fc.array(cell, { minLength: 0, maxLength: 7 }), eol: breakText });
const chunkOf = (lines: { cells: string[]; eol: string }[], delim: string, last: boolean) =>
  Buffer.from(lines.map((l, k) => l.cells.join(delim) + (k < lines.length - 1 || last ? l.eol : '')).join(''), 'utf8');

/** The records a chunk means, line by line, from its text (the delimiter and breaks are ASCII: no byte of another character is one). */
function reference(b: Buffer, delim: string, shape: ChunkShape): number[][] {
  const out: number[][] = [];
  let p = 0;
  const n = b.length;
  while (p < n) {
    let q = p;
    while (q < n && b[q] !== 10 && b[q] !== 13) q++;
    const text = b.toString('utf8', p, q);
    const cells = text.split(delim);
    // bytes that send a row the ordinary way: C0 controls (but the delimiter), DEL, and what starts with 0xC2 (C1, NBSP)
    const plain = ![...text].some((ch) => ch !== delim && (ch < ' ' || ch === '\u007f' || (ch >= '\u0080' && ch <= '\u00bf')));
    const ends: number[] = [];
    let at = p;
    for (const c of cells) {
      at += Buffer.byteLength(c, 'utf8');
      ends.push(at);
      at += 1;
    }
    let flags = (plain ? REC_PLAIN : 0) | (cells.length << REC_COUNT_SHIFT);
    let fingerprint = 0;
    let next = q;
    if (q < n) {
      next = b[q] === 13 && b[q + 1] === 10 ? q + 2 : q + 1;
      flags |= REC_BREAK;
    }
    const code = cells[shape.uscc] ?? '';
    if (plain && cells.length === shape.width && /^[0-9A-Z]{18}$/.test(code) && usccFault(code) === null && !/^\d+E\d+$/.test(code) && cells[shape.name]!.trim() !== '') {
      flags |= REC_CODE_OK;
      fingerprint = hash32(code) | 0;
    }
    // a cell past the header's width is counted, not placed; one short of it leaves the rest as they were
    const placed = ends.slice(0, shape.width);
    out.push([p, q, flags, fingerprint, ...placed]);
    p = next;
  }
  return out;
}

/** The records, the first `width` cells of each as far as the line has them. */
function records(recs: Int32Array, shape: ChunkShape): number[][] {
  const stride = REC_CELLS + shape.width;
  const out: number[][] = [];
  for (let o = 0; o < recs.length; o += stride) {
    const count = recs[o + REC_FLAGS]! >>> REC_COUNT_SHIFT;
    out.push([recs[o + REC_START]!, recs[o + REC_END]!, recs[o + REC_FLAGS]!, recs[o + REC_FINGERPRINT]!, ...Array.from(recs.subarray(o + REC_CELLS, o + REC_CELLS + Math.min(count, shape.width)))]);
  }
  return out;
}

describe('splitChunk', () => {
  it('cuts a chunk into the lines, cells and verdicts its text means', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom(',', ';', '\t', '|'), fc.boolean(), fc.nat(2), (lines, delim, last, at) => {
        const width = 3;
        const shape = { width, uscc: at, name: (at + 1) % width };
        const b = chunkOf(lines, delim, last);
        expect(records(splitChunk(b, byteKind(delim.charCodeAt(0), true), shape, CHUNK_SPLIT_FNS), shape)).toEqual(reference(b, delim, shape));
      }),
      { numRuns: 300 },
    );
  });

  it('takes valid codes and named rows, and the fingerprint the text path indexes', () => {
    const shape = { width: 2, uscc: 0, name: 1 };
    const b = Buffer.from(`${testUscc(7)},甲\n${testUscc(8)}, \n${testUscc(9)},\u3000\n${testUscc(10)},乙\r\n91321099000000000X,丙\n`, 'utf8');
    const got = records(splitChunk(b, byteKind(44, true), shape, CHUNK_SPLIT_FNS), shape);
    expect(got.map((r) => (r[REC_FLAGS]! & REC_CODE_OK) !== 0)).toEqual([true, false, false, true, false]);
    expect(got[0]![REC_FINGERPRINT]! >>> 0).toBe(hash32(testUscc(7)));
    expect(got[3]![REC_FINGERPRINT]! >>> 0).toBe(hash32(testUscc(10)));
  });

  it('gives the same records on the ticket worker, from its source text, in the order the chunks were sent', () => {
    const cols = new DirectoryColumns(input(plan({}), [], roster(2)), 1);
    const worker = new TicketWorker(cols);
    try {
      const splitter = worker.splitter();
      fc.assert(
        fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(',', '\t'), (chunks, delim) => {
          const shape = { width: 4, uscc: 1, name: 2 };
          const kind = byteKind(delim.charCodeAt(0), true);
          const bytes = chunks.map((lines) => chunkOf(lines, delim, true));
          for (const b of bytes) splitter.send(b, kind, shape, false);
          for (const b of bytes) expect(Array.from(splitter.take())).toEqual(Array.from(splitChunk(b, kind, shape, CHUNK_SPLIT_FNS)));
        }),
        { numRuns: 60 },
      );
    } finally {
      worker.finish();
    }
  });
});
