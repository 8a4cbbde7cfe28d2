// SUPERSEDED by src/io/directory.ts (the streaming directory the draw now uses); kept for the figures
// bench/RESULTS.md quotes from it.
// PROTOTYPE, not the draw: what a streaming directory pass would cost. It reads the directory in
// 4 MB chunks, parses and validates each chunk with the project's own scanner and validation,
// computes one SHA-256 ticket per row (the draw's ticket format), and keeps only typed arrays per
// row (u, weight, stratum, 18-byte USCC): memory is bounded by those arrays, not by the rows.
// Selection is sequential-Poisson-like (key = u / π, smallest per stratum) to time the step; the
// real draw uses Pareto keys with take-all, which costs the same. Limits: chunks are cut at the
// last LF, which is only right for files without newlines inside quoted cells (true of the bench
// files); a real implementation needs a resumable scanner.
//   node bench/stream-proto.mjs bench/data/employers-1000000-v1.csv
import { createReadStream } from 'node:fs';
import { hash } from 'node:crypto';
import path from 'node:path';
import { ROOT } from './data.mjs';

const dist = (p) => import(path.join(ROOT, 'dist', p));
const { parseCsvFast } = await dist('io/fast-csv.js');
const { validateRows } = await dist('core/table-schema.js');
const { EMPLOYER_SPEC } = await dist('core/records.js');

const file = process.argv[2];
const prefix = 'shuangsui-draw/1|employer|bench-2026H1|bench|2026H1|general|';
const t0 = performance.now();
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
const timer = setInterval(sample, 20);

let cap = 1 << 16;
let n = 0;
let u = new Float64Array(cap);
let w = new Float64Array(cap);
let stratum = new Uint8Array(cap);
let uscc = Buffer.alloc(cap * 18);
const grow = () => {
  cap *= 2;
  const u2 = new Float64Array(cap); u2.set(u); u = u2;
  const w2 = new Float64Array(cap); w2.set(w); w = w2;
  const s2 = new Uint8Array(cap); s2.set(stratum); stratum = s2;
  const b2 = Buffer.alloc(cap * 18); uscc.copy(b2); uscc = b2;
};
const strata = new Map();
const seen = new Set();
let problems = 0;
let header = null;
let headerLine = '';
let carry = '';
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function handle(text) {
  const table = parseCsvFast(headerLine + text, file);
  const v = validateRows(EMPLOYER_SPEC, header, table.rows, file);
  problems += v.problems.length;
  for (const r of v.rows) {
    const code = r.values.uscc;
    if (seen.has(code)) problems++;
    seen.add(code);
    if (n === cap) grow();
    const h = hash('sha256', prefix + code, 'hex');
    u[n] = (parseInt(h.slice(0, 13), 16) + 0.5) / 4503599627370496;
    let x = 1;
    if (r.values.complaints >= 2) x *= 2;
    if (r.values.abnormal) x *= 1.5;
    if (r.values.serious_violation) x *= 3;
    w[n] = x;
    const s = r.values.region ?? '（未填写）';
    let id = strata.get(s);
    if (id === undefined) strata.set(s, (id = strata.size));
    stratum[n] = id;
    uscc.write(code, n * 18, 'latin1');
    n++;
  }
}

for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
  let text = carry + decoder.decode(chunk, { stream: true });
  if (header === null) {
    const nl = text.indexOf('\n');
    headerLine = text.slice(0, nl + 1);
    header = parseCsvFast(headerLine, file).header;
    text = text.slice(nl + 1);
  }
  const cut = text.lastIndexOf('\n');
  carry = text.slice(cut + 1);
  handle(text.slice(0, cut + 1));
}
if (carry) handle(carry);
const tScan = performance.now();

// Selection: per stratum, k = 5 % of the stratum (proportional allocation), smallest u/π.
const byStratum = [...strata.values()].map(() => []);
for (let i = 0; i < n; i++) byStratum[stratum[i]].push(i);
const winners = [];
for (const rows of byStratum) {
  const k = Math.round(rows.length * 0.05);
  let W = 0;
  for (const i of rows) W += w[i];
  const keys = new Float64Array(rows.length);
  rows.forEach((i, j) => (keys[j] = u[i] / Math.min(1, (k * w[i]) / W)));
  const cut = Float64Array.from(keys).sort()[k - 1];
  rows.forEach((i, j) => keys[j] <= cut && winners.push(uscc.toString('latin1', i * 18, i * 18 + 18)));
}
const tSel = performance.now();
clearInterval(timer);
sample();
console.log(
  JSON.stringify({
    rows: n,
    problems,
    strata: strata.size,
    winners: winners.length,
    scanValidateTicketsMs: Math.round(tScan - t0),
    selectMs: Math.round(tSel - tScan),
    peakRssMB: Math.round(peak / 1048576),
  }),
);
