import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lineHash, serialiseEntry, type LedgerEntry } from '../../src/core/ledger.js';
import { ROOT, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, employersCsv, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * What a draw folder is and what verify covers: archived inputs (property 5), every manifest field
 * (property 6), canonical ledger lines and no silent second draw of a period, no empty official
 * draw (property 7), and the folders made before any of this (test/fixtures/v1-draw, committed
 * bytes made by the code of that time) still verifying.
 */

const V1 = path.join(ROOT, 'test', 'fixtures', 'v1-draw');

function copyV1(): string {
  const dir = tempDir('shuangsui-v1-');
  cpSync(V1, dir, { recursive: true });
  return dir;
}

let office: DrawFiles;
let out: string;

const rel = (f: DrawFiles): DrawFiles => ({ ...f, employers: 'employers.csv', inspectors: 'inspectors.csv', plan: 'plan.yaml' });

/** A copy of the office with its one draw, for a test that tampers. */
function copyOffice(): { dir: string; out: string; ledger: string } {
  const dir = tempDir('shuangsui-record-');
  cpSync(office.dir, dir, { recursive: true });
  return { dir, out: path.join(dir, 'draws', '2026H1'), ledger: path.join(dir, 'draws', 'ledger.jsonl') };
}

beforeAll(async () => {
  office = writeInputs(tempDir('shuangsui-record-'), { employers: 12 });
  out = path.join(office.dir, 'draws', '2026H1');
  const r = await runMain(drawArgs(rel(office), ['--period', '2026H1', '--as-of', '2026-01-10', '--seed', 'record', '--out', 'draws/2026H1']), { cwd: office.dir });
  expect(r.code, r.stderr).toBe(0);
});

describe('draws made before inputs were archived (algorithm v1)', () => {
  it('still verify, saying their inputs are referenced, not archived, and which fields the ledger would cover', async () => {
    const dir = copyV1();
    for (const period of ['2026H1', '2026H2']) {
      const r = await runMain(['verify', path.join(dir, 'draws', period)]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('只按路径和哈希引用，没有存档在抽取目录中');
      expect(r.stdout).toContain('未能核对 manifest.json 的 tool_version');
    }
    const l = await runMain(['verify', path.join(dir, 'draws', '2026H2'), '--ledger', path.join(dir, 'draws', 'ledger.jsonl'), '--lang', 'en']);
    expect(l.code, l.stdout + l.stderr).toBe(0);
    expect(l.stdout).toContain('referenced by path and hash, not archived');
    expect(l.stdout).toContain('ledger entry 2');
    // the fixture is evidence: nothing in it was rewritten by the run
    expect(readdirSync(path.join(dir, 'draws', '2026H2')).sort()).toEqual(['inspection-list.csv', 'manifest.json', 'publication.csv']);
  });
});

describe('a draw folder is self-contained', () => {
  it('archives byte-exact copies of the three inputs, hashed as the original bytes', () => {
    const man = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    for (const [key, file] of [['employers', office.employers], ['inspectors', office.inspectors], ['plan', office.plan]] as const) {
      expect(man.inputs[key].archive).toBe(`inputs/${path.basename(file)}.gz`);
      const bytes = gunzipSync(readFileSync(path.join(out, man.inputs[key].archive)));
      expect(bytes.equals(readFileSync(file))).toBe(true);
      expect(lineHash(bytes)).toBe(man.inputs[key].sha256);
    }
    expect(man.ledger).toBe('../ledger.jsonl');
    expect(man.allow_empty).toBe(false);
  });

  it('verifies from the folder alone after it is moved away from the office (ledger fields reported unchecked)', async () => {
    const c = copyOffice();
    const alone = path.join(tempDir('shuangsui-alone-'), '2026H1');
    renameSync(c.out, alone);
    const r = await runMain(['verify', alone]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('使用抽取目录中存档的输入文件');
    expect(r.stdout).toMatch(/未能核对 manifest\.json 的 tool_version、ledger_seq、prev_ledger_hash、redraw、reason、allow_empty、created_at：找不到清单所记录的台账/);
  });

  it('verify --public needs no archive: a published copy (manifest and publication list) takes the inputs it is given', async () => {
    const pub = tempDir('shuangsui-pub-');
    for (const n of ['manifest.json', 'publication.csv']) cpSync(path.join(out, n), path.join(pub, n));
    const bare = await runMain(['verify', pub, '--public']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('employers.csv');
    const r = await runMain(['verify', pub, '--public', '--employers', office.employers, '--inspectors', office.inspectors, '--plan', office.plan]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('a damaged archive is a mismatch naming the archived file', async () => {
    const c = copyOffice();
    writeFileSync(path.join(c.out, 'inputs', 'inspectors.csv.gz'), 'not gzip');
    const r = await runMain(['verify', c.out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('inspectors.csv.gz');
  });
});

describe('a folder from elsewhere cannot make verify write outside it', () => {
  it('a planted claim naming another folder or another file is refused or settled inside the folder only', async () => {
    const c = copyOffice();
    const victimDir = tempDir('shuangsui-victim-');
    const victim = path.join(victimDir, 'notes.txt');
    writeFileSync(victim, 'line one\nno newline at the end');
    const claim = (outDir: string) => ({
      format: 'shuangsui-transaction/1', txid: 'abcdef', ledger: victim, out_dir: outDir, staging: '.shuangsui-staging-abcdef',
      entries: ['notes.txt'], line_sha256: '0'.repeat(64), seq: 1, force: true, out_existed: true, pid: 1, host: 'elsewhere', created_at: 'x',
    });
    writeFileSync(path.join(c.out, '.shuangsui-claim'), JSON.stringify(claim(victimDir)));
    const r = await runMain(['verify', c.out]);
    expect(r.code).toBe(2);
    writeFileSync(path.join(c.out, '.shuangsui-claim'), JSON.stringify(claim(c.out)));
    const s = await runMain(['verify', c.out]);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect(s.stderr).toContain('已撤销上次未完成的提交');
    expect(readFileSync(victim, 'utf8')).toBe('line one\nno newline at the end');
    expect(readdirSync(victimDir)).toEqual(['notes.txt']);
    expect(existsSync(path.join(c.out, '.shuangsui-claim'))).toBe(false);
  });
});

describe('every manifest field is covered by plain verify DIR', () => {
  const edits: [string, (m: Record<string, unknown>) => void][] = [
    ['redraw', (m) => { m.redraw = true; m.reason = '改'; }],
    ['created_at', (m) => { m.created_at = '2026-01-01T00:00:00.000Z'; }],
    ['ledger_seq', (m) => { m.ledger_seq = 7; }],
    ['prev_ledger_hash', (m) => { m.prev_ledger_hash = 'a'.repeat(64); }],
    ['tool_version', (m) => { m.tool_version = '9.9.9'; }],
    ['allow_empty', (m) => { m.allow_empty = true; }],
  ];
  it.each(edits)('an edited %s is exit 1 through the ledger the manifest names', async (field, edit) => {
    const c = copyOffice();
    const file = path.join(c.out, 'manifest.json');
    const man = JSON.parse(readFileSync(file, 'utf8'));
    edit(man);
    writeFileSync(file, JSON.stringify(man, null, 2) + '\n');
    const r = await runMain(['verify', c.out]);
    expect(r.code, `${field}: ${r.stdout}${r.stderr}`).toBe(1);
    expect(r.stdout).toContain(c.ledger);
  });

  it('an unknown key, at the top or nested, is a mismatch', async () => {
    const c = copyOffice();
    const file = path.join(c.out, 'manifest.json');
    const man = JSON.parse(readFileSync(file, 'utf8'));
    man.approved_by = '局长';
    man.inputs.plan.note = 'x';
    writeFileSync(file, JSON.stringify(man, null, 2) + '\n');
    const r = await runMain(['verify', c.out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('不认识的键 approved_by');
    expect(r.stdout).toContain('不认识的键 inputs.plan.note');
  });
});

describe('the ledger has one spelling per entry and no silent second draw of a period', () => {
  const entriesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

  it('a period recorded twice without redraw: true is rejected by verify --ledger and check draws', async () => {
    const dir = copyV1();
    const file = path.join(dir, 'draws', 'ledger.jsonl');
    const lines = entriesOf(file);
    const second = JSON.parse(lines[1]!) as LedgerEntry;
    const third = serialiseEntry({ ...second, seq: 3, prev: lineHash(Buffer.from(lines[1]!)), created_at: '2026-07-02T00:00:00.000Z' });
    writeFileSync(file, [...lines, third, ''].join('\n'));
    const v = await runMain(['verify', '--ledger', file]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('没有标明 redraw: true');
    const c = await runMain(['check', 'draws', '--ledger', file, '--plan', path.join(dir, 'plan.yaml'), '--as-of', '2026-12-01']);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('没有标明 redraw: true');
  });

  it('a last line re-serialised with another key order is rejected (the chain alone cannot see it)', async () => {
    const dir = copyV1();
    const file = path.join(dir, 'draws', 'ledger.jsonl');
    const lines = entriesOf(file);
    const o = JSON.parse(lines[1]!) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(o).reverse()));
    writeFileSync(file, [lines[0], reordered, ''].join('\n'));
    const v = await runMain(['verify', '--ledger', file]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('不是规范写法');
    const c = await runMain(['check', 'draws', '--ledger', file, '--plan', path.join(dir, 'plan.yaml'), '--as-of', '2026-12-01']);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('不是规范写法');
    // and draw refuses to build on it
    const d = await runMain(['draw', '--employers', 'employers.csv', '--inspectors', 'inspectors.csv', '--plan', 'plan.yaml', '--period', '2026H2', '--redraw', '--reason', 'x', '--seed', 's', '--out', 'draws/x'], { cwd: dir });
    expect(d.code).toBe(2);
  });
});

describe('no empty official draws', () => {
  it('a header-only directory is exit 2 and writes nothing; --allow-empty draws it and records the flag', async () => {
    const f = writeInputs(tempDir('shuangsui-empty-'));
    writeFileSync(f.employers, employersCsv({ employers: 0 }));
    const r = await runMain(drawArgs(rel(f), ['--period', '2026H1', '--seed', 's', '--out', 'draws/2026H1']), { cwd: f.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('没有任何单位入选');
    expect(r.stderr).toContain('--allow-empty');
    expect(existsSync(path.join(f.dir, 'draws'))).toBe(false);
    const ok = await runMain(drawArgs(rel(f), ['--period', '2026H1', '--seed', 's', '--out', 'draws/2026H1', '--allow-empty']), { cwd: f.dir });
    expect(ok.code, ok.stderr).toBe(0);
    const man = JSON.parse(readFileSync(path.join(f.dir, 'draws', '2026H1', 'manifest.json'), 'utf8'));
    expect(man.allow_empty).toBe(true);
    expect((await runMain(['verify', path.join(f.dir, 'draws', '2026H1')])).code).toBe(0);
  });
});
