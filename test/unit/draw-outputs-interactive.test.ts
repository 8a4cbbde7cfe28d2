import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Ctx } from '../../src/context.js';
import { collectInteractive, runInteractive, type Prompts } from '../../src/commands/draw/interactive.js';
import { periodLabels } from '../../src/commands/shared/draw-pipeline.js';
import { createUi } from '../../src/ui/ui.js';
import { tempDir } from '../support/cli.js';
import { writeInputs } from '../e2e/draw-data.js';

/** `draw --interactive` with the prompts replaced: the walk-through's logic without a terminal. */

function fakeCtx(cwd: string): { ctx: Ctx; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  stderr.on('data', (d) => (text += d));
  const ui = createUi({ stdout, stderr, stdinIsTTY: true, env: { NO_COLOR: '1' }, noColor: true });
  return { ctx: { ui, debug: false, cwd, env: {}, now: new Date('2026-01-10T02:00:00Z'), exitCode: 0 }, out: () => text };
}

interface Script {
  inputs: string[];
  selects: unknown[];
  confirm: boolean;
}

function fakePrompts(s: Script): Prompts & { asked: string[]; choices: unknown[][] } {
  const asked: string[] = [];
  const choices: unknown[][] = [];
  return {
    asked,
    choices,
    async input(o) {
      asked.push(o.message);
      const v = s.inputs.shift() || o.default || '';
      if (o.validate) expect(await o.validate(v)).toBe(true);
      return v;
    },
    async select<T>(o: { message: string; choices: { name: string; value: T }[] }) {
      asked.push(o.message);
      choices.push(o.choices.map((c) => c.value));
      return s.selects.shift() as T;
    },
    async confirm(o) {
      asked.push(o.message);
      return s.confirm;
    },
  };
}

describe('draw --interactive', () => {
  it('offers the plan’s periods and a random or typed seed, and fills every option', async () => {
    const f = writeInputs(tempDir());
    const { ctx } = fakeCtx(f.dir);
    const p = fakePrompts({ inputs: ['', '', '', '2026-07-06', 'lottery-2026-001', ''], selects: ['2026H2', 'typed'], confirm: true });
    const opts = await collectInteractive(ctx, {}, p);
    expect(opts).toMatchObject({ employers: 'employers.csv', inspectors: 'inspectors.csv', plan: 'plan.yaml', period: '2026H2', asOf: '2026-07-06', seed: 'lottery-2026-001', out: path.join('draws', '2026H2') });
    expect(p.choices[0]).toEqual(['2026H1', '2026H2']);
    // the announced lottery is the recommended seed, offered first
    expect(p.choices[1]).toEqual(['typed', 'random']);
  });

  it('shows typed lottery numbers in the canonical encoding and asks before using them', async () => {
    const f = writeInputs(tempDir());
    const { ctx } = fakeCtx(f.dir);
    const p = fakePrompts({ inputs: ['', '', '', '', '05 12 19 23 28 31 + 09', ''], selects: ['2026H1', 'typed'], confirm: true });
    const opts = await collectInteractive(ctx, {}, p);
    expect(opts.seed).toBe('5.12.19.23.28.31./9./');
    expect(p.asked).toContain('按规范编码（docs/draw.md 第 6 节），“05 12 19 23 28 31 + 09”写作种子 5.12.19.23.28.31./9./。使用这个种子？');
    // the check date defaults to today
    expect(opts.asOf).toBe('2026-01-10');
  });

  it('does not default to a period the ledger already has', async () => {
    const f = writeInputs(tempDir());
    const { ctx } = fakeCtx(f.dir);
    expect(await runInteractive(ctx, { asOf: '2026-01-10', seed: 's', out: 'o1', period: '2026H1' }, fakePrompts({ inputs: ['', '', ''], selects: [], confirm: true }))).toBe(0);
    let offered: { choices: { name: string; value: string }[]; default?: string } | undefined;
    const p = fakePrompts({ inputs: [], selects: [], confirm: false });
    p.select = async <T,>(o: { message: string; choices: { name: string; value: T }[]; default?: T }) => {
      offered = o as never;
      throw Object.assign(new Error('stop'), { name: 'ExitPromptError' });
    };
    expect(await runInteractive(ctx, {}, p)).toBe(0);
    expect(offered!.default).toBe('2026H2');
    expect(offered!.choices[0]!.name).toContain('已抽取');
  });

  it('with --demo asks only for the period and the seed', async () => {
    const { ctx } = fakeCtx(tempDir());
    const p = fakePrompts({ inputs: [], selects: ['2026H1', 'random'], confirm: false });
    const opts = await collectInteractive(ctx, { demo: true }, p);
    expect(p.asked).toEqual(['抽查期间：', '检查日期（执法证须在该日有效，“近期已检查”从该日倒算）：', '随机种子：']);
    expect(opts).toMatchObject({ demo: true, period: '2026H1', employers: undefined, out: undefined, seed: undefined });
  });

  it('rejects a file that does not exist while asking', async () => {
    const f = writeInputs(tempDir());
    const { ctx } = fakeCtx(f.dir);
    let verdict: unknown;
    const p = fakePrompts({ inputs: [], selects: [], confirm: false });
    p.input = async (o) => {
      verdict = await o.validate?.('nope.csv');
      throw new Error('stop');
    };
    await expect(collectInteractive(ctx, {}, p)).rejects.toThrow('stop');
    expect(verdict).toBe('找不到该文件');
  });

  it('shows the summary and writes nothing when the user declines', async () => {
    const f = writeInputs(tempDir());
    const { ctx, out } = fakeCtx(f.dir);
    const p = fakePrompts({ inputs: ['', '', '', 'out'], selects: ['2026H1', 'random'], confirm: false });
    expect(await runInteractive(ctx, { asOf: '2026-01-10' }, p)).toBe(0);
    expect(out()).toContain('日常随机抽查');
    expect(out()).toContain('已取消');
    expect(existsSync(path.join(f.dir, 'out'))).toBe(false);
    expect(existsSync(path.join(f.dir, 'draws'))).toBe(false);
  });

  it('writes the outputs and the ledger entry after confirmation, with a generated seed', async () => {
    const f = writeInputs(tempDir());
    const { ctx, out } = fakeCtx(f.dir);
    const p = fakePrompts({ inputs: ['', '', '', 'out'], selects: ['2026H1', 'random'], confirm: true });
    expect(await runInteractive(ctx, { asOf: '2026-01-10' }, p)).toBe(0);
    expect(p.asked.at(-1)).toContain('确认');
    expect(existsSync(path.join(f.dir, 'out', 'inspection-list.csv'))).toBe(true);
    const entry = JSON.parse(readFileSync(path.join(f.dir, 'draws', 'ledger.jsonl'), 'utf8'));
    expect(entry.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(out()).toContain(entry.seed);
  });

  it('treats Ctrl-C at a prompt as a cancel, not an internal error', async () => {
    const f = writeInputs(tempDir());
    const { ctx, out } = fakeCtx(f.dir);
    const p = fakePrompts({ inputs: [], selects: [], confirm: false });
    p.input = async () => {
      const e = new Error('User force closed the prompt');
      e.name = 'ExitPromptError';
      throw e;
    };
    expect(await runInteractive(ctx, {}, p)).toBe(0);
    expect(out()).toContain('已取消');
  });

  it('lists the periods of every frequency', () => {
    expect(periodLabels({ year: 2026, frequency: 1 })).toEqual(['2026']);
    expect(periodLabels({ year: 2026, frequency: 4 })).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    expect(periodLabels({ year: 2026, frequency: 12 })).toHaveLength(12);
    expect(periodLabels({ year: 2026, frequency: 12 })[2]).toBe('2026-03');
  });
});
