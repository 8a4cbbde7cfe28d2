import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../support/cli.js';

/** Regressions found by using the tool as an office would (docs/qa.md lists the session). */
describe('what a user trips over (built binary)', () => {
  it('an output folder that cannot be created is exit 2 with the path and why, not an internal error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'plan.yaml'), '');
    const r = runCli(['init', path.join(dir, 'plan.yaml', 'office')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法写入');
    expect(r.stderr).toContain('路径中有一段是文件而不是目录');
    expect(r.stderr).not.toContain('内部错误');
    const en = runCli(['penalty', '--demo', '--batch', '--out', path.join(dir, 'plan.yaml', 'r.csv'), '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('part of the path is a file, not a folder');
  });

  it('a missing file is said once, with no space after the full-width colon', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'nope.yaml');
    const r = runCli(['check', 'all', '--config', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`输入有误：找不到文件：${missing}`);
    const located = runCli(['check', 'cases', '--cases', path.join(dir, 'cases.csv'), '--as-of', '2026-11-21']);
    expect(located.code).toBe(2);
    expect(located.stderr.split(path.join(dir, 'cases.csv')).length - 1).toBe(1);
  });
});
