import { Writable } from 'node:stream';
import { main } from '../../src/main.js';
import { ROOT, type CliResult } from './cli.js';

export interface RunOptions {
  /** the working directory main() sees; the repository root unless told, as for runCli */
  cwd?: string;
  /** added to the binary's defaults (NO_COLOR=1, Chinese locale); nothing else of process.env is seen */
  env?: Record<string, string>;
  /** the wall clock; now unless told */
  now?: Date;
  /** whether stdin is a terminal (stdout never is: it is captured) */
  stdinIsTTY?: boolean;
}

/**
 * Variables the program reads from process.env itself, not from main()'s io: the fault seam
 * (src/io/fault.ts) and Node's os.tmpdir(). Handing them to runMain would do nothing silently,
 * so a test that needs one spawns the binary (runCli) or sets process.env around the call.
 */
const PROCESS_WIDE = ['SHUANGSUI_FAULT', 'SHUANGSUI_FAULT_LOG', 'TMPDIR', 'TMP', 'TEMP', 'TZ'];

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
 * Runs a command in this process through the same main() the binary calls (bin/shuangsui.js →
 * dist/bundle/main.js → main(process.argv)), as the binary would run under cron: no TTY, NO_COLOR, Chinese
 * unless told. About 45 ms against 300 ms for a spawn, and it never blocks the vitest worker.
 * test/e2e/binary.test.ts runs the same commands both ways and compares every byte.
 *
 * It fails loudly where in-process would differ from a real run: a process-wide variable in env,
 * and a run that writes to the real stdout or stderr, changes the working directory or sets
 * process.exitCode (the binary's shim sets that from main()'s return value alone).
 */
export async function runMain(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const wide = Object.keys(opts.env ?? {}).filter((k) => PROCESS_WIDE.includes(k));
  if (wide.length) throw new Error(`runMain: ${wide.join(', ')} is read from process.env, not from main()'s io; spawn the binary with runCli for this test`);
  const out = sink();
  const err = sink();
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  const stray: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const catchStray = (name: string) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      stray.push(`${name}: ${String(chunk)}`);
      return (name === 'stdout' ? realOut : realErr).call(this, chunk as string, ...(rest as []));
    };
  process.stdout.write = catchStray('stdout') as typeof process.stdout.write;
  process.stderr.write = catchStray('stderr') as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['node', 'shuangsui', ...args], {
      stdout: out.stream,
      stderr: err.stream,
      stdinIsTTY: opts.stdinIsTTY ?? false,
      env: { NO_COLOR: '1', LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...opts.env },
      cwd: opts.cwd ?? ROOT,
      now: opts.now,
    });
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  if (stray.length) throw new Error(`runMain: main() wrote past its io streams:\n${stray.join('\n')}`);
  if (process.cwd() !== cwd) throw new Error(`runMain: main() changed the working directory to ${process.cwd()}`);
  if (process.exitCode !== exitCode) throw new Error(`runMain: main() set process.exitCode to ${process.exitCode}`);
  return { code, stdout: out.text(), stderr: err.text() };
}
