#!/usr/bin/env node
// Writes fixtures/ledger-demo.jsonl: the draw ledger `check all --demo` reads. It runs the real
// draw core on the demo plan, employers and roster for 2026H1 and 2026H2, so the counts and
// the drawn USCCs are what a draw would record, and chains the lines as the draw CLI does.
// Run after `npm run build`: node scripts/gen-check-demo-ledger.js [OUT] (default fixtures/ledger-demo.jsonl)
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parsePlan, parsePeriod, draw } = await import(path.join(root, 'dist/core/draw/index.js'));
const { loadEmployers, loadInspectors } = await import(path.join(root, 'dist/io/tables.js'));
const { loadYamlFile } = await import(path.join(root, 'dist/io/yaml.js'));
// The ledger's own serialiser and chaining, so these lines are byte for byte what `draw` writes.
const { GENESIS_HASH, nextEntry, serialiseEntry, lineHash } = await import(path.join(root, 'dist/core/ledger.js'));
const { countsForRecord } = await import(path.join(root, 'dist/io/manifest.js'));

const fx = (f) => path.join(root, 'fixtures', f);
const src = await loadYamlFile(fx('plan.yaml'));
const { planWords } = await import(path.join(root, 'dist/i18n/draw-faults.js'));
const plan = parsePlan(src.data, src.problem, planWords);
const employers = (await loadEmployers(fx('employers.csv'))).records;
const inspectors = (await loadInspectors(fx('inspectors.csv'))).records;

const sha = (s) => createHash('sha256').update(s).digest('hex');
let head = { nextSeq: 1, headHash: GENESIS_HASH };
const lines = [];
const already = new Set();
for (const [label, asOf, created] of [
  ['2026H1', '2026-03-16', '2026-03-16T02:30:00.000Z'],
  ['2026H2', '2026-09-14', '2026-09-14T02:30:00.000Z'],
]) {
  const seed = sha(`demo-seed-${label}`);
  // the demo ledger shows draws made before v2 existed: pinned to v1 so its bytes never change
  const result = draw({ plan, period: parsePeriod(label, plan), seed, asOf, employers, inspectors, alreadyDrawn: already, algorithm: 'shuangsui-draw/1' });
  const drawn = result.assignments.filter((a) => a.method === 'random').map((a) => a.employer.uscc);
  const full = result.assignments.filter((a) => a.method === 'full_coverage').map((a) => a.employer.uscc);
  for (const u of drawn) already.add(u);
  // and written before ledger lines carried `format`: the entry is kept in that earlier (still valid) layout
  const { format: _format, ...entry } = nextEntry(head, {
    plan_id: plan.id,
    plan_year: plan.year,
    period: label,
    seed,
    algorithm: result.algorithm,
    manifest_sha256: sha(`demo-manifest-${label}`),
    out_dir: `draws/${label}`,
    created_at: created,
    redraw: false,
    reason: null,
    counts: countsForRecord(result.counts),
    drawn: [...new Set(drawn)].sort(),
    full_coverage: [...new Set(full)].sort(),
  });
  const text = serialiseEntry(entry);
  head = { nextSeq: head.nextSeq + 1, headHash: lineHash(Buffer.from(text, 'utf8')) };
  lines.push(text + '\n');
}
const out = process.argv[2] ?? fx('ledger-demo.jsonl');
writeFileSync(out, lines.join(''));
console.log(`${out}: ${lines.length} draws`);
