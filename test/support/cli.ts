import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'shuangsui.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built binary as a user (or cron) would: no TTY, NO_COLOR, Chinese locale unless told.
 * For what needs a real process: the shim itself, signals, the fault seam, process-wide variables
 * (TMPDIR). Everything else runs in-process with runMain (test/support/main.ts). Asynchronous, so
 * the vitest worker keeps answering while the child runs (spawnSync blocked it, and on a loaded
 * machine its progress messages then timed out).
 */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    // killed by a signal (the fault seam's SIGKILL): -1, as spawnSync's null status was read before
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh folder under the system's temporary directory; see officeDir for one that cleans up. */
export function tempDir(prefix = 'shuangsui-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
