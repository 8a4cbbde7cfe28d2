// Every benchmark of issue 14 in one run, each command against its Miller peer on the same file,
// alternating A B A B and reporting medians; writes bench/RESULTS.md (the earlier results stay
// below, marked old) and bench/out/run.json.
//   npm run build && node bench/run.mjs [--repeat R] [--repeat-large R1M] [--only draw,check,penalty] [--sizes 100000,1000000]
//     [--draw-sizes 100000,1000000,10000000] [--peer-10m] [--record]
// The draw also runs at 10,000,000 employers (a 1.2 GB file, generated once, streamed to disk): ours
// once, and Miller only with --peer-10m (its sample holds the records it reads: ~16 GB at 10M).
// With --only (e.g. `--only penalty` to run one pair alone) the table goes to stdout and
// bench/out/run-table.md but bench/RESULTS.md is left as it is (add --record to write it anyway):
// a partial run must not push the other jobs' latest figures down among the old ones.
// Inputs are generated with seedrandom into bench/data/ (gitignored). Needs /usr/bin/time (Debian
// package `time`) and `mlr` (package `miller`). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, benchInputs, benchDecisions, benchPenaltyCases, DECISIONS_AS_OF } from './data.mjs';
import { requireBenchTools, timed as timedIn } from './timing.mjs';

const args = process.argv.slice(2);
const option = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const repeat = Number(option('--repeat', '3'));
// on a loaded shared machine a 1M pair can take minutes: fewer rounds there when asked
const repeatLarge = Number(option('--repeat-large', String(repeat)));
const rounds = (n) => (n >= 1_000_000 ? repeatLarge : repeat);
const only = new Set(option('--only', 'check,penalty,draw').split(','));
const record = !args.includes('--only') || args.includes('--record') || args.includes('--write-results');
const sizes = option('--sizes', '100000,1000000').split(',').map(Number);
const drawSizes = option('--draw-sizes', [...sizes, 10_000_000].join(',')).split(',').map(Number);
const peerLarge = args.includes('--peer-10m');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'bin', 'shuangsui.js');
mkdirSync(OUT, { recursive: true });

requireBenchTools(path.join(ROOT, 'dist', 'bundle', 'main.js'));

const timed = (cmd, argv, stdoutFile) => timedIn(path.join(OUT, '.time'), cmd, argv, stdoutFile);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(1);

/** A and B alternately, `repeat` times each; medians of wall, CPU and peak RSS. */
function pair(label, a, b, times = repeat) {
  const runs = { a: [], b: [] };
  for (let i = 0; i < times; i++) {
    for (const [k, fn] of [['a', a], ['b', b]]) {
      const r = { ...fn(), load: load() };
      runs[k].push(r);
      console.error(`  ${label} ${k === 'a' ? 'peer' : 'ours'} run ${i + 1}: ${r.wall.toFixed(2)} s wall, ${r.cpu} s CPU, ${r.rssMB} MB, exit ${r.code}, load ${load()}`);
      if (r.code !== 0 && r.code !== 1) console.error(r.stderr.slice(0, 2000));
    }
  }
  const sum = (rs) => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMB: median(rs.map((r) => r.rssMB)), code: rs.at(-1).code, walls: rs.map((r) => r.wall), cpus: rs.map((r) => r.cpu), loads: rs.map((r) => r.load) });
  return { peer: sum(runs.a), ours: sum(runs.b) };
}

const results = [];
const mb = (f) => Math.round(statSync(f).size / 1048576);

if (only.has('check')) {
  for (const n of sizes) {
    console.error(`check deadlines, ${n} decisions`);
    const file = await benchDecisions(n);
    const out = path.join(OUT, `deadlines-${n}.csv`);
    const r = pair(`deadlines ${n}`,
      () => timed('mlr', ['--icsv', '--ocsv', 'sort', '-f', '案号', file]),
      () => timed(process.execPath, [BIN, 'check', 'deadlines', '--decisions', file, '--as-of', DECISIONS_AS_OF, '--out', out, '--force']), rounds(n));
    results.push({ job: 'check deadlines', n, unit: 'decisions', sizeMB: mb(file), peerCmd: 'mlr --icsv --ocsv sort -f 案号', ourCmd: `shuangsui check deadlines --as-of ${DECISIONS_AS_OF} --out FILE (table on stdout)`, ...r });
  }
  // the monthly cron job over the same decisions: the deadlines check of `check all`, its report on stdout and in a file
  const n = Math.max(...sizes);
  console.error(`check all (deadlines), ${n} decisions`);
  const file = await benchDecisions(n);
  const config = path.join(OUT, `compliance-${n}.yaml`);
  writeFileSync(config, `as_of: ${DECISIONS_AS_OF}\nwarn_days: 5\ncalendar:\n  region: null\n  files: []\nchecks:\n  deadlines:\n    decisions: ${JSON.stringify(file)}\n`);
  const report = path.join(OUT, `report-${n}.md`);
  const r = pair(`check all ${n}`,
    () => timed('mlr', ['--icsv', '--ocsv', 'sort', '-f', '案号', file]),
    () => timed(process.execPath, [BIN, 'check', 'all', '--config', config, '--out', report]), rounds(n));
  results.push({ job: 'check all (deadlines)', n, unit: 'decisions', sizeMB: mb(file), peerCmd: 'mlr --icsv --ocsv sort -f 案号', ourCmd: 'shuangsui check all --config FILE --out FILE (report on stdout)', ...r });
}

if (only.has('penalty')) {
  const n = 100_000;
  console.error(`penalty --batch, ${n} cases`);
  const file = await benchPenaltyCases(n);
  const out = path.join(OUT, `penalty-${n}.csv`);
  const r = pair(`penalty ${n}`,
    () => timed('mlr', ['--icsv', '--ocsv', 'cat', file]),
    () => timed(process.execPath, [BIN, 'penalty', '--batch', file, '--out', out, '--force']));
  results.push({ job: 'penalty --batch', n, unit: 'cases', sizeMB: mb(file), peerCmd: 'mlr --icsv --ocsv cat', ourCmd: 'shuangsui penalty --batch FILE --out FILE', ...r });
}

if (only.has('draw')) {
  for (const n of drawSizes) {
    console.error(`draw, ${n} employers`);
    // a province's roster: 5,000 inspectors at 10M as at 1M (N/200 would be 50,000)
    const roster = n >= 10_000_000 ? 5000 : Math.max(32, Math.round(n / 200));
    const files = await benchInputs(n, roster);
    const k = Math.round(n * 0.05);
    const argv = [BIN, 'draw', '--employers', files.employers, '--inspectors', files.inspectors, '--plan', files.plan, '--period', '2026H1', '--seed', 'bench-2026H1', '--as-of', '2026-01-05', '--dry-run', '--json'];
    const peer = () => timed('mlr', ['--icsv', '--ocsv', 'sample', '-k', String(k), files.employers]);
    const ours = () => timed(process.execPath, argv, path.join(OUT, `draw-${n}.json`));
    const row = { job: 'draw --dry-run --json', n, unit: 'employers', sizeMB: mb(files.employers), peerCmd: `mlr --icsv --ocsv sample -k ${k}`, ourCmd: `shuangsui draw --dry-run --json, roster ${roster}` };
    if (n >= 10_000_000 && !peerLarge) {
      // ours alone, once: the point at this size is that it completes in memory that does not grow
      const r = ours();
      console.error(`  draw ${n} ours: ${r.wall.toFixed(2)} s wall, ${r.cpu} s CPU, ${r.rssMB} MB, exit ${r.code}, load ${load()}`);
      if (r.code !== 0) console.error(r.stderr.slice(0, 2000));
      results.push({ ...row, peer: null, ours: { wall: r.wall, cpu: r.cpu, rssMB: r.rssMB, code: r.code, walls: [r.wall], cpus: [r.cpu], loads: [load()] } });
      continue;
    }
    results.push({ ...row, ...pair(`draw ${n}`, peer, ours, rounds(n)) });
  }
}

const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const machine = {
  date: new Date().toISOString(),
  // BENCH_COMMIT: when the run is made from a copy of the built tree, outside the repository
  commit: process.env.BENCH_COMMIT ?? git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' (uncommitted changes)' : ''),
  nproc: os.cpus().length,
  cpu: (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model,
  memGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  mlr: spawnSync('mlr', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  repeat,
  repeatLarge,
  loadAtEnd: load(),
};
writeFileSync(path.join(OUT, 'run.json'), JSON.stringify({ machine, results }, null, 2));

const f2 = (x) => x.toFixed(2);
const lines = [
  `Machine: ${machine.nproc} × ${machine.cpu}, ${machine.memGB} GB RAM, Node ${machine.node}, ${machine.mlr}; ${machine.date}; commit ${machine.commit};`,
  `each pair alternated peer, ours, peer, ours… ${repeat} times (${repeatLarge} at 1M), medians; load average at the end ${machine.loadAtEnd}.`,
  '',
  '| job | N | file | command | wall (s) | CPU user+sys (s) | peak RSS (MB) | wall ratio | CPU ratio | notes |',
  '|---|---:|---:|---|---:|---:|---:|---:|---:|---|',
];
for (const r of results) {
  const row = (who, cmd, s, ratio) =>
    `| ${r.job} | ${r.n.toLocaleString('en')} ${r.unit} | ${r.sizeMB} MB | \`${cmd}\` | ${f2(s.wall)} | ${f2(s.cpu)} | ${s.rssMB} | ${ratio && r.peer ? `${f2(r.ours.wall / r.peer.wall)}×` : ratio ? '–' : '1×'} | ${ratio && r.peer ? `${f2(r.ours.cpu / r.peer.cpu)}×` : ratio ? '–' : '1×'} | ${who}; exit ${s.code}; walls ${s.walls.map(f2).join(', ')}; CPU ${s.cpus.map(f2).join(', ')}; load ${s.loads.join(', ')} |`;
  if (r.peer) lines.push(row('peer', r.peerCmd, r.peer, false));
  else lines.push(`| ${r.job} | ${r.n.toLocaleString('en')} ${r.unit} | ${r.sizeMB} MB | \`${r.peerCmd}\` | – | – | – | – | – | peer not run at this size (--peer-10m runs it) |`);
  lines.push(row('ours', r.ourCmd, r.ours, true));
}
const table = lines.join('\n');
writeFileSync(path.join(OUT, 'run-table.md'), table + '\n');
console.log(table);

if (!record) {
  console.error('partial run (--only): bench/RESULTS.md left as it is; the table is in bench/out/run-table.md');
  process.exit(0);
}

// bench/RESULTS.md: this run on top; what was there before stays, below the marker, marked old.
const MARK = '<!-- older results below: kept as they were, marked old -->';
const resultsFile = path.join(ROOT, 'bench', 'RESULTS.md');
const before = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const demote = (text) => text.replace(/^(#+) /gm, '#$1 ');
const OLD_TITLE = '# Old results\n\n';
let oldPart;
if (before.includes(MARK)) {
  const [current, older] = before.split(MARK);
  const run = current.slice(current.indexOf('## Run ')).trim();
  oldPart = `${demote(run.replace(/^## Run /, '# Old: run '))}\n\n${older.trim().replace(OLD_TITLE.trim(), '').trim()}`;
} else {
  oldPart = `## Old: results of bench/draw.mjs, before bench/run.mjs\n\n${demote(demote(before)).trim()}`;
}
const head = `# Benchmarks: shuangsui against Miller\n\nWritten by \`node bench/run.mjs\` (see the top of that file). Figures from a shared 2-core machine:\ncompare CPU seconds and the ratios within one run rather than wall times across runs.\n\n## Run ${machine.date} (commit ${machine.commit})\n\n${table}\n`;
writeFileSync(resultsFile, `${head}\n${MARK}\n\n${OLD_TITLE}${oldPart.trim()}\n`);
console.error(`wrote ${path.relative(ROOT, resultsFile)}`);
