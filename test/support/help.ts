import { Writable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { createUi } from '../../src/ui/ui.js';
import { TOOL_VERSION } from '../../src/version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every command path of the program ([] is the program itself), in registration order; commander's implicit `help` command is left out. */
export async function commandPaths(): Promise<string[][]> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const ui = createUi({ stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, noColor: true });
  const program = await buildProgram({ ui, debug: false, cwd: ROOT, env: {}, now: new Date(0), exitCode: 0 });
  const out: string[][] = [];
  const walk = (cmd: Command, at: string[]) => {
    out.push(at);
    for (const sub of cmd.commands) walk(sub, [...at, sub.name()]);
  };
  walk(program, []);
  return out;
}

/** Help text with what changes between releases and machines (the version, this checkout's path) replaced. */
export function normaliseHelp(text: string): string {
  return text.split(TOOL_VERSION).join('<version>').split(ROOT).join('<root>');
}
