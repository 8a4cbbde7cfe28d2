import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseLedger } from '../../src/core/ledger.js';
import { BIN, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { drawArgs, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * The crash matrix of docs/draw.md section 9: a real SIGKILL before every numbered step of a draw's
 * commit (the steps are enumerated by the fault seam's log, not hard-coded, so a new step is covered
 * the day it is added), then property 1 on what is left and property 2 on the next run.
 */

const OUTPUTS = ['inputs', 'inspection-list.csv', 'manifest.json', 'publication.csv'];
const H2 = ['--period', '2026H2', '--as-of', '2026-07-01', '--seed', 'crash', '--out', 'draws/2026H2'];

let template: DrawFiles;
let steps: { n: number; name: string }[];

const rel = (f: DrawFiles): DrawFiles => ({ ...f, employers: 'employers.csv', inspectors: 'inspectors.csv', plan: 'plan.yaml' });

function copy(): DrawFiles {
  const dir = tempDir('shuangsui-crash-');
  cpSync(template.dir, dir, { recursive: true });
  return { dir, employers: path.join(dir, 'employers.csv'), inspectors: path.join(dir, 'inspectors.csv'), plan: path.join(dir, 'plan.yaml') };
}

/** The draw in a child process, with the fault seam's variables; resolves with its exit code or signal. */
function child(f: DrawFiles, env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...drawArgs(rel(f), H2)], { cwd: f.dir, env: { ...process.env, NO_COLOR: '1', LANG: 'zh_CN.UTF-8', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function ledgerOf(f: DrawFiles) {
  const file = path.join(f.dir, 'draws', 'ledger.jsonl');
  return parseLedger(existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
}

const out = (f: DrawFiles) => path.join(f.dir, 'draws', '2026H2');
const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** Property 1: no draw, or a committed one whose every output is in the folder or whole in staging. */
function assertProperty1(f: DrawFiles, step: string): 'none' | 'committed' {
  const ledger = ledgerOf(f);
  const present = list(out(f));
  if (ledger.lines.length === 1) {
    expect(present.filter((n) => OUTPUTS.includes(n)), `step ${step}: outputs without a ledger entry`).toEqual([]);
    return 'none';
  }
  expect(ledger.lines.length, step).toBe(2);
  expect(ledger.fault, step).toBeNull();
  const staging = present.find((n) => n.startsWith('.shuangsui-staging-'));
  for (const name of OUTPUTS) {
    const there = existsSync(path.join(out(f), name)) || (staging !== undefined && existsSync(path.join(out(f), staging, name)));
    expect(there, `step ${step}: ${name} of a committed draw is lost`).toBe(true);
  }
  return 'committed';
}

/** Property 2 after the same command ran again: one complete draw, nothing left over, verify passes. */
async function assertProperty2(f: DrawFiles, step: string): Promise<void> {
  const ledger = ledgerOf(f);
  expect(ledger.fault, step).toBeNull();
  expect(ledger.lines.map((l) => l.entry.period), step).toEqual(['2026H1', '2026H2']);
  expect(list(out(f)), step).toEqual(OUTPUTS);
  expect(list(path.join(f.dir, 'draws')).filter((n) => n !== '2026H1' && n !== '2026H2'), step).toEqual(['ledger.jsonl']);
  const v = await runMain(['verify', out(f)], { cwd: f.dir });
  expect(v.code, `${step}: ${v.stdout}${v.stderr}`).toBe(0);
}

beforeAll(async () => {
  template = writeInputs(tempDir('shuangsui-crash-'), { employers: 12 });
  const h1 = await runMain(drawArgs(rel(template), ['--period', '2026H1', '--as-of', '2026-01-10', '--seed', 'crash', '--out', 'draws/2026H1']), { cwd: template.dir });
  expect(h1.code, h1.stderr).toBe(0);
  const f = copy();
  const log = path.join(f.dir, 'steps.log');
  const r = await child(f, { SHUANGSUI_FAULT_LOG: log });
  expect(r.code, r.stderr).toBe(0);
  steps = readFileSync(log, 'utf8').trim().split('\n').map((l) => ({ n: Number(l.split(' ')[0]), name: l.split(' ')[1]! }));
});

describe('the draw transaction under SIGKILL', () => {
  it('numbers every write, fsync and rename of the commit, the ledger append and the lock', () => {
    const names = steps.map((s) => s.name);
    for (const want of ['lock.write', 'lock.fsync', 'lock.link', 'journal.write', 'journal.rename', 'claim.link', 'stage.mkdir', 'ledger.write', 'ledger.fsync', 'lock.remove']) {
      expect(names).toContain(want);
    }
    for (const file of ['inspection-list.csv', 'publication.csv', 'manifest.json', 'inputs/employers.csv.gz', 'inputs/inspectors.csv.gz', 'inputs/plan.yaml.gz']) {
      expect(names).toContain(`stage:${file}.write`);
      expect(names).toContain(`stage:${file}.fsync`);
    }
    for (const top of OUTPUTS) expect(names).toContain(`out.rename:${top}`);
    // the commit point comes after every staged file and before every rename into the folder
    const at = (n: string) => names.indexOf(n);
    expect(at('ledger.write')).toBeGreaterThan(at('stage.dirsync'));
    expect(at('ledger.fsync')).toBeLessThan(Math.min(...OUTPUTS.map((o) => at(`out.rename:${o}`))));
  });

  it('at every step: dies leaving no draw or a recoverable one, and the next run recovers on its own, saying so', async () => {
    const seen = { none: 0, committed: 0 };
    // two at a time: the machine has two cores
    const queue = [...steps];
    const work = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const f = copy();
        const step = `${s.n} ${s.name}`;
        const killed = await child(f, { SHUANGSUI_FAULT: `${s.n}:kill` });
        expect(killed.signal, `${step}: ${killed.stderr}`).toBe('SIGKILL');
        const state = assertProperty1(f, step);
        seen[state] += 1;
        const traces = existsSync(path.join(f.dir, 'draws', 'ledger.jsonl.lock')) || existsSync(path.join(f.dir, 'draws', 'ledger.jsonl.pending'));
        const completeBefore = state === 'committed' && !existsSync(path.join(f.dir, 'draws', 'ledger.jsonl.pending'));
        const again = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
        if (completeBefore) {
          // died after the commit was finished (removing the lock): the draw exists, so it is not made twice
          expect(again.code, step).toBe(2);
          expect(again.stderr, step).toContain('已接管遗留的锁文件');
          expect(again.stderr, step).toContain('已经抽取过');
        } else {
          expect(again.code, `${step}: ${again.stderr}`).toBe(0);
          if (state === 'committed') expect(again.stdout, step).toContain('现已完成，无需重新抽取');
        }
        if (traces) expect(again.stderr, step).toMatch(/已接管遗留的锁文件|已完成上次被中断的提交|已撤销上次未完成的提交/);
        await assertProperty2(f, step);
      }
    };
    await Promise.all([work(), work()]);
    expect(seen.none).toBeGreaterThan(0);
    expect(seen.committed).toBeGreaterThan(0);
  }, 300_000);

  it('a torn ledger line (killed halfway through the append) is set aside, kept, and the draw is made again', async () => {
    const f = copy();
    const before = readFileSync(path.join(f.dir, 'draws', 'ledger.jsonl'));
    const killed = await child(f, { SHUANGSUI_FAULT: 'ledger.write:torn' });
    expect(killed.signal).toBe('SIGKILL');
    const torn = readFileSync(path.join(f.dir, 'draws', 'ledger.jsonl'));
    expect(torn.length).toBeGreaterThan(before.length);
    expect(ledgerOf(f).fault?.kind).toBe('unterminated');
    assertProperty1(f, 'torn');
    const again = await runMain(drawArgs(rel(f), H2), { cwd: f.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('写入不完整');
    const aside = readdirSync(path.join(f.dir, 'draws')).find((n) => n.startsWith('ledger.jsonl.torn-'))!;
    expect(readFileSync(path.join(f.dir, 'draws', aside))).toEqual(torn.subarray(before.length));
    expect(ledgerOf(f).lines.length).toBe(2);
    expect(list(out(f))).toEqual(OUTPUTS);
  });

  it('check draws and verify complete a committed draw first, saying so; a staging folder is never verified as output', async () => {
    const f = copy();
    const killed = await child(f, { SHUANGSUI_FAULT: 'out.rename:publication.csv:kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(assertProperty1(f, 'rename')).toBe('committed');
    const staging = list(out(f)).find((n) => n.startsWith('.shuangsui-staging-'))!;
    const s = await runMain(['verify', path.join(out(f), staging)]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('暂存目录');
    const ledgerFile = path.join(f.dir, 'draws', 'ledger.jsonl');
    const c = await runMain(['check', 'draws', '--ledger', ledgerFile, '--plan', f.plan, '--as-of', '2026-07-02']);
    expect(c.stderr).toContain('已完成上次被中断的提交');
    expect(c.stderr).toContain('已接管遗留的锁文件');
    await assertProperty2(f, 'check draws');

    const g = copy();
    expect((await child(g, { SHUANGSUI_FAULT: 'cleanup.staging:kill' })).signal).toBe('SIGKILL');
    const v = await runMain(['verify', '--ledger', path.join(g.dir, 'draws', 'ledger.jsonl')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toContain('已完成上次被中断的提交');
    await assertProperty2(g, 'verify --ledger');
  });
});
