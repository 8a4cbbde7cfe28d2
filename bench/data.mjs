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

// ---------------------------------------------------------------------------------------------
// Decisions for `check deadlines` and cases for `penalty --batch` (seedrandom: bench data only).

const DECISION_HEADER = ['案号', '决定类型', '决定日期', '公示日期', '撤销日期', '撤下日期'];
const KIND_MIX = [['行政处罚', 0.45], ['行政处理', 0.3], ['行政许可', 0.1], ['行政检查', 0.08], ['行政强制', 0.04], ['其他', 0.03]];
const PREFIX = { 行政处罚: '省人社监罚', 行政处理: '省人社监处', 行政许可: '省人社许', 行政检查: '省人社检', 行政强制: '省人社强', 其他: '省人社其' };
export const DECISIONS_AS_OF = '2026-11-21';
const DAY = 86_400_000;
const dayNo = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const isoOf = (n) => new Date(n * DAY).toISOString().slice(0, 10);

async function writeChunked(file, header, rows) {
  const { formatCsv } = await dist('io/csv.js');
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  const prefix = formatCsv(header, []).length;
  let chunk = [];
  let first = true;
  const flush = () => {
    const buf = formatCsv(header, chunk);
    writeSync(fd, first ? buf : buf.subarray(prefix));
    first = false;
    chunk = [];
  };
  for (const r of rows) {
    chunk.push(r);
    if (chunk.length === 20_000) flush();
  }
  if (chunk.length || first) flush();
  closeSync(fd);
  renameSync(tmp, file);
}

/**
 * N decisions of a province, decided 2020-01-02..2026-11-10 (so every deadline falls in the
 * shipped calendar), in random order: mostly published on time, some late, some not yet, ~5 %
 * revoked (withdrawn in time, late, or not at all). Case numbers are unique.
 */
export async function benchDecisions(n) {
  const { default: seedrandom } = await import('seedrandom');
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `decisions-${n}-${DATA_VERSION}.csv`);
  if (existsSync(file)) return file;
  const rng = seedrandom(`${SEED}:decisions:${n}`);
  const lo = dayNo('2020-01-02');
  const hi = dayNo('2026-11-10');
  const asOf = dayNo(DECISIONS_AS_OF);
  const cap = (d) => isoOf(Math.min(d, asOf));
  function* rows() {
    for (let i = 0; i < n; i++) {
      let u = rng();
      let kind = KIND_MIX[0][0];
      for (const [k, p] of KIND_MIX) if ((u -= p) < 0) { kind = k; break; } else kind = k;
      const decided = lo + Math.floor(rng() * (hi - lo + 1));
      const year = isoOf(decided).slice(0, 4);
      const r = rng();
      let published = '';
      let revoked = '';
      let withdrawn = '';
      if (r < 0.72) published = cap(decided + Math.floor(rng() * 12));
      else if (r < 0.85) published = cap(decided + 10 + Math.floor(rng() * 40));
      else if (r < 0.95) published = '';
      else {
        published = cap(decided + Math.floor(rng() * 10));
        const rv = Math.min(asOf, dayNo(published) + 5 + Math.floor(rng() * 200));
        revoked = isoOf(rv);
        const w = rng();
        if (w < 0.6) withdrawn = cap(rv + Math.floor(rng() * 4));
        else if (w < 0.8) withdrawn = cap(rv + 4 + Math.floor(rng() * 20));
      }
      // a shuffled-looking number so the file is not already in 案号 order
      yield [`${PREFIX[kind]}〔${year}〕${(i * 7919) % n + 1}号`, kind, isoOf(decided), published, revoked, withdrawn];
    }
  }
  const started = performance.now();
  await writeChunked(file, DECISION_HEADER, rows());
  console.error(`generated ${n} decisions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

const CASE_HEADER = ['案件编号', '规则编号', '当事人类型', '受侵害的劳动者人数', '应付未付工资数额', '涉及劳动者人数', '经责令限期支付逾期未支付', '欠缴社会保险费数额', '应缴日期', '实际缴纳日期', '经责令限期缴纳逾期仍不缴纳', 'decision_date'];

/** N penalty cases over the demo's three rules (the columns of fixtures/penalty-cases.csv); ~2 % lack a required fact. */
export async function benchPenaltyCases(n) {
  const { default: seedrandom } = await import('seedrandom');
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `penalty-cases-${n}-${DATA_VERSION}.csv`);
  if (existsSync(file)) return file;
  const rng = seedrandom(`${SEED}:penalty:${n}`);
  const int = (a, b) => a + Math.floor(rng() * (b - a + 1));
  const date = (from, to) => isoOf(int(dayNo(from), dayNo(to)));
  function* rows() {
    for (let i = 0; i < n; i++) {
      const party = rng() < 0.8 ? '单位' : '个人';
      const decision = date('2025-01-01', '2026-11-20');
      const broken = rng() < 0.02;
      const pick = rng();
      if (pick < 0.4) yield [`基准-${i + 1}`, 'overtime', party, broken ? '' : String(int(1, 300)), '', '', '', '', '', '', '', decision];
      else if (pick < 0.75) yield [`基准-${i + 1}`, 'wage-arrears', party, '', broken ? '' : String(int(500, 2_000_000)), String(int(1, 200)), rng() < 0.5 ? '是' : '否', '', '', '', '', decision];
      else {
        const due = date('2024-01-15', '2025-12-15');
        yield [`基准-${i + 1}`, 'si-contribution', party, '', '', '', '', broken ? '' : String(int(1000, 5_000_000)), due, isoOf(dayNo(due) + int(1, 300)), rng() < 0.3 ? '是' : '否', decision];
      }
    }
  }
  const started = performance.now();
  await writeChunked(file, CASE_HEADER, rows());
  console.error(`generated ${n} penalty cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
