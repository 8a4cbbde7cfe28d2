// Reading a 100,000-row directory as .xlsx, side by side with Miller reading its CSV twin in the same
// run. The .xlsx is written once into bench/data/ (gitignored) with exceljs's streaming writer from
// the seeded CSV of bench/data.mjs: codes as text, 上次检查日期 as date cells, counts as numbers,
// as an office's workbook holds them. Measured with GNU time (wall, CPU, peak RSS), median of 3:
//   - mlr --icsv --ocsv cat CSV           Miller reads (and re-writes) every row of the CSV twin
//   - bench/xlsx-load.mjs CSV             shuangsui's loader on the CSV (read, decode, parse, validate)
//   - bench/xlsx-load.mjs XLSX            the same loader on the .xlsx (streaming unzip + SAX, validate)
//   - shuangsui draw --dry-run --json     the whole draw on the .xlsx, 1 run
// Prints a Markdown table for bench/RESULTS.md. Usage: npm run build && node bench/xlsx.mjs [N] [--make-only]
// The .xlsx twins are written into bench/xlsx-data/ (gitignored; a real folder even where bench/data is a
// link to another checkout's inputs). --make-only writes the twin of N rows and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchInputs, DATA, ROOT } from './data.mjs';

const n = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 100_000);
const makeOnly = process.argv.includes('--make-only');
const XDATA = path.join(ROOT, 'bench', 'xlsx-data');
mkdirSync(XDATA, { recursive: true });
const OUT = path.join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });

function timed(cmd, argv) {
  const tf = path.join(OUT, '.time-xlsx');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', tf, 'sh', '-c', `exec "$0" "$@" > /dev/null`, cmd, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8' },
  });
  const [wall, kb, user, sys] = readFileSync(tf, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { code: r.status, wall, cpu: Math.round((user + sys) * 100) / 100, rssMB: Math.round(kb / 1024), stderr: r.stderr };
}

function median3(label, fn, times = 3) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    runs.push(fn());
    const r = runs.at(-1);
    console.error(`  ${label.padEnd(36)} run ${i + 1}: ${r.wall.toFixed(2)} s (cpu ${r.cpu} s), ${r.rssMB} MB${r.code ? `, exit ${r.code}: ${r.stderr.slice(0, 300)}` : ''}`);
  }
  const mid = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { wall: mid('wall'), cpu: mid('cpu'), rssMB: mid('rssMB'), code: runs.find((r) => r.code)?.code ?? 0, runs: runs.length };
}

async function xlsxTwin(csvFile, xlsxFile) {
  if (existsSync(xlsxFile)) return;
  const { default: ExcelJS } = await import('exceljs');
  const { parseCsvText } = await import(path.join(ROOT, 'dist', 'io', 'csv.js'));
  const t = parseCsvText(readFileSync(csvFile, 'utf8'), csvFile);
  const tmp = `${xlsxFile}.tmp`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('名录');
  ws.addRow(t.header).commit();
  const date = t.header.indexOf('上次检查日期');
  const counts = ['职工人数', '投诉举报次数'].map((h) => t.header.indexOf(h));
  for (const r of t.rows) {
    const row = ws.addRow(r.cells.map((c, i) => (c === '' ? null : i === date ? new Date(`${c}T00:00:00Z`) : counts.includes(i) ? Number(c) : c)));
    if (date >= 0) row.getCell(date + 1).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
  renameSync(tmp, xlsxFile);
}

// the commit whose dist/ is measured: read before the runs, not after them
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const inputs = await benchInputs(n);
const xlsx = path.join(XDATA, path.basename(inputs.employers).replace(/\.csv$/, '.xlsx'));
console.error(`writing ${xlsx} …`);
await xlsxTwin(inputs.employers, xlsx);
if (makeOnly) process.exit(0);
const mb = (f) => (statSync(f).size / 1e6).toFixed(1);
const loader = path.join(ROOT, 'bench', 'xlsx-load.mjs');
const bin = path.join(ROOT, 'bin', 'shuangsui.js');

// a 1M-row workbook takes minutes a read: once each there
const times = n >= 1_000_000 ? 1 : 3;
const mlr = median3('mlr cat (CSV)', () => timed('mlr', ['--icsv', '--ocsv', 'cat', inputs.employers]), times);
const csv = median3('shuangsui loader (CSV)', () => timed(process.execPath, [loader, inputs.employers]), times);
const xl = median3('shuangsui loader (.xlsx)', () => timed(process.execPath, [loader, xlsx]), times);
// the draw of bench/run.mjs (plan, roster N/200, seed), on the workbook
const draw = median3('draw --dry-run --json (.xlsx)', () => timed(process.execPath, [bin, 'draw', '--employers', xlsx, '--inspectors', inputs.inspectors, '--plan', inputs.plan, '--period', '2026H1', '--seed', 'bench-2026H1', '--as-of', '2026-01-05', '--dry-run', '--json']), 1);

const cpu = os.cpus()[0]?.model ?? '?';
const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
const row = (what, r, note) => `| ${what} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rssMB} | ${note} |`;
console.log(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${spawnSync('mlr', ['--version'], { encoding: 'utf8' }).stdout.trim()}; ${new Date().toISOString()}; commit ${commit}; load average at the end ${load}.`);
console.log('');
console.log(`N = ${n.toLocaleString('en')} employers: CSV ${mb(inputs.employers)} MB, .xlsx ${mb(xlsx)} MB (same rows).`);
console.log('');
console.log('| run | wall (s) | CPU user+sys (s) | peak RSS (MB) | notes |');
console.log('|---|---:|---:|---:|---|');
console.log(row('`mlr --icsv --ocsv cat` on the CSV', mlr, `peer, median of ${mlr.runs}`));
console.log(row('shuangsui loader on the CSV', csv, `loadEmployers: read, decode, parse, validate; median of ${csv.runs}`));
console.log(row('shuangsui loader on the .xlsx', xl, `loadEmployers: streaming unzip + SAX, cells → strings, validate; median of ${xl.runs}; ${(xl.wall / mlr.wall).toFixed(1)}× Miller's time`));
console.log(row('`shuangsui draw --dry-run --json` on the .xlsx', draw, `exit ${draw.code}; 1 run`));
