// Writes the regression fixture of `penalty --batch` (test/unit/penalty-batch-diff.test.ts):
// a seeded batch of cases over every built-in rule, with valid, malformed and hostile cells, and
// the bytes the command wrote for it, in Chinese and in English, with a fixed "today".
//   npm run build && node scripts/gen-penalty-batch-fixture.js [--cases-only | --expected-only]
// The expected outputs are a record of behaviour: regenerate them only for a deliberate change of
// the outputs, and say so in the commit. --cases-only rewrites the input alone; --expected-only keeps
// the recorded input (a change to a rule's facts would otherwise reshuffle every seeded case) and
// rewrites only what the command writes for it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import seedrandom from 'seedrandom';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'penalty-batch');
export const NOW = new Date('2026-11-30T04:00:00Z');
const N = 3000;

const { requireRuleSet } = await import(path.join(ROOT, 'dist', 'io', 'rules.js'));
const { COMMON_FACTS } = await import(path.join(ROOT, 'dist', 'core', 'penalty', 'facts.js'));
const { formatCsv } = await import(path.join(ROOT, 'dist', 'io', 'csv.js'));

const rng = seedrandom('shuangsui-penalty-batch-fixture-1');
const int = (a, b) => a + Math.floor(rng() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const chance = (p) => rng() < p;
const pad = (n) => String(n).padStart(2, '0');

/** a day in [from, from + days], in one of the forms offices type, now and then not a date */
function date(from = 2015, days = 4350) {
  const d = new Date(Date.UTC(from, 0, 1) + int(0, days) * 86_400_000);
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  if (chance(0.02)) return pick([`${y}-02-30`, `${y}-13-01`, 'yesterday']);
  return pick([`${y}-${pad(m)}-${pad(dd)}`, `${y}-${pad(m)}-${pad(dd)}`, `${y}/${m}/${dd}`, `${y}年${m}月${dd}日`, `${y}${pad(m)}${pad(dd)}`]);
}

function value(spec) {
  switch (spec.type) {
    case 'integer':
      if (chance(0.02)) return pick(['many', '-3', '1.5']);
      if (chance(0.05)) return '1,234';
      return String(int(0, 400));
    case 'money': {
      if (chance(0.02)) return pick(['abc', '1.234', '1,00']);
      const yuan = int(0, 5_000_000);
      return pick([String(yuan), yuan.toLocaleString('en'), `${(yuan / 10000).toFixed(2)}万`, `￥${yuan}元`, `${yuan}.5`, `${int(0, 999)}`]);
    }
    case 'boolean':
      return chance(0.02) ? '也许' : pick(['是', '否', 'true', 'false', '1', '0', 'y', 'n', '√', '×']);
    case 'date':
      return date();
    case 'enum':
      return chance(0.03) ? 'xx' : pick(spec.values.flatMap((v) => [v.key, v.label]));
  }
  return '';
}

const HOSTILE = ['=SUM(A1:A9)', '+1', '-1', '@cmd', '"quoted", comma', ' lead', 'trail ', 'two\nlines', 'cr\rhere', '\t tab', '全角　', 'a;b', "'apostrophe"];

export function cases() {
  const set = ruleSetSync;
  const specs = new Map();
  const labelsOf = new Map();
  const names = new Map();
  for (const r of set.rules)
    for (const f of [...r.facts, ...COMMON_FACTS]) {
      if (!specs.has(f.name)) specs.set(f.name, f);
      labelsOf.set(f.name, (labelsOf.get(f.name) ?? new Set()).add(f.label));
      names.set(f.label, (names.get(f.label) ?? new Set()).add(f.name));
    }
  // each fact once, by its name or, where every rule calls it the same, by its label (offices write either)
  const byLabel = (f) => labelsOf.get(f.name).size === 1 && names.get(f.label).size === 1;
  const factCols = [...specs.values()].map((f) => ({ f, head: byLabel(f) && chance(0.5) ? f.label : f.name }));
  const header = ['案件编号', '规则编号', '当事人类型', ...factCols.map((c) => c.head), '备注'];
  const rows = [];
  for (let i = 0; i < N; i++) {
    const rule = pick(set.rules);
    const id = chance(0.02) ? pick(['overtme', 'nope', '']) : chance(0.02) ? ` ${rule.id} ` : rule.id;
    const party = chance(0.01) ? 'company' : pick(['', '单位', '单位', '个人', 'org', 'individual']);
    const own = new Set(rule.facts.map((f) => f.name));
    const cells = factCols.map(({ f }) => {
      if (own.has(f.name)) return f.required ? (chance(0.97) ? value(f) : '') : chance(0.5) ? value(f) : '';
      if (f.name === 'decision_date') return chance(0.9) ? date(2023, 1420) : '';
      // mostly before the decision (a date after it is the case's error)
      const common = COMMON_FACTS.some((c) => c.name === f.name);
      if (common && f.type === 'date') return chance(0.15) ? (chance(0.9) ? date(2015, 2900) : date()) : '';
      if (common) return chance(0.2) ? value(f) : '';
      // another rule's fact: an unknown fact for this rule
      return chance(0.003) ? value(f) : '';
    });
    rows.push([chance(0.05) ? pick(HOSTILE) : `案-${i + 1}`, id, party, ...cells, chance(0.1) ? pick(HOSTILE) : '']);
  }
  return formatCsv(header, rows);
}

const ruleSetSync = await requireRuleSet(undefined);

/** The command in this process, as the test runs it. */
export async function runBatch(main, input, out, lang) {
  let text = '';
  const sink = new Writable({ write(c, _e, cb) { text += String(c); cb(); } });
  const code = await main(['node', 'shuangsui', 'penalty', '--batch', input, '--out', out, '--force', '--lang', lang], {
    stdout: sink,
    stderr: sink,
    stdinIsTTY: false,
    env: { NO_COLOR: '1', LANG: 'zh_CN.UTF-8' },
    now: NOW,
  });
  return { code, text };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const input = path.join(FIXTURE_DIR, 'cases.csv');
  if (!process.argv.includes('--expected-only')) writeFileSync(`${input}.gz`, gzipSync(cases(), { level: 9 }));
  if (!process.argv.includes('--cases-only')) {
    const { main } = await import(path.join(ROOT, 'dist', 'main.js'));
    const tmp = path.join(ROOT, 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(path.join(tmp, 'penalty-batch-cases.csv'), gunzipSync(readFileSync(`${input}.gz`)));
    for (const lang of ['zh', 'en']) {
      const out = path.join(tmp, `penalty-batch-${lang}.csv`);
      const r = await runBatch(main, path.join(tmp, 'penalty-batch-cases.csv'), out, lang);
      console.error(`${lang}: exit ${r.code}; ${r.text.trim()}`);
      writeFileSync(path.join(FIXTURE_DIR, `expected-${lang}.csv.gz`), gzipSync(readFileSync(out), { level: 9 }));
      writeFileSync(path.join(FIXTURE_DIR, `expected-${lang}.txt`), `exit ${r.code}\n${r.text.split(out).join('OUT')}`);
    }
  }
}
