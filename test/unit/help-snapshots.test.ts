import { describe, expect, it } from 'vitest';
import { commandPaths, normaliseHelp } from '../support/help.js';
import { runMain } from '../support/main.js';

/**
 * Every command's --help in both languages, as the user sees it. This guards what src/cli.ts does to
 * commander's English (localisedHelp, localiseExtras, the CJK column widths) and every option's
 * description: a change shows up as a snapshot diff to review (`npx vitest run -u` accepts it).
 */
const paths = await commandPaths();

describe('--help of every command', () => {
  it('finds every command and subcommand', () => {
    // a floor, not the list: a new command is picked up by itself
    expect(paths.length).toBeGreaterThanOrEqual(30);
    expect(paths).toEqual(expect.arrayContaining([[], ['draw'], ['check', 'deadlines'], ['results', 'publish'], ['calendar', 'show']]));
  });

  for (const lang of ['zh', 'en'] as const) {
    it.each(paths.map((p) => [p.join(' ') || '(program)', p] as const))(`${lang}: %s`, async (_name, p) => {
      const r = await runMain([...p, '--help', ...(lang === 'en' ? ['--lang', 'en'] : [])]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      // English help may gloss a term in Chinese (裁量基准, a column name, 2026年2月12日 as an accepted date),
      // but a Chinese sentence (full-width punctuation) is a leak
      if (lang === 'en') expect(r.stdout).toMatch(/^Usage: /m);
      if (lang === 'en') expect(r.stdout).not.toMatch(/[，：。；（）]/u);
      if (lang === 'zh') expect(r.stdout).toMatch(/^用法：/m);
      expect(normaliseHelp(r.stdout)).toMatchSnapshot();
    });
  }
});
