import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n/index.js';
import { confirmAnswer, listTheme } from '../../src/ui/prompts.js';

describe('interactive prompts speak the user\'s language', () => {
  afterEach(() => setLang('zh'));

  it('key hints, "no results" and confirm answers are Chinese by default', () => {
    setLang('zh');
    const style = listTheme().theme.style;
    expect(style.keysHelpTip([['↑↓', 'navigate'], ['⏎', 'select']])).toBe('↑↓ 上下移动 • ⏎ 回车确定');
    expect(style.error('No results found')).toBe('> 没有匹配的项，请换个关键字');
    expect(style.error('其他错误')).toBe('> 其他错误');
    expect(confirmAnswer().transformer(true)).toBe('是');
    expect(confirmAnswer().transformer(false)).toBe('否');
  });

  it('and English with --lang en', () => {
    setLang('en');
    expect(listTheme().theme.style.keysHelpTip([['↑↓', 'navigate']])).toBe('↑↓ navigate');
    expect(confirmAnswer().transformer(false)).toBe('No');
  });
});

describe('penalty --interactive search', () => {
  it('finds a rule by the article of its legal basis, not only by its name', async () => {
    const { runInteractive } = await import('../../src/commands/penalty/interactive.js');
    const { loadRuleSet } = await import('../../src/io/rules.js');
    const { createUi } = await import('../../src/ui/ui.js');
    const { Writable } = await import('node:stream');
    const sink = new Writable({ write(_c, _e, cb) { cb(); } });
    const set = await loadRuleSet();
    let hits: string[] = [];
    const stop = new Error('stop after the search');
    const ui = createUi({ stdout: sink, stderr: sink, stdinIsTTY: false, env: {}, noColor: true });
    await expect(
      runInteractive({ ui, debug: false, cwd: '.', env: {}, now: new Date('2026-01-05T02:00:00Z'), exitCode: 0 }, set, {
        search: async (cfg) => {
          hits = (await cfg.source('劳动保障监察条例》第二十五条')).map((h) => h.value);
          throw stop;
        },
        select: async () => '',
        input: async () => '',
        confirm: async () => false,
      }, '2026-01-05'),
    ).rejects.toBe(stop);
    expect(hits).toContain('overtime');
  });
});

describe('Ctrl-C at a prompt', () => {
  it('is a quiet cancellation (exit 0, as draw --interactive), not an internal error', async () => {
    const { report } = await import('../../src/main.js');
    const { createUi } = await import('../../src/ui/ui.js');
    const { Writable } = await import('node:stream');
    let out = '';
    let err = '';
    const ui = createUi({
      stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
      stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
      stdinIsTTY: true,
      env: {},
      noColor: true,
    });
    const e = new Error('User force closed the prompt with SIGINT');
    e.name = 'ExitPromptError';
    expect(report(e, ui, false)).toBe(0);
    expect(out).toBe('已取消，未写入任何文件。\n');
    expect(err).toBe('');
  });
});
