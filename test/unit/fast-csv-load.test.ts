import { readFileSync } from 'node:fs';
import { problemText } from '../../src/ui/problem-text.js';
import { describe, expect, it } from 'vitest';
import { EMPLOYER_SPEC, INSPECTOR_SPEC } from '../../src/core/records.js';
import { validateRows } from '../../src/core/table-schema.js';
import { InputError } from '../../src/errors.js';
import { m } from '../../src/i18n/index.js';
import { parseCsvText } from '../../src/io/csv.js';
import { DEMO } from '../../src/io/paths.js';
import { parseTable } from '../../src/io/tables.js';

// parseTable reads with the fast scanner and validates with per-column caches; both must be
// invisible: the same rows and the same problems as csv-parse + validation without caches.
describe('loading through the fast path', () => {
  it('gives the same typed rows as csv-parse on the demo directory and roster', () => {
    for (const [file, spec] of [
      [DEMO.employers, EMPLOYER_SPEC],
      [DEMO.inspectors, INSPECTOR_SPEC],
    ] as const) {
      const text = readFileSync(file, 'utf8');
      const slow = parseCsvText(text, file);
      const expected = validateRows(spec, slow.header, slow.rows, file);
      expect(parseTable(text, spec, file).rows).toEqual(expected.rows);
    }
  });

  it('reports a repeated bad value on every line, not only the first (the cache keeps errors)', () => {
    const ok = '91350100M000100Y43';
    const rows = [
      '统一社会信用代码,单位名称,经营异常,上次检查日期',
      `${ok},甲,也许,2026-13-01`,
      `91350100M000100Y44,乙,也许,2026-13-01`,
      `${ok},丙,也许,2026-01-05`,
    ];
    let err: InputError | undefined;
    try {
      parseTable(rows.join('\n'), EMPLOYER_SPEC, 'e.csv');
    } catch (e) {
      err = e as InputError;
    }
    expect(err).toBeInstanceOf(InputError);
    const where = err!.problems.map((p) => `${p.line}:${p.column}`);
    expect(where).toEqual(['2:经营异常', '2:上次检查日期', '3:统一社会信用代码', '3:经营异常', '3:上次检查日期', '4:统一社会信用代码', '4:经营异常']);
    expect(problemText(err!.problems[5]!)).toBe(m().io.duplicateKey(ok, 2));
  });
});
