import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../support/cli.js';

/** `verify --demo`: a demo draw into a fresh temp folder, then its verification; nothing else is touched. */

/** The temp folder the demo note names; removed by the caller. */
function demoDir(text: string): string {
  const m = /输出写入 (\S+)，不是正式记录/.exec(text);
  expect(m, text).not.toBeNull();
  return m![1]!;
}

describe('verify --demo', () => {
  it('draws the demo into a temp folder with seed “demo”, verifies it and its ledger, and touches nothing else', async () => {
    const cwd = tempDir();
    // a temp root of its own: what the demo makes there can be counted
    const tmp = tempDir();
    const r = await runCli(['verify', '--demo'], { cwd, env: { TMPDIR: tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const dir = demoDir(r.stdout);
    try {
      expect(path.dirname(dir)).toBe(tmp);
      expect(readdirSync(tmp)).toEqual([path.basename(dir)]);
      expect(r.stdout).toContain('内置演示数据');
      expect(r.stdout).toContain('种子 demo');
      expect(r.stdout).toContain('逐字节一致');
      expect(r.stdout).toContain('与台账第 1 条记录一致');
      expect(readdirSync(dir).sort()).toEqual(['inputs', 'inspection-list.csv', 'ledger.jsonl', 'manifest.json', 'publication.csv']);
      expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).seed).toBe('demo');
      // the working folder (where an office ledger would be) stays empty
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps stdout one JSON document with --json, the note going to stderr', async () => {
    const r = await runCli(['verify', '--demo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const dir = demoDir(r.stderr);
    try {
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ ok: true, demo: true, ledger: { entries: 1, intact: true }, dir: { seed: 'demo', ledger_seq: 1, outputs_match: true } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder, a ledger or input files with --demo, before making anything', async () => {
    const cwd = tempDir();
    const tmp = tempDir();
    for (const extra of [['somewhere'], ['--ledger', 'ledger.jsonl'], ['--plan', 'plan.yaml']]) {
      const r = await runCli(['verify', '--demo', ...extra], { cwd, env: { TMPDIR: tmp } });
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toContain('用法错误');
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
