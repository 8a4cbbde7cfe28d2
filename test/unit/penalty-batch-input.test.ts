import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvFast } from '../../src/io/fast-csv.js';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

/**
 * The batch's case file gets the row-shape and control-character checks every other table gets
 * (core/table-schema): the whole file is refused (exit 2) with every such row located, and no result
 * is written. Before, a short row was padded and a long one shifted every result column.
 */
const HEADER = 'rule,affected_workers,decision_date,编号';
const dir = tempDir();
async function batch(body: string, name: string, lang = 'zh') {
  const input = path.join(dir, `${name}.csv`);
  const out = path.join(dir, `${name}-out.csv`);
  writeFileSync(input, body);
  const r = await runMain(['penalty', '--batch', input, '--out', out, '--lang', lang]);
  return { ...r, input, written: existsSync(out) };
}

describe('penalty --batch refuses a malformed case file, every bad row located', () => {
  it('a row with a filled cell beyond the header and a row with too few cells: exit 2, both lines, no output', async () => {
    const r = await batch(`${HEADER}\novertime,12,2026-01-05,A1\novertime,12,2026-01-05,A2,extra\novertime,12\novertime,3,2026-01-05,A4\n`, 'shape');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.input}:3`);
    expect(r.stderr).toContain('本行有 5 个单元格，表头只有 4 列');
    expect(r.stderr).toContain(`${r.input}:4`);
    expect(r.stderr).toContain('本行只有 2 个单元格，表头有 4 列');
    // the batch has no --lenient to offer
    expect(r.stderr).not.toContain('--lenient');
    expect(r.written).toBe(false);
  });

  it('empty cells beyond the header (a spreadsheet\'s padding) are no fault, and the result columns stay in place', async () => {
    const r = await batch(`${HEADER}\novertime,12,2026-01-05,A1,,\n`, 'padding');
    expect(r.code).toBe(0);
    const t = parseCsvFast(readFileSync(path.join(dir, 'padding-out.csv'), 'utf8'), 'out');
    expect(t.rows[0]!.cells.slice(0, 6)).toEqual(['overtime', '12', '2026-01-05', 'A1', '成功', '2004']);
    expect(t.rows[0]!.cells.length).toBe(t.header.length);
  });

  it('C0/C1 control characters in a cell or in the header: exit 2 naming line, column and the character', async () => {
    const r = await batch(`${HEADER}\novertime,12,2026-01-05,A\u00011\novertime,12,2026-01-05,A\u009b2\n`, 'controls');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.input}:2`);
    expect(r.stderr).toContain('\\x01');
    expect(r.stderr).toContain(`${r.input}:3`);
    expect(r.stderr).toContain('\\x9b');
    expect(r.stderr).toContain('编号');
    expect(r.written).toBe(false);
    const h = await batch(`rule,affected_workers,decision_date,编\u001b号\novertime,12,2026-01-05,A1\n`, 'header-control');
    expect(h.code).toBe(2);
    expect(h.stderr).toContain(`${h.input}:1`);
    expect(h.stderr).toContain('ESC');
  });

  it('in English too', async () => {
    const r = await batch(`${HEADER}\novertime,12\n`, 'shape-en', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this row has only 2 cells but the header has 4 columns');
    expect(r.stderr).not.toContain('--lenient');
  });
});
