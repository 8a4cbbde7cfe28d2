import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDirectory } from '../../src/io/directory.js';
import { UsccIndex } from '../../src/io/uscc-index.js';
import { InputError } from '../../src/errors.js';
import type { Employer } from '../../src/core/records.js';
import { fakeUscc, input, plan, roster } from './draw.support.js';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { draw, drawColumns } from '../../src/core/draw/draw.js';
import { ALGORITHM_V2 } from '../../src/core/draw/index.js';
import { buildCsvOutputs } from '../../src/io/draw-outputs.js';

// The streamed directory keeps a few bytes a row (src/io/directory.ts): where each row starts, as 2
// bytes past its block's start, and 4 in a block whose rows reach 64 KiB past it. fetch must find every
// row again, whatever its length.

const HEADER = '统一社会信用代码,单位名称,单位类型,行业,所属区域,职工人数,投诉举报次数,经营异常,严重违法记录,重点监管,上次检查日期,备注';
const row = (i: number, note: string) => `${fakeUscc(i)},单位${i},企业,制造业,城关镇,${10 + i},0,否,否,否,,${note}`;

function write(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-dirmem-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('rows read again by their stored starts', () => {
  it('blocks of short rows and blocks whose rows reach past 64 KiB (long cells): fetch gives every row as the read did', async () => {
    // rows 20-23 carry a 30 KB cell (a cell's most): the block of rows 16-31 spans ~120 KB; so do rows 40-42 in theirs
    const note = (i: number) => (i >= 20 && i < 24 ? 'x'.repeat(30_000) : i >= 40 && i < 43 ? 'y'.repeat(30_000) : `n${i}`);
    const n = 60;
    const file = write('long.csv', [HEADER, ...Array.from({ length: n }, (_, i) => row(i, note(i)))].join('\n') + '\n');
    for (const chunkSize of [1 << 12, 1 << 20]) {
      const seen: Employer[] = [];
      const d = await readDirectory(file, (e) => seen.push(e), { chunkSize });
      expect(d.rows).toBe(n);
      const all = Array.from({ length: n }, (_, i) => i);
      const again = d.fetch([...all].reverse());
      expect(again.reverse()).toEqual(seen);
      expect(seen[41]!.extra).toEqual([['备注', 'y'.repeat(30_000)]]);
    }
  });
});

describe('the USCC uniqueness index (uscc-index.ts)', () => {
  it('an estimate far too low: further tables, every earlier row still found, no row found that was not recorded', () => {
    let asked = 0;
    const index = new UsccIndex(10, () => {
      asked++;
      return 500;
    });
    // fingerprints with many equal 16-bit tags and equal home slots
    const fp = (i: number) => (Math.imul(i % 3000, 0x9e3779b1) & 0xffff0000) | (i % 7);
    const n = 20_000;
    for (let i = 0; i < n; i++) index.insert(i, fp(i));
    expect(index.tableCount).toBeGreaterThan(3);
    expect(asked).toBe(index.tableCount - 1);
    for (const i of [0, 1, 999, 1000, 12_345, n - 1]) {
      const seen: number[] = [];
      index.find(fp(i), (o) => void seen.push(o));
      // every row with the same fingerprint, and only rows sharing its 16 bits
      const same = Array.from({ length: n }, (_, o) => o).filter((o) => fp(o) === fp(i));
      expect(seen.filter((o) => fp(o) === fp(i)).sort((a, b) => a - b)).toEqual(same);
      expect(seen.every((o) => (fp(o) & 0xffff) === (fp(i) & 0xffff))).toBe(true);
    }
    expect(index.find(fp(5), (o) => (o === 5 ? 'found' : undefined))).toBe('found');
    expect(index.find(0xdeadbeef, () => 'any')).toBeUndefined();
    // the byte reader's shortcuts: a recorded fingerprint may have been seen, and with several tables
    // no home slot says 'surely new'
    for (let i = 0; i < n; i += 97) expect(index.mayHave(fp(i))).toBe(true);
    expect(index.mayHave(0xdeadbeef)).toBe(false);
    expect(index.touch(0xdeadbeef)).not.toBe(0);
  });

  it("touch says 'surely new' only for a fingerprint whose home slot is empty, and mayHave agrees with find", () => {
    const index = new UsccIndex(1000, () => 1000);
    const fps = Array.from({ length: 800 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    for (let i = 0; i < fps.length; i += 2) index.insert(i, fps[i]!);
    for (let i = 0; i < fps.length; i++) {
      const found = index.find(fps[i]!, (o) => (o === i ? true : undefined)) === true;
      expect(found).toBe(i % 2 === 0);
      if (found) expect([index.touch(fps[i]!) !== 0, index.mayHave(fps[i]!)]).toEqual([true, true]);
      if (index.touch(fps[i]!) === 0) expect(index.mayHave(fps[i]!)).toBe(false);
    }
  });

  it('a directory whose first rows are long (the index sized far too small) still finds every duplicate, with its line', async () => {
    const n = 4000;
    const lines = Array.from({ length: n }, (_, i) => row(i, i < 2 ? 'z'.repeat(30_000) : `n${i}`));
    // duplicates of a row read with the first chunk and of one read late, at the end
    lines.push(row(0, 'dup'), row(3500, 'dup'));
    const file = write('growth.csv', [HEADER, ...lines].join('\n') + '\n');
    const err = await readDirectory(file, () => {}, { chunkSize: 1 << 16 }).then(
      () => null,
      (e: unknown) => e as InputError,
    );
    expect(err).toBeInstanceOf(InputError);
    const dup = err!.problems.filter((p) => p.line !== undefined);
    expect(dup.map((p) => [p.line, p.code, p.params])).toEqual([
      [n + 2, 'cell.duplicate', expect.objectContaining({ first_line: 2 })],
      [n + 3, 'cell.duplicate', expect.objectContaining({ first_line: 3502 })],
    ]);
  });
});

describe("the draw's columns sized from the first chunk (rowsEstimate)", () => {
  const p = plan({ tasks: [{ id: 'all', name: '不定向抽查', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 30 } }] });
  const run = async (file: string) => {
    const seen: Employer[] = [];
    const estimates: number[] = [];
    const inp = input(p, [], roster(8), { algorithm: ALGORITHM_V2 });
    const cols = new DirectoryColumns(inp, 16);
    const d = await readDirectory(
      file,
      (e) => {
        seen.push(e);
        cols.add(e);
      },
      { chunkSize: 1 << 16, rowsEstimate: (n) => (estimates.push(n), cols.reserve(n)) },
    );
    const r = drawColumns(inp, cols, d.fetch);
    const whole = draw({ ...inp, employers: seen });
    expect(buildCsvOutputs(p, inp.period, r, 'utf8')).toEqual(buildCsvOutputs(p, inp.period, whole, 'utf8'));
    return { estimates, rows: d.rows };
  };

  it('an estimate that holds: the columns take it before the first row and never grow', async () => {
    const n = 5000;
    const file = write('even.csv', [HEADER, ...Array.from({ length: n }, (_, i) => row(i, `n${i}`))].join('\n') + '\n');
    const reserved: number[] = [];
    const inp = input(p, [], roster(8), { algorithm: ALGORITHM_V2 });
    const cols = new DirectoryColumns(inp, 16);
    await readDirectory(file, (e) => (reserved.push(cols.cap), cols.add(e)), { chunkSize: 1 << 16, rowsEstimate: (k) => cols.reserve(k) });
    expect(reserved[0]).toBeGreaterThanOrEqual(n);
    expect(cols.cap).toBe(reserved[0]);
    expect((await run(file)).estimates).toHaveLength(1);
  });

  it('a first chunk of blank lines does not size the columns for the bytes of the file', async () => {
    const n = 3000;
    const file = write('blank-first.csv', HEADER + '\n'.repeat(70_000) + Array.from({ length: n }, (_, i) => row(i, `n${i}`)).join('\n') + '\n');
    const { estimates, rows } = await run(file);
    expect(rows).toBe(n);
    const size = statSync(file).size;
    // uncapped, ~70,000 line breaks in the first 64 KiB would have asked for about a row per byte
    expect(estimates[0]).toBeLessThanOrEqual(Math.ceil(((Math.ceil((size * 2) / 110) + 1024) * 1.1)));
  });

  it('an estimate far too low (long first rows): the columns grow, and the draw is the same', async () => {
    const n = 6000;
    const file = write('uneven.csv', [HEADER, ...Array.from({ length: n }, (_, i) => row(i, i < 2 ? 'z'.repeat(30_000) : `n${i}`))].join('\n') + '\n');
    const { estimates, rows } = await run(file);
    expect(rows).toBe(n);
    expect(estimates).toHaveLength(1);
    expect(estimates[0]).toBeLessThan(n / 2);
  });
});
