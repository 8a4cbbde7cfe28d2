import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { report } from '../../src/main.js';
import { createUi } from '../../src/ui/ui.js';
import path from 'node:path';
import { InputError, UsageError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';
import { FIXTURES } from '../support/cli.js';
import { runMain } from '../support/main.js';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  const ui = createUi({ stdout: stream, stderr: stream, stdinIsTTY: false, env: {}, noColor: true });
  return { ui, text: () => text };
}

describe('errors become exit codes in one place', () => {
  it('maps findings to 1, input and usage to 2, anything else to 3', async () => {
    // findings are no error: a command that found something sets the run's exit code and returns
    const findings = await runMain(['check', 'deadlines', '--decisions', path.join(FIXTURES, 'decisions.csv'), '--as-of', '2026-11-21']);
    expect(findings.code).toBe(1);
    setLang('zh');
    expect(report(new InputError('坏文件', [{ file: 'a.csv', line: 3, column: '单位名称', value: '=1', message: '必填' }]), capture().ui, false)).toBe(2);
    expect(report(new UsageError('缺少 --plan'), capture().ui, false)).toBe(2);
    expect(report(new TypeError('boom'), capture().ui, false)).toBe(3);
  });

  it('locates each input problem as file:line, column, value', () => {
    const c = capture();
    report(new InputError('坏文件', [{ file: 'a.csv', line: 3, column: '单位名称', value: '=1', message: '必填' }]), c.ui, false);
    expect(c.text()).toContain('a.csv:3, 列 “单位名称”, 值 “=1”: 必填');
  });

  it('shows a stack trace for an internal error only with --debug', () => {
    const plain = capture();
    report(new TypeError('boom'), plain.ui, false);
    expect(plain.text()).toContain('内部错误：boom');
    expect(plain.text()).not.toContain('at ');
    const debug = capture();
    report(new TypeError('boom'), debug.ui, true);
    expect(debug.text()).toMatch(/\n\s+at /);
  });

  it('keeps the error underneath as the cause, and prints the chain only with --debug', async () => {
    const missing = path.join(FIXTURES, 'no-such-decisions.csv');
    const plain = await runMain(['check', 'deadlines', '--decisions', missing, '--as-of', '2026-11-21']);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim()).toBe(`输入有误：找不到文件：${missing}`);
    const debug = await runMain(['check', 'deadlines', '--decisions', missing, '--as-of', '2026-11-21', '--debug', '--lang', 'en']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain(`  cause: ENOENT: no such file or directory, open '${missing}'`);
    expect(debug.stderr).not.toMatch(/\n\s+at /);
    const inner = new Error('inner', { cause: Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' }) });
    setLang('zh');
    const c = capture();
    report(new InputError('坏文件', [], { cause: inner }), c.ui, true);
    expect(c.text()).toContain('  原因：inner\n  原因：EXDEV: cross-device link');
  });

  it('never prints a stack trace for bad input, even with --debug', () => {
    const c = capture();
    report(new InputError('坏文件'), c.ui, true);
    expect(c.text()).not.toMatch(/\n\s+at /);
  });
});
