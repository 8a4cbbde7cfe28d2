import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Ctx } from '../../context.js';
import { InputError } from '../../errors.js';
import { getLang, m } from '../../i18n/index.js';
import { allFacts } from '../../core/penalty/compute.js';
import { CsvWriter } from '../../io/csv.js';
import type { InputEncoding, OutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic, type OutputFile } from '../../io/files.js';
import { checkBatchRows, readBatchTable } from '../../io/penalty-batch.js';
import type { RuleSet } from '../../io/rules.js';
import { buildWorkbook, outputTargets } from '../../io/xlsx.js';
import { batchAnswerer, type BatchPlan } from './batch-answer.js';
import { RecordBytes } from './batch-text.js';

const RULE_COLUMNS = ['rule', '规则', '规则编号'];
const PARTY_COLUMNS = ['party', '当事人类型'];

/** Below this many cases a second thread costs more than it saves (its start-up is ~0.2 s of CPU). */
const PARALLEL_FROM = 20_000;

/**
 * `penalty --batch`: one result row per case, every case answered even when others fail. A failing
 * case's row says why; the command exits 1 when any case failed. A large case file written as UTF-8
 * CSV has its second half (47 %) answered in a worker thread (batch-worker.ts) with the same code; its
 * records follow the first half's, so the bytes are those of one thread.
 */
export async function runBatch(
  ctx: Ctx,
  set: RuleSet,
  file: string,
  out: string,
  force: boolean,
  today: string,
  enc: { in: InputEncoding; out: OutputEncoding; sheet?: string; format?: string } = { in: 'auto', out: 'utf8' },
  /** a worker started before the rule set was read (prestartBatchHelper), or none */
  started: BatchHelper | null = null,
): Promise<number> {
  try {
    return await answerBatch(ctx, set, file, out, force, today, enc, started);
  } finally {
    // not given work (a small or refused file), or the command failed: it must not outlive the command
    started?.release();
  }
}

async function answerBatch(
  ctx: Ctx,
  set: RuleSet,
  file: string,
  out: string,
  force: boolean,
  today: string,
  enc: { in: InputEncoding; out: OutputEncoding; sheet?: string; format?: string },
  started: BatchHelper | null,
): Promise<number> {
  const t = m().penalty.cmd;
  const c = t.csv;
  const targets = outputTargets(out, enc.format);
  const isRuleColumn = (h: string) => RULE_COLUMNS.includes(h.normalize('NFKC').trim().replace(/^\uFEFF/, '').toLowerCase());
  const table = await readBatchTable(file, { encoding: enc.in, sheet: enc.sheet, warn: (s) => ctx.ui.warn(s), isHeader: (cells) => cells.some(isRuleColumn) });
  const header = table.header.map((h) => h.normalize('NFKC').trim().replace(/^\uFEFF/, ''));
  const ruleCol = header.findIndex((h) => RULE_COLUMNS.includes(h.toLowerCase()));
  if (ruleCol < 0) throw new InputError(t.batchRuleColumn, [{ file, line: 1, message: t.batchRuleColumn }]);
  checkBatchRows(table, file);
  const partyCol = header.findIndex((h) => PARTY_COLUMNS.includes(h.toLowerCase()));
  // a column is a fact column if any rule (or the common set) knows it; others pass through untouched
  const factNames = new Set<string>();
  for (const r of set.rules) for (const f of allFacts(r)) factNames.add(f.name).add(f.label);
  const factCols: number[] = [];
  header.forEach((h, i) => {
    if (i !== ruleCol && i !== partyCol && factNames.has(h)) factCols.push(i);
  });
  const outHeader = [...table.header, c.status, c.version, c.punishable, c.level, c.adjustment, c.bandMin, c.bandMax, c.compMin, c.compMax, c.personsMin, c.personsMax, c.lateFee, c.measures, c.basis, c.basisPending, c.reasons, c.dual, c.legal, c.hearing, c.criminal, c.message];
  const width = table.header.length;
  const plan: BatchPlan = { header, width, ruleCol, partyCol, factCols, blanks: outHeader.length - width - 2, today };
  // the CSV is written as the cases are answered; rows are kept only for a workbook
  const csv = targets.csv ? new CsvWriter(outHeader, enc.out, targets.csv) : null;
  const rows: string[][] | null = targets.xlsx ? new Array(table.rows.length) : null;
  // UTF-8 records are written as bytes cell by cell (RecordBytes), each distinct result text quoted
  // and encoded once; a workbook, and GBK's cell-by-cell check, take the cells as they are
  const asText = csv !== null && enc.out === 'utf8';
  const asCells = rows !== null || (csv !== null && !asText);
  const n = table.rows.length;
  // a second thread only for text records (its bytes are joined after ours) and cells free of control
  // characters (the rows cross to it joined by two of them)
  const helper = started && asText && !asCells && !table.controls && n >= started.threshold && n >= 2 ? started.give(set, plan, table.rows, n) : null;
  const mine = helper ? helper.from : n;
  const records = asText ? new RecordBytes() : null;
  const a = batchAnswerer(set, plan, records, asCells);
  let ok = 0;
  for (let k = 0; k < mine; k++) {
    if (a.answer(table.rows[k]!.cells)) ok++;
    if (csv && !asText) csv.row(a.cells);
    if (rows) rows[k] = a.cells;
  }
  const files: OutputFile[] = [];
  if (targets.csv) {
    // the BOM and the header, then the records
    const pieces = csv!.finishPieces();
    if (records) for (const p of records.finish()) pieces.push(p);
    if (helper) {
      // ours are written while the worker still answers; its records follow when it has them
      const written = async function* (): AsyncGenerator<Buffer> {
        yield* pieces;
        const result = await helper.done;
        ok += result.ok;
        yield* result.pieces;
      };
      files.push({ path: targets.csv, data: written() });
    } else files.push({ path: targets.csv, data: pieces });
  }
  if (targets.xlsx) files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '裁量结果', header: outHeader, rows: rows! }], ctx.now) });
  await writeFilesAtomic(files, { force });
  const bad = n - ok;
  ctx.ui.out(t.batchSummary(n, ok, bad, files.map((f) => f.path).join('、')));
  return bad > 0 ? 1 : 0;
}

/** Where the worker's compiled code is: beside this file once built (vitest runs the sources, and no worker). */
const WORKER = new URL('./batch-worker.js', import.meta.url);
/** Where the worker's cases begin, as a share of the cases. */
const WORKER_FROM = 0.53;
/** A case file this large (~15,000 cases) gets its worker started before the rule set is read, so that both start up at once. */
const PRESTART_BYTES = 1 << 20;

/** The message a batch worker sends back: its counts and its records' UTF-8 bytes. */
export interface HelperResult {
  ok: number;
  pieces: Buffer[];
}

/** A worker thread waiting for the second half of the cases. */
export interface BatchHelper {
  /** the fewest cases worth giving it */
  threshold: number;
  /** hands it the cases from `from` (a little past the middle) to n; their records come back in `done` */
  give(set: RuleSet, plan: BatchPlan, rows: readonly { cells: string[] }[], n: number): { from: number; done: Promise<HelperResult> };
  /** ends it unless it has answered (a small or refused file, or a failure on the main thread) */
  release(): void;
}

/**
 * Starts penalty --batch's worker thread before anything is read, when the output is UTF-8 CSV
 * alone, the case file is large and there is a second core: its start-up (a V8 isolate, the modules)
 * then overlaps the rule set's. SHUANGSUI_BATCH_PARALLEL_FROM (tests, benchmarks) sets the fewest
 * cases that use it and starts it whatever the file's size; 0 turns it off.
 */
export function prestartBatchHelper(ctx: Ctx, file: string, out: string, enc: { out: OutputEncoding; format?: string }): BatchHelper | null {
  const env = ctx.env.SHUANGSUI_BATCH_PARALLEL_FROM;
  const threshold = env !== undefined && /^\d+$/.test(env) ? Number(env) : PARALLEL_FROM;
  if (threshold === 0 || enc.out !== 'utf8' || os.availableParallelism() < 2) return null;
  const targets = outputTargets(out, enc.format);
  if (!targets.csv || targets.xlsx) return null;
  if (env === undefined) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      return null; // reading it will say what is wrong
    }
    if (size < PRESTART_BYTES) return null;
  }
  if (!existsSync(fileURLToPath(WORKER))) return null;
  const worker = new Worker(WORKER);
  // until it is given work it must not keep the process alive (a refused file ends the command)
  worker.unref();
  let answered = false;
  return {
    threshold,
    give(set, plan, rows, n) {
      // the worker's share is a little under half: its code starts cold (measured per thread, issue 14:
      // ~1.9 s on the main thread and ~2.15 s in the worker for 50,000 cases each)
      const from = Math.min(n - 1, Math.ceil(n * WORKER_FROM));
      // cells cannot hold C0 controls here (the text has none): U+0000 ends a cell, and every case
      // has plan.width of them, so one join here and one split there carry them
      const w = plan.width;
      const cells = new Array<string>((n - from) * w);
      for (let k = from, p = 0; k < n; k++) {
        const row = rows[k]!.cells;
        for (let j = 0; j < w; j++) cells[p++] = row[j]!;
      }
      const cases = cells.join('\u0000');
      const done = new Promise<HelperResult>((resolve, reject) => {
        worker.once('message', (r: { ok: number; pieces: Uint8Array[] }) => {
          answered = true;
          resolve({ ok: r.ok, pieces: r.pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)) });
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`penalty --batch worker exited with ${code} before it answered`)));
      });
      // awaited once the first half is written; until then a failure must not count as unhandled
      done.catch(() => undefined);
      worker.ref();
      worker.postMessage({ set, plan, lang: getLang(), cases });
      return { from, done };
    },
    release() {
      if (!answered) void worker.terminate();
    },
  };
}
