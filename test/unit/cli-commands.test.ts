import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildProgram } from '../../src/cli.js';
import { createUi } from '../../src/ui/ui.js';

const ALL = ['draw', 'verify', 'penalty', 'rules', 'check', 'calendar', 'results', 'publish', 'report', 'init'];

async function commandsFor(args?: string[]): Promise<string[]> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const ui = createUi({ stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, noColor: true });
  const program = await buildProgram({ ui, debug: false, cwd: '.', env: {}, now: new Date(0), exitCode: 0 }, args);
  return program.commands.map((c) => c.name()).filter((n) => n !== 'help');
}

describe('the program loads only the command a run names', () => {
  it('a run naming its command (after --lang, --no-color, --debug only) has that command alone', async () => {
    expect(await commandsFor(['draw', '--demo'])).toEqual(['draw']);
    expect(await commandsFor(['--lang', 'en', '--no-color', '--debug', 'check', 'deadlines'])).toEqual(['check']);
    expect(await commandsFor(['--lang=en', 'init', 'draw'])).toEqual(['init']);
  });

  it('help, the version, an unknown option or name, or no arguments: every command, in help order', async () => {
    for (const args of [undefined, [], ['--help'], ['--help', 'draw'], ['-h', 'draw'], ['--version', 'draw'], ['help', 'draw'], ['drwa'], ['--bogus', 'draw'], ['--lang', 'draw'], ['--', 'draw']]) {
      expect(await commandsFor(args), JSON.stringify(args)).toEqual(ALL);
    }
  });
});
