import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';
import { INIT_TEMPLATES } from '../../src/commands/init.js';

describe('the CLI shell', () => {
  it('prints Chinese help by default and English with --lang en or LANG=en', async () => {
    const zh = await runMain(['--help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('用法：');
    expect(zh.stdout).toContain('退出码');
    const en = await runMain(['--lang', 'en', '--help']);
    expect(en.stdout).toContain('Usage:');
    expect(en.stdout).toContain('Exit codes');
    expect((await runMain(['--help'], { env: { LANG: 'en_US.UTF-8' } })).stdout).toContain('Usage:');
  });

  it('exits 2 with a message in the user\'s language for an unknown option or command', async () => {
    const r = await runMain(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知选项 --bogus');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const c = await runMain(['--lang', 'en', 'nosuchcommand']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('unknown command nosuchcommand');
  });

  it('prints no colour codes with NO_COLOR or without a TTY', async () => {
    const r = await runMain(['--bogus'], { env: { FORCE_COLOR: '' } });
    expect(r.stderr).not.toContain('\u001b[');
  });

  it('init scaffolds a working folder and refuses to overwrite it', async () => {
    const dir = path.join(tempDir(), 'office');
    const first = await runMain(['init', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...INIT_TEMPLATES].sort());
    expect(readFileSync(path.join(dir, 'plan.yaml'), 'utf8')).toMatch(/#/);
    writeFileSync(path.join(dir, 'plan.yaml'), 'office: 我们自己改过的计划\n');
    const second = await runMain(['init', dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('plan.yaml');
    // and says what to do instead: there is no --force for an office's own plan
    expect(second.stderr).toContain('请换一个空文件夹');
    expect(readFileSync(path.join(dir, 'plan.yaml'), 'utf8')).toBe('office: 我们自己改过的计划\n');
    expect(existsSync(path.join(dir, 'employers.csv'))).toBe(true);
  });
});
