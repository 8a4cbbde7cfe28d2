/**
 * Algorithm versions end to end, in process (main(argv, io)): a v1 draw made by the tool before v2 existed
 * (fixtures/v1-draw-2026H1, made from the demo fixtures) verifies byte for byte; new draws are v2; a v2
 * ratio_per_year draw carries the earlier period from the ledger, records it and verifies; --explain
 * takes a company name and speaks English with --lang en.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import { tempDir } from '../support/cli.js';
import { drawArgs, PLAN_YAML, writeInputs } from './draw-data.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(argv: string[], cwd = ROOT): Promise<{ code: number; out: string }> {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d) => (out += d));
  const code = await main(['node', 'shuangsui', ...argv], { stdout: stream, stderr: stream, stdinIsTTY: false, env: { NO_COLOR: '1' }, cwd, now: new Date('2026-07-06T01:30:00Z') });
  return { code, out };
}

const YEARLY = PLAN_YAML.replace('      count: 6', '      ratio_per_year: 0.3');

describe('algorithm versions', () => {
  it('a v1 draw made before v2 existed verifies byte for byte', async () => {
    const r = await run(['verify', path.join('fixtures', 'v1-draw-2026H1')]);
    expect(r.out).toContain('复核通过');
    expect(r.code).toBe(0);
  });

  it('new draws are v2; H2 of a ratio_per_year task carries H1 from the ledger, records it, and verifies', async () => {
    const f = writeInputs(tempDir(), { employers: 40 }, YEARLY);
    const h1 = await run(drawArgs(f, ['--period', '2026H1', '--seed', 's1', '--as-of', '2026-01-10', '--out', path.join(f.dir, 'h1')]));
    expect(h1.code).toBe(0);
    const m1 = JSON.parse(readFileSync(path.join(f.dir, 'h1', 'manifest.json'), 'utf8'));
    expect(m1.algorithm).toBe('shuangsui-draw/2');
    expect(m1.prior_drawn).toEqual([]);
    const h2 = await run(drawArgs(f, ['--period', '2026H2', '--seed', 's2', '--as-of', '2026-07-06', '--out', path.join(f.dir, 'h2')]));
    expect(h2.code).toBe(0);
    const m2 = JSON.parse(readFileSync(path.join(f.dir, 'h2', 'manifest.json'), 'utf8'));
    const drawnH1 = m1.counts.filter((c: { task: string }) => c.task === 'T1').map((c: { stratum: string; drawn: number }) => ({ task: 'T1', stratum: c.stratum, drawn: c.drawn })).filter((c: { drawn: number }) => c.drawn > 0);
    expect(m2.prior_drawn).toEqual(drawnH1);
    // per stratum the year lands within ±1 of 0.3 × P_h (P_h: population of the stratum, the same both halves)
    for (const c of m2.counts.filter((x: { task: string }) => x.task === 'T1')) {
      const before = drawnH1.find((d: { stratum: string }) => d.stratum === c.stratum)?.drawn ?? 0;
      const population = m1.counts.find((x: { task: string; stratum: string }) => x.task === 'T1' && x.stratum === c.stratum);
      expect(Math.abs(before + c.drawn - 0.3 * (population.eligible))).toBeLessThan(1);
    }
    expect((await run(['verify', path.join(f.dir, 'h2')])).code).toBe(0);
    // a version this tool does not implement is a usage error
    expect((await run(drawArgs(f, ['--period', '2026H2', '--dry-run', '--algorithm', 'shuangsui-draw/9']))).code).toBe(2);
  });

  it('--algorithm shuangsui-draw/1 still makes v1 draws, which verify', async () => {
    const f = writeInputs(tempDir(), { employers: 30 });
    const r = await run(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--as-of', '2026-01-10', '--out', path.join(f.dir, 'o'), '--algorithm', 'shuangsui-draw/1']));
    expect(r.code).toBe(0);
    const man = JSON.parse(readFileSync(path.join(f.dir, 'o', 'manifest.json'), 'utf8'));
    expect(man.algorithm).toBe('shuangsui-draw/1');
    expect('prior_drawn' in man).toBe(false);
    expect((await run(['verify', path.join(f.dir, 'o')])).code).toBe(0);
  });

  it('--explain takes a company name and says it in English with --lang en', async () => {
    const f = writeInputs(tempDir(), { employers: 30 });
    const r = await run(drawArgs(f, ['--period', '2026H1', '--seed', 's', '--as-of', '2026-01-10', '--dry-run', '--explain', '测试单位005有限公司', '--lang', 'en']));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/This period \d+ of the \d+ eligible employers in \S+ are drawn at random; your chance is about \d+%; you were (not )?drawn\./);
    expect(r.out).not.toMatch(/本期|贵单位|签号|分层/);
  });
});
