import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTableFile } from '../../src/io/tables.js';
import { readDirectory } from '../../src/io/directory.js';
import { columnsSink } from '../../src/io/draw-inputs.js';
import { directoryValues, valuesNoter } from '../../src/core/draw/unmatched.js';
import { sha256Hex } from '../../src/io/files.js';
import { TicketWorker } from '../../src/io/ticket-worker.js';
import { EMPLOYER_SPEC, toEmployer, type Employer } from '../../src/core/records.js';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { drawColumns } from '../../src/core/draw/draw.js';
import { ALGORITHM_V1, ALGORITHM_V2, type AlgorithmVersion, type DrawInput } from '../../src/core/draw/index.js';
import { buildCsvOutputs } from '../../src/io/draw-outputs.js';
import { ticketOrder } from '../../src/core/draw/v2.js';
import { InputError } from '../../src/errors.js';
import { drawWhole } from '../support/draw-whole.js';
import { input, plan, roster } from './draw.support.js';
import { testUscc } from '../support/usccs.js';

// The streaming directory (src/io/directory.ts) replaced loading the whole file. Here random
// directories go through both: the whole-file reading (parseTableFile, still what the other tables
// use) and the draw over an array as it was before (test/support/draw-whole.ts), against the stream
// cut into chunks of a few bytes (so records, quoted newlines, CRLF pairs and multi-byte characters
// cross every boundary) and the draw over its columns, whose winners are read back by byte offset.
// Compared: records or every problem (message, line, column, value), warnings, and for algorithm v1
// and v2 the tickets, selections, counts, teams and the bytes of both output files.

const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-stream-'));
let fileNo = 0;

const HEADER = EMPLOYER_SPEC.columns.map((c) => c.zh);
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const usccCell = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => testUscc(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => testUscc(n).toLowerCase()) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => `'${testUscc(n)}`) },
  { weight: 1, arbitrary: fc.constantFrom('9.13210E+17', '913210990000001234.0', '', '91321099ABCDEFGHIJ', '123', '91321099000001E234', '\u00a0' + testUscc(3)) },
);
const nameCell = fc.constantFrom('甲公司', '乙,丙', 'a"b', '换\n行', '换\r\n行', '  ', '', '华', '=1+1', '\u3000', '\u3000甲', '\ufeff', '\t', '\u00a0', 'café', '（丁）');
const row = fc.record({
  uscc: usccCell,
  name: nameCell,
  type: fc.constantFrom('企业', '个体工商户', '', '民办非企业单位', '公司'),
  industry: fc.constantFrom('制造业', '建筑业', ''),
  region: fc.constantFrom('城关镇', '东城街道', '西城街道', ''),
  employees: fc.constantFrom('', '12', '300', '-1', '1.5'),
  complaints: fc.constantFrom('', '0', '1', '3'),
  abnormal: fc.constantFrom('是', '否', '', '也许'),
  serious: fc.constantFrom('否', '是', ''),
  key: fc.constantFrom('否', '是', ''),
  last: fc.constantFrom('', '2025-09-01', '2026-02-28', '2026/1/5', '昨天'),
  extra: fc.constantFrom('', '备注,有逗号', '13800000000'),
  eol: fc.constantFrom('\n', '\r\n', '\r\n', '\r'),
  damage: fc.oneof(
    { weight: 40, arbitrary: fc.constant('none') },
    { weight: 1, arbitrary: fc.constantFrom('blank', 'allBlank', 'extraField', 'shortRow', 'control', 'strayQuote', 'gbkRow') },
  ),
});
/** A row every check accepts (unique codes are made from the row's position). */
const cleanRow = fc.record({
  name: nameCell,
  type: fc.constantFrom('企业', '企业', '个体工商户', ''),
  industry: fc.constantFrom('制造业', '建筑业', '建筑业', ''),
  region: fc.constantFrom('城关镇', '东城街道', '西城街道', ''),
  employees: fc.constantFrom('', '12', '300'),
  complaints: fc.constantFrom('', '0', '1', '3'),
  abnormal: fc.constantFrom('是', '否', ''),
  serious: fc.constantFrom('否', '是', ''),
  key: fc.constantFrom('否', '否', '否', '是', ''),
  last: fc.constantFrom('', '', '2025-09-01', '2026-02-28'),
  extra: fc.constantFrom('', '备注,有逗号', '13800000000'),
  eol: fc.constantFrom('\n', '\r\n', '\r\n', '\r'),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;
const rows: fc.Arbitrary<Row[]> = fc.oneof(
  fc.array(row, { maxLength: 24 }),
  fc.tuple(fc.array(cleanRow, { minLength: 8, maxLength: 60 }), fc.integer({ min: 0, max: 1000 })).map(([rs, base]) =>
    rs.map((r, k): Row => ({ ...r, uscc: testUscc(base + k), damage: 'none' })),
  ),
);
const file = fc.record({
  rows,
  extraColumn: fc.boolean(),
  leadingBlank: fc.boolean(),
  encoding: fc.constantFrom('utf8', 'utf8', 'utf8bom', 'gbk', 'utf16le'),
  forced: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, 'utf8' as const, 'gbk' as const),
  unclosed: fc.constantFrom(false, false, false, false, false, false, false, true),
  finalEol: fc.boolean(),
  lenient: fc.boolean(),
  chunkSize: fc.integer({ min: 1, max: 48 }),
});
type File = typeof file extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(f: File): Buffer {
  const header = [...HEADER, ...(f.extraColumn ? ['备注'] : [])];
  const parts: (string | Buffer)[] = [(f.leadingBlank ? '\r\n' : '') + header.join(',') + '\r\n'];
  f.rows.forEach((r, k) => {
    const cells = [r.uscc, r.name, r.type, r.industry, r.region, r.employees, r.complaints, r.abnormal, r.serious, r.key, r.last, ...(f.extraColumn ? [r.extra] : [])].map(quote);
    let text = cells.join(',');
    if (r.damage === 'blank') text = '';
    if (r.damage === 'allBlank') text = cells.map(() => ' ').join(',');
    if (r.damage === 'extraField') text += ',多余';
    if (r.damage === 'shortRow') text = cells.slice(0, 3).join(',');
    if (r.damage === 'control') text = text.replace(/,/, ',甲\u0007');
    if (r.damage === 'strayQuote') text += 'x"y';
    const eol = k === f.rows.length - 1 && !f.finalEol ? '' : r.eol;
    if (r.damage === 'gbkRow' && f.encoding === 'utf8') parts.push(iconv.encode(text + eol, 'gbk'));
    else parts.push(text + eol);
  });
  if (f.unclosed) parts.push(`${testUscc(99)},"未闭合的引号,企业\r\n`);
  const encode = (s: string): Buffer => {
    switch (f.encoding) {
      case 'utf8bom':
        return Buffer.from(s, 'utf8');
      case 'gbk':
        return iconv.encode(s, 'gbk');
      case 'utf16le':
        return Buffer.from(s, 'utf16le');
      default:
        return Buffer.from(s, 'utf8');
    }
  };
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? encode(p) : p)));
  if (f.encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
  if (f.encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
  return body;
}

type Outcome = { ok: unknown; warned: string[] } | { error: string; problems: unknown; warned: string[] };

async function outcome(fn: (warn: (s: string) => void) => Promise<unknown>): Promise<Outcome> {
  const warned: string[] = [];
  try {
    return { ok: await fn((s) => warned.push(s)), warned };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message, problems: e.problems, warned };
  }
}

const stratified = plan({
  tasks: [
    { id: 'all', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { ratio_per_period: 0.3 }, stratify_by: ['region'], weights: { complaints: { min: 2, factor: 2 }, abnormal: 1.5 } },
    { id: 'build', name: '建筑业定向', mode: 'targeted', filter: { industry: ['建筑业'] }, items: ['wage'], size: { count: 2 } },
  ],
  full_coverage: { items: ['wage'] },
  exclusions: { inspected_within_days: 180 },
  team: { size: 2, max_per_inspector_per_period: 30 },
});
/** a filter on employees: the profiles of the draw's columns include the count */
const byEmployees = plan({
  tasks: [
    { id: 'big', name: '大单位', mode: 'targeted', filter: { employees_min: 100, region: ['城关镇', '东城街道'] }, items: ['wage'], size: { ratio_per_period: 0.5 }, stratify_by: ['industry', 'region'] },
    { id: 'all', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 }, weights: { serious_violation: 3 } },
  ],
  full_coverage: { include_key: true, filter: { abnormal: true }, items: ['contract'] },
  team: { size: 2, max_per_inspector_per_period: 30 },
});
const staff = roster(8, (i) => ({ specialties: i % 2 ? ['工资支付'] : ['劳动合同', '工资支付'], recusals: i === 3 ? [testUscc(4), testUscc(5)] : [] }));

/** Everything a draw produces that reaches a file or the ledger, plus the tickets and teams. */
function drawOutcome(run: () => ReturnType<typeof drawWhole>, inp: DrawInput) {
  try {
    const r = run();
    const files = buildCsvOutputs(inp.plan, inp.period, r, 'utf8').map((f) => ({ name: f.name, sha: sha256Hex(f.data) }));
    return { r, files };
  } catch (e) {
    return { error: (e as Error).constructor.name, detail: JSON.stringify(e) };
  }
}

describe('the streamed directory reads and draws as the whole file did', () => {
  it('random directories, chunks of 1-48 bytes: same records or problems, same draw (v1 and v2), same output bytes', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const bytes = bytesOf(f);
        const name = path.join(dir, `e${fileNo++}.csv`);
        writeFileSync(name, bytes);
        const opts = { encoding: f.forced, lenient: f.lenient };
        const whole = await outcome(async (warn) => {
          const p = await parseTableFile(bytes, EMPLOYER_SPEC, name, { ...opts, warn });
          return { records: p.rows.map(toEmployer), header: p.header, encoding: p.encoding, delimiter: p.delimiter, sha256: sha256Hex(bytes), skipped: p.skipped, warnings: p.warnings };
        });
        const streamed: Employer[] = [];
        let fetch: ((rows: readonly number[]) => Employer[]) | null = null;
        const stream = await outcome(async (warn) => {
          const d = await readDirectory(name, (e) => streamed.push(e), { ...opts, warn, chunkSize: f.chunkSize });
          fetch = d.fetch;
          return { records: streamed, header: d.header, encoding: d.encoding, delimiter: d.delimiter, sha256: d.sha256, skipped: d.skipped, warnings: d.warnings };
        });
        expect(stream).toEqual(whole);
        if (!('ok' in whole)) return;
        const read = whole.ok as { records: Employer[]; skipped: number; warnings: unknown };
        const records = read.records;
        // every row read back by offset is the row the stream handed on
        expect(fetch!(records.map((_, i) => i).reverse())).toEqual([...records].reverse());
        for (const algorithm of [ALGORITHM_V1, ALGORITHM_V2] as AlgorithmVersion[]) {
          // as the draw reads it: the common row as a profile (one plan judges employees, one does not); v1 (a
          // province's old draw being verified: u, not the 32-bit key, from the worker) on every other file, v2 always
          const profiles = algorithm === ALGORITHM_V2 || fileNo % 4 < 2;
          const inp = input(profiles && fileNo % 2 ? byEmployees : stratified, records, staff, { algorithm, alreadyDrawn: new Set([testUscc(7)]) });
          const cols = new DirectoryColumns(inp, 1);
          const values = directoryValues();
          const note = valuesNoter(inp.plan);
          const sink = profiles ? columnsSink(cols, inp.plan, values, () => {}) : undefined;
          // as the draw reads it: no names or extras while streaming, and for some files the tickets on a worker thread
          // ... and then the file's SHA-256 is taken on the worker too, from copies of the bytes read, and the
          // quote-free chunks are cut into cells there, several chunks ahead of their reading
          const tickets = profiles && fileNo % 8 < 2 ? new TicketWorker(cols) : null;
          const again = await readDirectory(
            name,
            (e) => {
              note(values, e);
              cols.add(e);
            },
            { ...opts, chunkSize: f.chunkSize, extras: false, names: false, profiled: sink, inputHash: tickets?.inputHash(), splitter: tickets?.splitter() },
          );
          tickets?.finish();
          expect(again.sha256).toBe(sha256Hex(bytes));
          // a lenient file's skipped rows are named by line: chunks cut ahead must keep their first lines
          expect({ skipped: again.skipped, warnings: again.warnings }).toEqual({ skipped: read.skipped, warnings: read.warnings });
          expect(drawOutcome(() => drawColumns(inp, cols, again.fetch), inp)).toEqual(drawOutcome(() => drawWhole(inp), inp));
          const whole = directoryValues();
          for (const e of records) note(whole, e);
          expect(values).toEqual(whole);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('v2 line order at province scale', () => {
  it('the bucket order of a large stratum is the comparator order (u, then ticket hex for equal u)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 1e-300, max: 1, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, 0.25, 1e-9)), { minLength: 1, maxLength: 300 }), (us) => {
        const u = Float64Array.from(us.map((x) => (x <= 0 ? 1e-12 : x)));
        const js = Int32Array.from(us.map((_, j) => j).reverse());
        const hexOf = (j: number) => sha256Hex(String(j));
        const hexesOf = (js: readonly number[]) => js.map(hexOf);
        expect(Array.from(ticketOrder(js, u, hexesOf, 0))).toEqual(Array.from(ticketOrder(js, u, hexesOf, Infinity)));
      }),
      { numRuns: 60 },
    );
  });
});
