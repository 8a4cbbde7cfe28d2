import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseLedger } from '../../src/core/ledger.js';
import { runCli, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * Property 3: a full disk, a missing permission, a read-only disk anywhere in the commit is exit 2
 * with the path and what to do, never exit 3, never an empty lock, never a half file; and the next
 * run recovers (property 2). The errno comes from the fault seam (we run as root: chmod would not
 * stop us, and a tmpfs needs privileges).
 */

const OUTPUTS = ['inputs', 'inspection-list.csv', 'manifest.json', 'publication.csv'];
const H2 = ['--period', '2026H2', '--as-of', '2026-07-01', '--seed', 'fault', '--out', 'draws/2026H2'];
const WHY: Record<string, string> = { ENOSPC: '磁盘空间不足', EPERM: '没有写入权限', EACCES: '没有写入权限', EROFS: '只读' };

let template: DrawFiles;
let steps: string[];

const rel = (f: DrawFiles): DrawFiles => ({ ...f, employers: 'employers.csv', inspectors: 'inspectors.csv', plan: 'plan.yaml' });

function copy(): DrawFiles {
  const dir = tempDir('shuangsui-fault-');
  cpSync(template.dir, dir, { recursive: true });
  return { dir, employers: path.join(dir, 'employers.csv'), inspectors: path.join(dir, 'inspectors.csv'), plan: path.join(dir, 'plan.yaml') };
}

/** Every file below dir, as relative paths. */
function walk(dir: string, at = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name), `${at}${d.name}/`) : [`${at}${d.name}`]));
}

afterEach(() => {
  delete process.env.SHUANGSUI_FAULT;
  delete process.env.SHUANGSUI_FAULT_LOG;
});

beforeAll(async () => {
  template = writeInputs(tempDir('shuangsui-fault-'), { employers: 12 });
  const h1 = await runMain(drawArgs(rel(template), ['--period', '2026H1', '--as-of', '2026-01-10', '--seed', 'fault', '--out', 'draws/2026H1']), { cwd: template.dir });
  expect(h1.code, h1.stderr).toBe(0);
  const f = copy();
  const log = path.join(f.dir, 'steps.log');
  process.env.SHUANGSUI_FAULT_LOG = log;
  const r = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
  delete process.env.SHUANGSUI_FAULT_LOG;
  expect(r.code, r.stderr).toBe(0);
  steps = [...new Set(readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ')[1]!))];
});

describe('environment faults at every step of the commit', () => {
  it('are exit 2 naming the file and what to do, leave no lock and no half file, and the next run recovers', async () => {
    const codes = ['ENOSPC', 'EPERM', 'EROFS', 'EACCES'];
    expect(steps.length).toBeGreaterThan(20);
    for (const [i, step] of steps.entries()) {
      const code = codes[i % codes.length]!;
      const f = copy();
      const ledgerFile = path.join(f.dir, 'draws', 'ledger.jsonl');
      const before = readFileSync(ledgerFile);
      process.env.SHUANGSUI_FAULT = `${step}:${code}`;
      const r = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
      delete process.env.SHUANGSUI_FAULT;
      const what = `${step} ${code}: ${r.stderr}`;
      expect(r.code, what).not.toBe(3);
      const ledger = parseLedger(readFileSync(ledgerFile));
      expect(ledger.fault, what).toBeNull();
      if (step === 'lock.remove') {
        // the draw is complete; only its lock stays, for the next draw to take over
        expect(r.code, what).toBe(0);
        expect(r.stderr, what).toContain(WHY[code]);
      } else {
        expect(r.code, what).toBe(2);
        expect(r.stderr, what).toContain(WHY[code]);
        expect(r.stderr, what).toMatch(/重新运行同一命令|shuangsui verify/);
        expect(existsSync(`${ledgerFile}.lock`), what).toBe(false);
      }
      // no temporary or half-written file anywhere; staging only whole, and only for a committed draw
      const files = walk(path.join(f.dir, 'draws'));
      expect(files.filter((n) => n.endsWith('.tmp')), what).toEqual([]);
      const out = path.join(f.dir, 'draws', '2026H2');
      if (ledger.lines.length === 1) {
        expect(readFileSync(ledgerFile), what).toEqual(before);
        expect(existsSync(out) ? readdirSync(out) : [], what).toEqual([]);
      } else {
        expect(r.stderr + r.stdout, what).toMatch(/已记入台账|已记入抽查台账/);
      }
      const again = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
      if (ledger.lines.length === 1) expect(again.code, `${what}\nrerun: ${again.stderr}`).toBe(0);
      else expect([0, 2], `${what}\nrerun: ${again.stderr}`).toContain(again.code);
      expect(readdirSync(out).sort(), what).toEqual(OUTPUTS);
      expect(parseLedger(readFileSync(ledgerFile)).lines.length, what).toBe(2);
      expect(existsSync(`${ledgerFile}.pending`), what).toBe(false);
      const v = await runMain(['verify', out], { cwd: f.dir });
      expect(v.code, `${what}\n${v.stdout}${v.stderr}`).toBe(0);
    }
  }, 240_000);

  it('a full disk during the ledger append truncates the half line away (end to end, in English too)', async () => {
    const f = copy();
    const ledgerFile = path.join(f.dir, 'draws', 'ledger.jsonl');
    const before = readFileSync(ledgerFile);
    const r = await runCli(drawArgs(rel(f), [...H2, '--lang', 'en']), { cwd: f.dir, env: { SHUANGSUI_FAULT: 'ledger.write:ENOSPC' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(ledgerFile);
    expect(r.stderr).toContain('the disk is full');
    expect(r.stderr).toContain('Nothing was written');
    expect(readFileSync(ledgerFile)).toEqual(before);
    expect(existsSync(path.join(f.dir, 'draws', '2026H2'))).toBe(false);
    expect(existsSync(`${ledgerFile}.lock`)).toBe(false);
  });

  it('a ledger without write permission after the files are staged is exit 2, and the outputs never appear', async () => {
    const f = copy();
    const ledgerFile = path.join(f.dir, 'draws', 'ledger.jsonl');
    const r = await runCli(drawArgs(rel(f), H2), { cwd: f.dir, env: { SHUANGSUI_FAULT: 'ledger.write:EPERM' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`无法写入 ${ledgerFile}：没有写入权限`);
    expect(r.stderr).toContain('本次未写入任何文件，也未记入台账');
    expect(existsSync(path.join(f.dir, 'draws', '2026H2'))).toBe(false);
    expect(readdirSync(path.join(f.dir, 'draws')).sort()).toEqual(['2026H1', 'ledger.jsonl']);
  });

  it('a rename refused after the commit point says the draw is recorded and how to finish it; verify finishes it', async () => {
    const f = copy();
    process.env.SHUANGSUI_FAULT = 'out.rename:manifest.json:EPERM';
    const r = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
    delete process.env.SHUANGSUI_FAULT;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('已记入台账');
    expect(r.stderr).toContain('shuangsui verify');
    const out = path.join(f.dir, 'draws', '2026H2');
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
    const v = await runMain(['verify', out], { cwd: f.dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stderr).toContain('已完成上次被中断的提交');
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it('an output path through a file is exit 2 too (a real error, no seam)', async () => {
    const f = copy();
    writeFileSync(path.join(f.dir, 'blocker'), 'x');
    const r = await runMain(drawArgs(rel(f), ['--period', '2026H2', '--as-of', '2026-07-01', '--seed', 'x', '--out', 'blocker/out']), { cwd: f.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('blocker');
    expect(parseLedger(readFileSync(path.join(f.dir, 'draws', 'ledger.jsonl'))).lines.length).toBe(1);
  });
});
