import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDirectory } from '../../src/io/directory.js';
import type { Employer } from '../../src/core/records.js';
import { fakeUscc } from './draw.support.js';

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
