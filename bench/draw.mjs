// Benchmark: a 双随机 draw on a directory of N employers against Miller's `sample -k` on the same file.
//   npm run build && node bench/draw.mjs [N ...] [--repeat R] [--csv-parse] [--alt-roster R]
// Defaults: N = 100000 1000000, R = 3 (the median is reported). Not part of `npm test`.
// Inputs are generated (seeded) into bench/data/ and reused; results go to bench/out/ and stdout
// as a Markdown table that bench/RESULTS.md quotes. Needs /usr/bin/time (Debian package `time`)
// and `mlr` (package `miller`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, benchInputs } from './data.mjs';
import { requireBenchTools, timed as timedIn } from './timing.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const repeat = Number(option('--repeat', '3'));
const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--repeat').map(Number);
const Ns = sizes.length ? sizes : [100_000, 1_000_000];
// a second roster size for the largest N: team assignment scales with drawn × roster
const altRoster = Number(option('--alt-roster', '300'));
const OUT = path.join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });

const PERIOD = '2026H1';
const SEED = 'bench-2026H1';
const AS_OF = '2026-01-05';
const BIN = path.join(ROOT, 'bin', 'shuangsui.js');

requireBenchTools(path.join(ROOT, 'dist', 'demo', 'synthetic.js'));

const timed = (cmd, argv, stdoutFile) => timedIn(path.join(OUT, '.time'), cmd, argv, stdoutFile);

function median(runs, key) {
  const xs = runs.map((r) => r[key]).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

function repeatRun(label, fn, times = repeat) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    const r = fn();
    runs.push(r);
    console.error(`  ${label.padEnd(44)} run ${i + 1}: ${r.wall.toFixed(2)} s (cpu ${r.cpu} s), ${r.rssMB} MB${r.code ? `, exit ${r.code}` : ''}`);
  }
  return { wall: median(runs, 'wall'), cpu: median(runs, 'cpu'), rssMB: median(runs, 'rssMB'), code: runs.map((r) => r.code).find((c) => c) ?? 0, runs, stderr: runs.at(-1).stderr };
}

const drawCommandBuilt = existsSync(path.join(ROOT, 'dist', 'commands', 'draw', 'index.js'));
const results = [];
for (const n of Ns) {
  console.error(`N = ${n}`);
  const files = await benchInputs(n);
  const sizeMB = Math.round(statSync(files.employers).size / 1048576);
  const k = Math.round(n * 0.05); // 10 % a year over two periods
  const row = { n, sizeMB, k };

  row.mlr = repeatRun(`mlr sample -k ${k}`, () => timed('mlr', ['--icsv', '--ocsv', 'sample', '-k', String(k), files.employers], '/dev/null'));

  if (drawCommandBuilt) {
    const jsonOut = path.join(OUT, `draw-${n}.json`);
    const argv = [BIN, 'draw', '--employers', files.employers, '--inspectors', files.inspectors, '--plan', files.plan,
      '--period', PERIOD, '--seed', SEED, '--as-of', AS_OF, '--dry-run', '--json'];
    row.draw = repeatRun('shuangsui draw --dry-run --json', () => timed(process.execPath, argv, jsonOut));
    if (row.draw.code !== 0) console.error(row.draw.stderr.slice(0, 2000));
    try {
      row.drawJson = JSON.parse(readFileSync(jsonOut, 'utf8'));
    } catch {
      row.drawJson = null;
    }
    row.roster = readFileSync(files.inspectors, 'utf8').split('\n').filter((l) => l.trim()).length - 1;
    if (altRoster && n === Math.max(...Ns)) {
      const alt = await benchInputs(n, altRoster);
      const altArgv = argv.map((a) => (a === files.inspectors ? alt.inspectors : a));
      row.drawAlt = { roster: altRoster, ...repeatRun(`draw, roster of ${altRoster}`, () => timed(process.execPath, altArgv, '/dev/null'), 1) };
    }
  }

  // The breakdown: one in-process run of the core with phase timings.
  const coreOut = path.join(OUT, `core-${n}.json`);
  const core = timed(process.execPath, [path.join(ROOT, 'bench', 'core.mjs'), files.employers, files.inspectors, files.plan, PERIOD, SEED, AS_OF], coreOut);
  row.core = { wall: core.wall, cpu: core.cpu, rssMB: core.rssMB, code: core.code, detail: core.code === 0 ? JSON.parse(readFileSync(coreOut, 'utf8')) : null };
  if (core.code !== 0) console.error(core.stderr.slice(0, 2000));
  else console.error(core.stderr);

  // Load phases, and csv-parse for comparison when asked (it alone takes ~14 s at 1M).
  const phOut = path.join(OUT, `phases-${n}.json`);
  const ph = timed(process.execPath, [path.join(ROOT, 'bench', 'phases.mjs'), files.employers], phOut);
  row.phases = ph.code === 0 ? JSON.parse(readFileSync(phOut, 'utf8')) : null;
  console.error(ph.stderr);
  if (flag('--csv-parse')) {
    const cpOut = path.join(OUT, `csv-parse-${n}.json`);
    const cp = timed(process.execPath, [path.join(ROOT, 'bench', 'phases.mjs'), files.employers, '--csv-parse'], cpOut);
    row.csvParse = cp.code === 0 ? { ...JSON.parse(readFileSync(cpOut, 'utf8')), wall: cp.wall, rssMB: cp.rssMB } : null;
    console.error(cp.stderr);
  }

  // What a streaming pass would cost (a prototype, not the draw): bounded memory, same tickets.
  const spOut = path.join(OUT, `stream-${n}.json`);
  const sp = timed(process.execPath, [path.join(ROOT, 'bench', 'stream-proto.mjs'), files.employers], spOut);
  row.stream = { wall: sp.wall, cpu: sp.cpu, rssMB: sp.rssMB, detail: sp.code === 0 ? JSON.parse(readFileSync(spOut, 'utf8')) : null };
  console.error(`  streaming prototype: ${sp.wall} s, ${sp.rssMB} MB`);
  results.push(row);
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() ? ' (uncommitted changes)' : '';
const machine = {
  date: new Date().toISOString(),
  commit: commit + dirty,
  nproc: os.cpus().length,
  cpu: (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model,
  memGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  mlr: spawnSync('mlr', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  repeat,
};
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ machine, results }, null, 2));

const lines = [];
lines.push(`Machine: ${machine.nproc} × ${machine.cpu}, ${machine.memGB} GB RAM, Node ${machine.node}, ${machine.mlr}; ${machine.date}; commit ${machine.commit}; median of ${repeat} runs.`);
lines.push('');
lines.push('| N | file | run | wall (s) | CPU user+sys (s) | peak RSS (MB) | notes |');
lines.push('|---:|---:|---|---:|---:|---:|---|');
for (const r of results) {
  lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | \`mlr --icsv --ocsv sample -k ${r.k}\` | ${r.mlr.wall.toFixed(2)} | ${r.mlr.cpu.toFixed(2)} | ${r.mlr.rssMB} | peer |`);
  if (r.draw) {
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | \`shuangsui draw --dry-run --json\`, roster ${r.roster} | ${r.draw.wall.toFixed(2)} | ${r.draw.cpu.toFixed(2)} | ${r.draw.rssMB} | exit ${r.draw.code}${typeof r.drawJson?.drawn === 'number' ? `, ${r.drawJson.drawn} drawn in ${r.drawJson.counts?.length ?? '?'} strata` : ''}; ${(r.draw.wall / r.mlr.wall).toFixed(2)}× Miller's time |`);
    if (r.drawAlt) lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | same, roster ${r.drawAlt.roster}, 1 run | ${r.drawAlt.wall.toFixed(2)} | ${r.drawAlt.cpu.toFixed(2)} | ${r.drawAlt.rssMB} | exit ${r.drawAlt.code}; ${(r.drawAlt.wall / r.mlr.wall).toFixed(2)}× Miller's time |`);
  } else {
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | \`shuangsui draw\` | – | – | – | command not built in this tree |`);
  }
  if (r.core.detail) {
    const d = r.core.detail;
    const ph = d.phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)} s`).join('; ');
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | core in-process (bench/core.mjs), 1 run | ${r.core.wall.toFixed(2)} | ${r.core.cpu.toFixed(2)} | ${r.core.rssMB} | ${ph}; ${d.drawn} assignments |`);
  }
  if (r.stream?.detail) {
    const d = r.stream.detail;
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | streaming prototype (bench/stream-proto.mjs), 1 run | ${r.stream.wall.toFixed(2)} | ${r.stream.cpu.toFixed(2)} | ${r.stream.rssMB} | not the draw: scan+validate+tickets ${(d.scanValidateTicketsMs / 1000).toFixed(2)} s, select ${(d.selectMs / 1000).toFixed(2)} s, ${d.winners} drawn |`);
  }
  if (r.phases) {
    const ph = r.phases.phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)} s`).join('; ');
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | load phases (bench/phases.mjs), 1 run | – | – | – | ${ph} |`);
  }
  if (r.csvParse) {
    const p = r.csvParse.phases.find((x) => x.name === 'parse: csv-parse');
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.sizeMB} MB | read + decode + csv-parse (the old parseTable parser), 1 run | ${r.csvParse.wall.toFixed(2)} | – | ${r.csvParse.rssMB} | csv-parse alone ${(p.ms / 1000).toFixed(2)} s |`);
  }
}
const table = lines.join('\n');
writeFileSync(path.join(OUT, 'table.md'), table + '\n');
console.log(table);
