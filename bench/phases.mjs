// Where the time of loading a directory goes: read, decode, parse, validate, convert. One phase at
// a time, in one process, with memory after each. With --csv-parse the process reads, decodes and
// parses with csv-parse only (its own process, so neither parser pays for the other's garbage).
//   node bench/phases.mjs bench/data/employers-1000000-v1.csv [--csv-parse]
// Prints one JSON object (draw.mjs collects it into RESULTS.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './data.mjs';

const dist = (p) => import(path.join(ROOT, 'dist', p));
const file = process.argv[2];
const csvParseOnly = process.argv.includes('--csv-parse');
const { decodeText } = await dist('io/encoding.js');
// csv-parse itself, with the options the old parseTable used: every reader now goes through the scanner
const { parse } = await import('csv-parse/sync');
const { parseCsvFast } = await dist('io/fast-csv.js');
const { validateRows } = await dist('core/table-schema.js');
const { EMPLOYER_SPEC, toEmployer } = await dist('core/records.js');

const out = { file: path.basename(file), phases: [] };
const mb = (x) => Math.round(x / 1048576);
function phase(name, fn) {
  const t = performance.now();
  const r = fn();
  const ms = performance.now() - t;
  const mem = process.memoryUsage();
  out.phases.push({ name, ms: Math.round(ms), rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed) });
  console.error(`${name.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(7)} s   rss ${mb(mem.rss)} MB  heap ${mb(mem.heapUsed)} MB`);
  return r;
}

const bytes = phase('read', () => readFileSync(file));
const { text } = phase('decode (UTF-8)', () => decodeText(bytes, 'auto', file));
if (csvParseOnly) {
  out.rows = phase('parse: csv-parse', () => parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true })).length - 1;
  console.log(JSON.stringify(out));
  process.exit(0);
}
const table = phase('parse: fast scanner', () => parseCsvFast(text, file));
out.rows = table.rows.length;
const v = phase('validate (validateRows)', () => validateRows(EMPLOYER_SPEC, table.header, table.rows, file));
out.problems = v.problems.length;
const employers = phase('convert (toEmployer)', () => v.rows.map(toEmployer));
out.employers = employers.length;
console.log(JSON.stringify(out));
