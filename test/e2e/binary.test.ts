import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, FIXTURES, runCli, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, PLAN_YAML, writeInputs } from './draw-data.js';

/**
 * The few runs that spawn the built binary (bin/shuangsui.js → dist/bundle/main.js) with NO_COLOR=1:
 * help, one run per exit code, a reader that closes the pipe, and a draw then verify. Every
 * other end-to-end test calls main() in-process (runMain); the runs here that can also go
 * in-process are compared byte for byte, so the in-process path is the binary's path.
 */

const DECISIONS = path.join(FIXTURES, 'decisions.csv');

async function same(args: string[], env: Record<string, string> = {}) {
  const spawned = await runCli(args, { env });
  const inProcess = await runMain(args, { env });
  expect(inProcess, args.join(' ')).toEqual(spawned);
  return spawned;
}

describe('the built binary', () => {
  it('prints help in Chinese by default and in English under LANG=en, as main() does in-process', async () => {
    const zh = await same(['--help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('用法：');
    expect(zh.stdout).toContain('退出码');
    const en = await same(['check', '--help'], { LANG: 'en_US.UTF-8' });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Usage: shuangsui check');
  });

  it('exits 0, 1 and 2 with the same bytes as main() in-process', async () => {
    const ok = await same(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'decision_date=2026-01-05']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('overtime');
    const findings = await same(['check', 'deadlines', '--decisions', DECISIONS, '--as-of', '2026-11-21']);
    expect(findings.code).toBe(1);
    expect(findings.stdout).toMatch(/共 \d+ 件：/);
    const usage = await same(['--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('未知选项 --bogus');
    const input = await same(['check', 'all', '--config', path.join(tempDir(), 'nope.yaml'), '--lang', 'en']);
    expect(input.code).toBe(2);
    for (const r of [ok, findings, usage, input]) {
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout + r.stderr).not.toContain('\u001b[');
    }
  });

  it('exits 3 for an error it does not know (an unexpected errno), with a stack trace only under --debug', async () => {
    const dir = tempDir();
    // the fault seam makes the first write of the commit fail with EXDEV, which no office can cause or fix
    const args = ['draw', '--demo', '--seed', 'x', '--as-of', '2026-07-01', '--out', path.join(dir, 'o')];
    const env = { SHUANGSUI_FAULT: 'lock.write:EXDEV' };
    const r = await runCli(args, { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('内部错误：EXDEV');
    expect(r.stderr).toContain('--debug');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli([...args, '--debug'], { env });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('output piped into a reader that stops early: no EPIPE stack trace', async () => {
    const r = await new Promise<{ stderr: string }>((resolve, reject) => {
      const p = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" check deadlines --demo --as-of 2026-11-21 | true`], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      p.on('error', reject);
      p.on('close', () => resolve({ stderr }));
    });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).not.toContain('node:events');
  });

  it('a directory large enough for both worker threads draws the same through the bundle as in-process', async () => {
    // ≥ 50,000 rows: the employer tickets and the file's hash go to the ticket worker; ≥ 20,000 winners: their
    // tickets go to the winner-ticket worker. The workers run from the source text of bundled functions
    // (unitOfDigest, keyOfDigest): a bundle that broke them would fail here, not only in the benchmarks
    const plan = PLAN_YAML.replace('      count: 6', '      count: 24000');
    const f = writeInputs(tempDir(), { employers: 60_000 }, plan);
    const args = drawArgs(f, ['--period', '2026H1', '--seed', 'workers', '--as-of', '2026-01-10', '--dry-run', '--json']);
    const spawned = await runCli(args, { cwd: f.dir });
    expect(spawned.code, spawned.stderr).toBe(0);
    const json = JSON.parse(spawned.stdout) as { drawn: number; inputs: { employers: { sha256: string } } };
    expect(json.drawn).toBe(24_000);
    expect(json.inputs.employers.sha256).toBe(createHash('sha256').update(readFileSync(f.employers)).digest('hex'));
    const inProcess = await runMain(args, { cwd: f.dir });
    expect(inProcess).toEqual(spawned);
  });

  it('draws into a folder and verifies it, both through the binary', async () => {
    const f = writeInputs(tempDir());
    const out = path.join(f.dir, 'out');
    const draw = await runCli(drawArgs(f, ['--period', '2026H1', '--seed', 'binary', '--as-of', '2026-01-10', '--out', out]), { cwd: f.dir });
    expect(draw.code, draw.stderr).toBe(0);
    const verify = await runCli(['verify', out], { cwd: f.dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('逐字节一致');
  });
});
