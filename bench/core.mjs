// The draw without the command around it, phase by phase, in one process: load the directory,
// load the roster, read the plan, draw. What draw.mjs uses to say where the time goes (and what it
// falls back to if the `draw` command is not built).
//   node bench/core.mjs EMPLOYERS INSPECTORS PLAN PERIOD SEED AS_OF
// Prints one JSON object on stdout; progress on stderr.
import path from 'node:path';
import { ROOT } from './data.mjs';

const dist = (p) => import(path.join(ROOT, 'dist', p));
const [employersFile, inspectorsFile, planFile, periodLabel, seed, asOf] = process.argv.slice(2);
const { loadEmployers, loadInspectors } = await dist('io/tables.js');
const { loadYamlFile } = await dist('io/yaml.js');
const { parsePeriod, draw } = await dist('core/draw/index.js');
const { planFrom } = await dist('io/plan.js');
// SHUANGSUI_ALGORITHM=shuangsui-draw/1 measures the old version side by side (default: the newest)
const algorithm = process.env.SHUANGSUI_ALGORITHM || undefined;

const mb = (x) => Math.round(x / 1048576);
const out = { phases: [] };
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
async function phase(name, fn) {
  const t = performance.now();
  const r = await fn();
  const ms = performance.now() - t;
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  out.phases.push({ name, ms: Math.round(ms), rssMB: mb(rss) });
  console.error(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   rss ${mb(rss)} MB`);
  return r;
}

const employers = await phase('load directory (read+decode+parse+validate)', () => loadEmployers(employersFile));
const inspectors = await phase('load roster', () => loadInspectors(inspectorsFile));
const plan = await phase('plan + period', async () => {
  const src = await loadYamlFile(planFile);
  return planFrom(src);
});
const period = parsePeriod(periodLabel, plan);
const result = await phase('draw (tickets, selection, teams)', () =>
  draw({ plan, period, seed, asOf, employers: employers.records, inspectors: inspectors.records, alreadyDrawn: new Set(), algorithm }),
);
clearInterval(sampler);
out.employers = employers.records.length;
out.inspectors = inspectors.records.length;
out.drawn = result.assignments.length;
out.peakRssMB = mb(peakRss);
console.log(JSON.stringify(out));
