import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addOptions, opt } from '../../src/commands/shared/options.js';
import { runMain } from '../support/main.js';

describe('option tables (src/commands/shared/options.ts)', () => {
  it('refuse a key that commander would store under another name', () => {
    const bad = opt({ flags: '--out-encoding <enc>', key: 'outencoding', description: () => 'x' });
    expect(() => addOptions(new Command('x'), [bad])).toThrow(/stored as outEncoding, not outencoding/);
    const good = opt({ flags: '--no-color', key: 'color', description: () => 'x' });
    expect(() => addOptions(new Command('x'), [good])).not.toThrow();
  });

  // one parser per option, the same words wherever it appears; exit 2 as a usage error
  it.each([
    [['draw', '--demo', '--dry-run', '--as-of', '2026-02-30'], '--as-of "2026-02-30" is not a valid date'],
    [['check', 'cases', '--demo', '--as-of', '2026-02-30'], '--as-of "2026-02-30" is not a valid date'],
    [['results', 'check', 'x', '--results', 'r.csv', '--as-of', 'tomorrow'], '--as-of "tomorrow" is not a valid date'],
    [['check', 'deadlines', '--demo', '--since', '2026-13-01'], '--since "2026-13-01" is not a valid date'],
    [['check', 'annual-report', '--published-on', '1.1'], '--published-on "1.1" is not a valid date'],
    [['check', 'roster', '--demo', '--warn-days', '-1'], 'warning days "-1" is invalid'],
    [['check', 'annual-report', '--year', '26'], 'year "26" is invalid'],
    [['report', 'annual', '--demo', '--year', '２０２６x'], 'year "２０２６x" is invalid'],
    [['calendar', 'show', '20x6'], 'year "20x6" is invalid'],
    [['verify', 'dir', '--inputs', 'latest'], 'Invalid --inputs value "latest"'],
    [['draw', '--demo', '--dry-run', '--encoding', 'latin1'], 'unsupported encoding latin1'],
    [['penalty', '--demo', '--out-encoding', 'utf16'], 'unsupported encoding utf16'],
  ])('%j is a usage error naming the value', async (args, words) => {
    const r = await runMain([...args, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
    expect(r.stdout).toBe('');
  });

  it('--lang takes zh or en only', async () => {
    const r = await runMain(['--lang', 'fr', 'draw']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不支持的界面语言 fr');
  });
});
