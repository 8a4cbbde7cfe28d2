// Seeded benchmark inputs in bench/data/ (gitignored): a directory of N employers over 12 regions,
// a roster of N/200 inspectors and a plan of 10 % a year in 2 periods, 12 strata, risk weights.
// Everything goes through the project's own generator and formatCsv, so the files are what an
// office's export would look like (UTF-8 with BOM, CRLF) and are identical on every machine.
import { existsSync, mkdirSync, openSync, writeSync, writeFileSync, closeSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DATA = path.join(ROOT, 'bench', 'data');
export const SEED = 'shuangsui-bench-1';
/** bump when the generator changes, so stale cached inputs are not reused */
const DATA_VERSION = 'v1';

const dist = (p) => import(path.join(ROOT, 'dist', p));

export async function benchInputs(n, roster = Math.max(32, Math.round(n / 200))) {
  const { generateEmployers, generateInspectors, employerRow, inspectorRow, EMPLOYER_HEADER, INSPECTOR_HEADER, BENCH_REGIONS } =
    await dist('demo/synthetic.js');
  const { formatCsv } = await dist('io/csv.js');
  mkdirSync(DATA, { recursive: true });
  const tag = `${n}-${DATA_VERSION}`;
  const files = {
    employers: path.join(DATA, `employers-${tag}.csv`),
    inspectors: path.join(DATA, `inspectors-${roster}-${DATA_VERSION}.csv`),
    plan: path.join(DATA, `plan-${tag}.yaml`),
  };
  if (!existsSync(files.employers)) {
    const started = performance.now();
    const tmp = `${files.employers}.tmp`;
    const fd = openSync(tmp, 'w');
    const prefix = formatCsv([...EMPLOYER_HEADER], []).length; // BOM + header line
    let chunk = [];
    let first = true;
    const flush = () => {
      const buf = formatCsv([...EMPLOYER_HEADER], chunk);
      writeSync(fd, first ? buf : buf.subarray(prefix));
      // csv-stringify ends every record with the delimiter, so chunks join cleanly
      first = false;
      chunk = [];
    };
    for (const e of generateEmployers({ seed: SEED, count: n, regions: BENCH_REGIONS, blanks: false })) {
      chunk.push(employerRow(e));
      if (chunk.length === 20_000) flush();
    }
    if (chunk.length || first) flush();
    closeSync(fd);
    renameSync(tmp, files.employers);
    console.error(`generated ${n} employers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(files.inspectors)) {
    // Recusals point at real employers of the directory: its first 重点监管 units.
    const recusalPool = [];
    for (const e of generateEmployers({ seed: SEED, count: Math.min(n, 20_000), regions: BENCH_REGIONS, blanks: false })) if (e.key) recusalPool.push(e.uscc);
    const inspectors = generateInspectors({ seed: SEED, count: roster, recusalPool, regions: BENCH_REGIONS, asOf: '2026-01-05' });
    writeFileSync(files.inspectors, formatCsv([...INSPECTOR_HEADER], inspectors.map(inspectorRow)));
  }
  if (!existsSync(files.plan)) {
    writeFileSync(files.plan, PLAN);
  }
  return files;
}

// 10 % a year in two periods (5 % per period), stratified by the 12 regions, with risk weights.
// No full coverage, no targeted tasks: the benchmark measures the directory-sized part of a draw.
const PLAN = `# 基准测试计划（自动生成）
id: bench
office: 清河县人力资源和社会保障局
year: 2026
frequency: 2
items:
  - id: contract
    name: 劳动合同订立和履行情况
    basis: 《中华人民共和国劳动合同法》
    specialty: 劳动合同
tasks:
  - id: general
    name: 用人单位劳动用工不定向抽查
    mode: untargeted
    items: [contract]
    size: { ratio_per_year: 0.10 }
    stratify_by: [region]
    weights:
      complaints: { min: 2, factor: 2 }
      abnormal: 1.5
      serious_violation: 3
exclusions:
  inspected_within_days: 180
allow_repeat_within_year: false
team:
  size: 2
`;
