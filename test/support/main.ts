import { Writable } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliResult } from './cli.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

/**
 * Runs a command in this process through main(), as the binary would (no TTY, NO_COLOR, Chinese
 * unless told): much cheaper than a spawn where no real kill is needed.
 */
export async function runMain(args: string[], opts: { cwd?: string; env?: Record<string, string>; now?: Date } = {}): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const code = await main(['node', 'shuangsui', ...args], {
    stdout: out.stream,
    stderr: err.stream,
    stdinIsTTY: false,
    env: { NO_COLOR: '1', LANG: 'zh_CN.UTF-8', ...opts.env },
    cwd: opts.cwd,
    now: opts.now,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
