import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { Ctx } from '../../src/context.js';
import { runInteractive, type Prompts } from '../../src/commands/draw/interactive.js';
import { createUi } from '../../src/ui/ui.js';
import { tempDir } from '../support/cli.js';

/**
 * `draw --interactive` hands every list and yes/no prompt the localised theme, so that the key hints
 * and the answer are not English ("↑↓ navigate • ⏎ select", "Yes"). Through the injected prompt
 * functions: the terminal itself cannot be driven here.
 * (Lives under e2e only because of file ownership; it spawns nothing.)
 */

function fakeCtx(cwd: string): Ctx {
  const ui = createUi({ stdout: new PassThrough(), stderr: new PassThrough(), stdinIsTTY: true, env: { NO_COLOR: '1' }, noColor: true });
  return { ui, debug: false, cwd, env: {}, now: new Date('2026-01-10T02:00:00Z'), exitCode: 0 };
}

interface Seen {
  kind: 'input' | 'select' | 'confirm';
  config: Record<string, unknown>;
}

function recordingPrompts(seen: Seen[]): Prompts {
  const selects: unknown[] = ['2026H1', 'random'];
  return {
    async input(o) {
      seen.push({ kind: 'input', config: o });
      return o.default ?? '';
    },
    async select<T>(o: { message: string; choices: { name: string; value: T }[] }) {
      seen.push({ kind: 'select', config: o });
      return selects.shift() as T;
    },
    async confirm(o) {
      seen.push({ kind: 'confirm', config: o });
      return false;
    },
  };
}

describe('draw --interactive prompts in the user’s language', () => {
  it('passes the localised key hints to every select and the 是/否 answer to the confirmation', async () => {
    const seen: Seen[] = [];
    expect(await runInteractive(fakeCtx(tempDir()), { demo: true }, recordingPrompts(seen))).toBe(0);
    expect(seen.map((s) => s.kind)).toEqual(['select', 'input', 'select', 'confirm']);
    for (const s of seen.filter((x) => x.kind === 'select')) {
      const style = (s.config.theme as { style: { keysHelpTip: (k: [string, string][]) => string } } | undefined)?.style;
      expect(style, String(s.config.message)).toBeDefined();
      const tip = style!.keysHelpTip([['↑↓', 'navigate'], ['⏎', 'select']]);
      expect(tip).not.toMatch(/navigate|select/);
      expect(tip).toMatch(/[\u4e00-\u9fff]/);
    }
    const transformer = seen.at(-1)!.config.transformer as ((a: boolean) => string) | undefined;
    expect(transformer?.(true)).toBe('是');
    expect(transformer?.(false)).toBe('否');
  });
});
