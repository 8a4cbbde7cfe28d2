import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseLedger } from '../../src/core/ledger.js';
import { BIN, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * Property 4: one output folder, one draw. Two draws with different ledgers (so the ledger lock
 * does not order them) race into the same --out; at most one may succeed, the folder must hold
 * exactly that draw, and the loser's ledger must not have recorded anything.
 */

let f: DrawFiles;

function draw(ledger: string, seed: string, out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = drawArgs(f, ['--period', '2026H1', '--as-of', '2026-01-10', '--seed', seed, '--out', out, '--ledger', ledger]);
    // both pause after they have looked at the folder and before they stage (test-only seam): a check-then-act
    // design would let both through every time; only the exclusive claim can keep the second one out
    const env = { ...process.env, NO_COLOR: '1', LANG: 'zh_CN.UTF-8', SHUANGSUI_FAULT: 'stage.mkdir:sleep150' };
    const p = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

const entries = (ledger: string) => (existsSync(ledger) ? parseLedger(readFileSync(ledger)).lines.length : 0);

beforeAll(() => {
  f = writeInputs(tempDir('shuangsui-race-'), { employers: 12 });
});

describe('two draws into one folder', () => {
  it('never both succeed, and the folder holds exactly the winner’s draw (20 trials)', async () => {
    let wins = 0;
    for (let trial = 0; trial < 20; trial++) {
      const dir = tempDir('shuangsui-race-');
      const out = path.join(dir, 'out');
      const [la, lb] = [path.join(dir, 'a', 'ledger.jsonl'), path.join(dir, 'b', 'ledger.jsonl')];
      const [a, b] = await Promise.all([draw(la, 'seed-a', out), draw(lb, 'seed-b', out)]);
      const ok = [a, b].filter((r) => r.code === 0);
      expect(ok.length, `trial ${trial}: ${a.stderr}\n${b.stderr}`).toBeLessThanOrEqual(1);
      for (const r of [a, b]) expect([0, 2], r.stderr).toContain(r.code);
      expect(ok.length, `trial ${trial}: ${a.stderr}\n${b.stderr}`).toBe(1);
      wins += 1;
      const winner = a.code === 0 ? 'a' : 'b';
      // the loser recorded nothing, the winner once
      expect(entries(winner === 'a' ? la : lb)).toBe(1);
      expect(entries(winner === 'a' ? lb : la)).toBe(0);
      const loser = winner === 'a' ? b : a;
      expect(loser.stderr).toMatch(/不是空目录|正在写入输出目录/);
      expect(readdirSync(out).sort()).toEqual(['inputs', 'inspection-list.csv', 'manifest.json', 'publication.csv']);
      const man = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      expect(man.seed).toBe(`seed-${winner}`);
      const v = await runMain(['verify', out]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    }
    expect(wins).toBe(20);
  }, 240_000);
});
