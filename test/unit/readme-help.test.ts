import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';

/** scripts/readme-help.js on the built program (npm test builds dist/ first). */
function readmeHelp(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'readme-help.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr };
}

describe("README's command reference", () => {
  it('is what --help says now, in Chinese and in English (npm run docs:help rewrites it)', () => {
    const r = readmeHelp(['--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('<code>shuangsui check deadlines</code>');
    expect(readme).toContain('Usage: shuangsui check deadlines [options]');
    expect(readme).toContain('用法：shuangsui check deadlines [选项]');
  });

  it('is reported stale when a block differs from --help, and the script puts it right', () => {
    const copy = path.join(tempDir(), 'README.md');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    writeFileSync(copy, readme.replace('<code>shuangsui check deadlines</code>', '<code>shuangsui check deadline</code>'));
    const stale = readmeHelp(['--check', '--readme', copy]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('npm run docs:help');
    expect(readmeHelp(['--readme', copy]).code).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(readme);
  });
});
