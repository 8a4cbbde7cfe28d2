import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * One office folder with two recorded draws (H1, then H2, which must exclude H1's employers),
 * shared by the tests below; each test that tampers works on a copy.
 */
let f: DrawFiles;
let ledger: string;

function copyOffice(): DrawFiles {
  const dir = tempDir();
  cpSync(f.dir, dir, { recursive: true });
  return { dir, employers: path.join(dir, 'employers.csv'), inspectors: path.join(dir, 'inspectors.csv'), plan: path.join(dir, 'plan.yaml') };
}

beforeAll(async () => {
  f = writeInputs(tempDir());
  ledger = path.join(f.dir, 'draws', 'ledger.jsonl');
  // relative --out, as staff type it: the manifest's input paths are relative to the output folder
  for (const [period, asOf] of [['2026H1', '2026-01-10'], ['2026H2', '2026-07-01']] as const) {
    const r = await runMain(drawArgs(f, ['--period', period, '--seed', 'verify-test', '--as-of', asOf, '--out', `out-${period}`]), { cwd: f.dir });
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('verify DIR', () => {
  it('exits 0 on untouched draws, given the folder or its manifest.json, from any working directory', async () => {
    const r = await runMain(['verify', path.join(f.dir, 'out-2026H1')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('逐字节一致');
    expect((await runMain(['verify', path.join(f.dir, 'out-2026H2', 'manifest.json')])).code).toBe(0);
    // H2 is reproduced with H1's employers excluded, as recorded in its manifest
    const h2 = JSON.parse(readFileSync(path.join(f.dir, 'out-2026H2', 'manifest.json'), 'utf8'));
    expect(h2.already_drawn.count).toBe(6);
    expect(h2.ledger_seq).toBe(2);
  });

  it('also confirms the manifest is the one the ledger recorded, and runs in English', async () => {
    const r = await runMain(['verify', path.join(f.dir, 'out-2026H2'), '--ledger', ledger, '--lang', 'en']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('ledger entry 2');
  });

  it('exits 1 after one output row is changed, naming the file, the line and the column', async () => {
    const c = copyOffice();
    const list = path.join(c.dir, 'out-2026H1', 'inspection-list.csv');
    const lines = readFileSync(list, 'utf8').split('\r\n');
    lines[3] = lines[3]!.replace(/,随机,/, ',全覆盖,');
    writeFileSync(list, lines.join('\r\n'));
    const r = await runMain(['verify', path.join(c.dir, 'out-2026H1')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('inspection-list.csv');
    expect(r.stdout).toMatch(/第 4 行“入选方式”列：应为“随机”，实为“全覆盖”/);
  });

  it('exits 1 when a row is removed from the publication', async () => {
    const c = copyOffice();
    const pub = path.join(c.dir, 'out-2026H1', 'publication.csv');
    const lines = readFileSync(pub, 'utf8').split('\r\n');
    lines.splice(2, 1);
    writeFileSync(pub, lines.join('\r\n'));
    const r = await runMain(['verify', path.join(c.dir, 'out-2026H1'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe(1);
    expect(j.ok).toBe(false);
    expect(j.dir.findings[0].code).toBe('verify.output.differs');
    expect(j.dir.findings[0].file).toContain('publication.csv');
    expect(j.dir.findings[0].rows[0].line).toBe(3);
  });

  it('exits 1 when the manifest was edited to another seed', async () => {
    const c = copyOffice();
    const man = path.join(c.dir, 'out-2026H1', 'manifest.json');
    writeFileSync(man, readFileSync(man, 'utf8').replace('"seed": "verify-test"', '"seed": "other"'));
    expect((await runMain(['verify', path.join(c.dir, 'out-2026H1')])).code).toBe(1);
  });

  it('uses the archived inputs after the office changes or removes its files; --inputs current names the changed ones', async () => {
    const c = copyOffice();
    writeFileSync(c.inspectors, readFileSync(c.inspectors, 'utf8').replace('王芳', '王芬'));
    renameSync(c.plan, c.plan + '.bak');
    const r = await runMain(['verify', path.join(c.dir, 'out-2026H1')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('使用抽取目录中存档的输入文件');
    const cur = await runMain(['verify', path.join(c.dir, 'out-2026H1'), '--inputs', 'current']);
    expect(cur.code).toBe(1);
    expect(cur.stdout).toContain(`inspectors：${c.inspectors} 已改动`);
    expect(cur.stdout).toContain(`plan：${c.plan} 不存在`);
    expect(cur.stdout).not.toContain('employers：');
  });

  it('takes the inputs from elsewhere when told, still checked against the recorded hashes', async () => {
    const c = copyOffice();
    const elsewhere = tempDir();
    cpSync(c.employers, path.join(elsewhere, 'e.csv'));
    writeFileSync(c.employers, 'moved away');
    expect((await runMain(['verify', path.join(c.dir, 'out-2026H1'), '--employers', c.employers])).code).toBe(2);
    expect((await runMain(['verify', path.join(c.dir, 'out-2026H1'), '--employers', path.join(elsewhere, 'e.csv')])).code).toBe(0);
  });

  it('--public checks only the publication list, for an outsider who holds only published files', async () => {
    const c = copyOffice();
    const pubDir = tempDir();
    for (const n of ['manifest.json', 'publication.csv']) cpSync(path.join(c.dir, 'out-2026H1', n), path.join(pubDir, n));
    const inputs = ['--employers', c.employers, '--inspectors', c.inspectors, '--plan', c.plan];
    expect((await runMain(['verify', pubDir, ...inputs])).code).toBe(1);
    const r = await runMain(['verify', pubDir, '--public', ...inputs]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('publication.csv');
    writeFileSync(path.join(pubDir, 'publication.csv'), readFileSync(path.join(pubDir, 'publication.csv'), 'utf8').replace('张伟', '张三'));
    expect((await runMain(['verify', pubDir, '--public', ...inputs])).code).toBe(1);
  });

  it('rebuilds GBK outputs and reads a GBK directory the way the draw did', async () => {
    const g = writeInputs(tempDir());
    // an office export in GBK: the draw reads it by detection, verify must read it the same way
    writeFileSync(g.employers, iconv.encode(readFileSync(g.employers, 'utf8'), 'gbk'));
    const out = path.join(g.dir, 'out');
    const r = await runMain(drawArgs(g, ['--period', '2026H1', '--seed', 'gbk', '--out', out, '--out-encoding', 'gbk', '--lang', 'en']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('recorded in the ledger');
    expect(readFileSync(path.join(out, 'publication.csv'))[0]).not.toBe(0xef);
    expect(iconv.decode(readFileSync(path.join(out, 'publication.csv')), 'gbk')).toContain('单位名称');
    expect((await runMain(['verify', out])).code).toBe(0);
  });

  it('needs a folder or a ledger', async () => {
    expect((await runMain(['verify'])).code).toBe(2);
    expect((await runMain(['verify', path.join(tempDir(), 'nothing')])).code).toBe(2);
  });
});

describe('verify --ledger', () => {
  it('exits 0 on an intact ledger', async () => {
    const r = await runMain(['verify', '--ledger', ledger]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('共 2 条记录');
  });

  it('exits 1 naming a removed entry', async () => {
    const c = copyOffice();
    const file = path.join(c.dir, 'draws', 'ledger.jsonl');
    // a third draw so that removing the middle one leaves a gap
    expect((await runMain(drawArgs(c, ['--period', '2026H1', '--seed', 'x', '--out', 'again', '--redraw', '--reason', '测试']), { cwd: c.dir })).code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(1, 1);
    writeFileSync(file, lines.join('\n'));
    const r = await runMain(['verify', '--ledger', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 2 条');
    expect(r.stderr).toMatch(/ledger\.jsonl:2/);
  });

  it('exits 1 naming an edited entry', async () => {
    const c = copyOffice();
    const file = path.join(c.dir, 'draws', 'ledger.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('"seed":"verify-test"', '"seed":"verify-tesT"');
    writeFileSync(file, lines.join('\n'));
    const r = await runMain(['verify', '--ledger', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 1 条记录被改动');
    // and a draw refuses to build on it
    const d = await runMain(drawArgs(c, ['--period', '2026H1', '--seed', 'y', '--out', 'x', '--redraw', '--reason', 'r']), { cwd: c.dir });
    expect(d.code).toBe(2);
  });

  it('exits 1 when the manifest is not the one the ledger recorded', async () => {
    const c = copyOffice();
    const file = path.join(c.dir, 'draws', 'ledger.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines[0] + '\n');
    const r = await runMain(['verify', path.join(c.dir, 'out-2026H2'), '--ledger', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('台账中没有');
  });
});
