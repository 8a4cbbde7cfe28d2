import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { draw, drawColumns } from '../../src/core/draw/draw.js';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { WINNER_BATCH } from '../../src/core/draw/winners.js';
import type { DrawResult } from '../../src/core/draw/index.js';
import { CsvWriter, formatCsv } from '../../src/io/csv.js';
import { buildCsvOutputs, csvOutputPieces, hashCsvOutputs } from '../../src/io/draw-outputs.js';
import { sha256Hex } from '../../src/io/files.js';
import { archiveInputs } from '../../src/io/input-archive.js';
import { InputError } from '../../src/errors.js';
import { directory, input, plan, roster } from './draw.support.js';

// A province's draw (500,000 winners at 10^7 rows) is written in pieces from winners held in
// columns (src/core/draw/winners.ts), a batch of re-read rows at a time. These tests hold the
// streamed bytes to the whole-array path they replace, across several batches.

const p = plan({
  tasks: [
    { id: 'all', name: '不定向抽查', mode: 'untargeted', items: ['wage', 'contract'], size: { ratio_per_period: 0.5 }, stratify_by: ['region'], weights: { complaints: { min: 2, factor: 2 } } },
    { id: 'build', name: '建筑业定向', mode: 'targeted', filter: { industry: ['建筑业'] }, items: ['wage'], size: { count: 40 } },
  ],
  full_coverage: { items: ['wage'] },
});
// more winners than one batch, with extra columns that only some rows fill, and hostile cells in every
// column a row gives the outputs (the columns' rows escape repeating cells once: each must still be csvCell's)
const hostile = ['=1+2', ' 前导空格', '尾随空格 ', '@SUM(A1)', '-3', '+4', '逗号,分隔', '"引号"', '换\n行', '\t制表'];
const employers = directory(3 * WINNER_BATCH, (i) => ({
  complaints: i % 7,
  key: i % 997 === 0,
  ...(i % 5 === 0 ? { name: `${hostile[i % hostile.length]}单位${i}` } : {}),
  ...(i % 7 === 0 ? { industry: hostile[(i >> 3) % hostile.length]!, region: hostile[(i >> 2) % hostile.length]! } : {}),
  ...(i % 11 === 0 ? { type: null, region: null, industry: null } : {}),
  extra: i % 3 ? [['联系电话', `=1+${i}`]] : i % 2 ? [['备注', `第${i}家,"引号"`], ['备注', `后写的${i}`]] : [['备注', hostile[i % hostile.length]!], [' ', '无名列']],
}));
const inp = input(p, employers, roster(40, (i) => (i % 4 === 0 ? { name: hostile[i % hostile.length]!, id: `${hostile[(i + 1) % hostile.length]}${i}`, certNo: `=${i}` } : {})));

/** The same draw as plain assignments: what every caller before the winners' columns built. */
function asArray(r: DrawResult): DrawResult {
  return { algorithm: r.algorithm, assignments: [...r.assignments], counts: r.counts, workload: r.workload, warnings: r.warnings };
}

describe('draw outputs streamed from the winners', () => {
  const result = draw(inp);

  it('a draw keeps its winners in columns, with more of them than one batch', () => {
    expect(result.winners).toBeDefined();
    expect(result.winners!.count).toBeGreaterThan(WINNER_BATCH);
    expect(result.winners!.count).toBe(result.assignments.length);
  });

  it.each(['utf8', 'gbk'] as const)('the pieces (%s) are the bytes of the whole-array path, and hash to the same SHA-256', (enc) => {
    const whole = buildCsvOutputs(inp.plan, inp.period, asArray(result), enc);
    const streamed = buildCsvOutputs(inp.plan, inp.period, result, enc);
    expect(streamed.map((f) => f.name)).toEqual(whole.map((f) => f.name));
    for (let i = 0; i < whole.length; i++) expect(streamed[i]!.data.equals(whole[i]!.data)).toBe(true);
    const hashes = hashCsvOutputs(inp.plan, inp.period, result, enc);
    for (const f of whole) expect(hashes[f.name as keyof typeof hashes]).toBe(sha256Hex(f.data));
    // one file alone (as the transaction stages it) is the same bytes too, in several pieces
    const list = [...csvOutputPieces(inp.plan, inp.period, result, enc, ['publication.csv'])];
    if (enc === 'utf8') expect(list.length).toBeGreaterThan(1);
    expect(Buffer.concat(list.map((x) => x.data)).equals(whole[1]!.data)).toBe(true);
  });

  it('the winners keep every name and own cell as it was: lone surrogates, cells longer than their buffer was sized for', () => {
    const odd = directory(2 * WINNER_BATCH, (i) => ({
      name: i % 3 ? `单位\uD800${i}` : `\uDC00单位${i}\uD83D`,
      extra: i % 4 ? [['备注', i % 5 ? 'x'.repeat(i * 40) : '']] : [['联系电话', '\uDFFF'.repeat(i)]],
    }));
    const oddInput = input(p, odd, roster(40));
    const r = draw(oddInput);
    for (const enc of ['utf8', 'gbk'] as const) {
      const whole = buildCsvOutputs(oddInput.plan, oddInput.period, asArray(r), enc === 'gbk' ? 'gb18030' : enc);
      const streamed = buildCsvOutputs(oddInput.plan, oddInput.period, r, enc === 'gbk' ? 'gb18030' : enc);
      for (let i = 0; i < whole.length; i++) expect(streamed[i]!.data.equals(whole[i]!.data)).toBe(true);
    }
    const k = r.winners!.order[0]!;
    const own: string[] = [];
    expect(r.winners!.rowText(k, own)).toBe(r.assignments[0]!.employer.name);
  });

  it('the draw lets its directory columns go once the winners are picked, before any winner row is read (afterSelection hook)', () => {
    const dir = new DirectoryColumns(inp, employers.length);
    for (const e of employers) dir.add(e);
    const events: string[] = [];
    const fetch = (rows: readonly number[]) => {
      events.push('fetch');
      return rows.map((i) => employers[i]!);
    };
    const r = drawColumns(inp, dir, fetch, {
      afterSelection: () => {
        events.push('selected');
        expect(dir.flags.length).toBe(0);
        for (const t of dir.tasks) expect([t.cell.length, t.u.length, t.key.length]).toEqual([0, 0, 0]);
      },
    });
    expect(events.filter((e) => e === 'selected')).toHaveLength(1);
    expect(events.indexOf('selected')).toBe(0);
    expect(events.length).toBeGreaterThan(1);
    // and it is the same draw
    expect(buildCsvOutputs(inp.plan, inp.period, r, 'utf8')).toEqual(buildCsvOutputs(inp.plan, inp.period, result, 'utf8'));
  });

  it('a GBK cell that cannot be encoded is refused as before, naming the file, record and column', () => {
    const bad = input(p, directory(50, (i) => ({ name: i % 2 ? '单位😀' : `单位${i}` })), roster(8));
    const r = draw(bad);
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InputError ? e.problems : e;
      }
      return null;
    };
    const expected = err(() => buildCsvOutputs(bad.plan, bad.period, asArray(r), 'gbk'));
    expect(expected).not.toBeNull();
    expect(err(() => hashCsvOutputs(bad.plan, bad.period, r, 'gbk'))).toEqual(expected);
  });
});

describe('CsvWriter with a sink', () => {
  it.each(['utf8', 'gbk'] as const)('hands on the bytes formatCsv returns (%s), over many pieces', (enc) => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [`单位${i}`.padEnd(40, '厂'), i % 5 ? '备注' : '-1', `"${i}"`]);
    const pieces: Buffer[] = [];
    const w = new CsvWriter(['名称', '数', '引'], enc, 'x.csv', (b) => pieces.push(b));
    for (const r of rows) w.row(r);
    expect(w.finish().length).toBe(0);
    expect(pieces.length).toBeGreaterThan(enc === 'utf8' ? 2 : 1);
    expect(Buffer.concat(pieces).equals(formatCsv(['名称', '数', '引'], rows, enc, 'x.csv'))).toBe(true);
  });
});

describe('input archives are gzipped as a stream', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-archive-'));
  const files = { employers: path.join(dir, 'e.csv'), inspectors: path.join(dir, 'i.csv'), plan: path.join(dir, 'p.yaml') };
  const big = Buffer.from('统一社会信用代码,单位名称\n' + Array.from({ length: 60_000 }, (_, i) => `X${i},单位${i}`).join('\n'));
  writeFileSync(files.employers, big);
  writeFileSync(files.inspectors, 'a');
  writeFileSync(files.plan, '');
  const drain = async (src: () => Iterable<Uint8Array> | AsyncIterable<Uint8Array>) => {
    const out: Buffer[] = [];
    for await (const b of src()) out.push(Buffer.from(b));
    return Buffer.concat(out);
  };

  it('decompresses to the original bytes', async () => {
    const sha = { employers: sha256Hex(big), inspectors: sha256Hex(Buffer.from('a')), plan: sha256Hex(Buffer.alloc(0)) };
    const archived = await archiveInputs(files, sha);
    expect(archived.map((a) => a.name)).toEqual(['inputs/employers.csv.gz', 'inputs/inspectors.csv.gz', 'inputs/plan.yaml.gz']);
    expect(gunzipSync(await drain(archived[0]!.data)).equals(big)).toBe(true);
    expect(gunzipSync(await drain(archived[2]!.data)).length).toBe(0);
  });

  it('refuses, when the stream ends, a file whose bytes are not those the draw read (or that is gone)', async () => {
    const sha = { employers: sha256Hex(Buffer.from('other')), inspectors: sha256Hex(Buffer.from('a')), plan: sha256Hex(Buffer.alloc(0)) };
    const archived = await archiveInputs(files, sha);
    await expect(drain(archived[0]!.data)).rejects.toBeInstanceOf(InputError);
    const gone = await archiveInputs({ ...files, employers: path.join(dir, 'missing.csv') }, sha);
    await expect(drain(gone[0]!.data)).rejects.toBeInstanceOf(InputError);
  });

  it('a dry run reads nothing', async () => {
    const archived = await archiveInputs({ ...files, employers: path.join(dir, 'missing.csv') }, { employers: '', inspectors: '', plan: '' }, { write: false });
    for (const a of archived) expect((await drain(a.data)).length).toBe(0);
  });
});
