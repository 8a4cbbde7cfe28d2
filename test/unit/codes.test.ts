import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { en } from '../../src/i18n/en/index.js';
import { zh } from '../../src/i18n/zh/index.js';

/**
 * Every code a core returns has words in both languages and a line in docs/codes.md, so a new code
 * cannot reach a user as its bare name.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));

/** Code literals under src/core and the command files that build findings (check/results.ts). */
function codesInSource(): Set<string> {
  const out = new Set<string>();
  const sources = [...files(path.join(ROOT, 'src/core')), path.join(ROOT, 'src/commands/check/results.ts')];
  // any string literal shaped like a code of these families: codes sit in object literals, maps and calls alike
  const re = /'((?:check|ledger|cell|row|table|disclosure|annual|input)\.[a-z_]+(?:\.[a-z_]+)*)'/g;
  for (const f of sources) for (const m of readFileSync(f, 'utf8').matchAll(re)) if (!/\.(jsonl|json|csv|yaml)$/.test(m[1]!)) out.add(m[1]!);
  // built from a value: core/table-schema.ts `cell.excel.${damage}`
  out.add('cell.excel.exponent').add('cell.excel.decimal');
  // core/results/categories.ts rulesProblemCode
  for (const c of ['not_mapping', 'not_list', 'unknown_key', 'required', 'not_bool', 'duplicate', 'empty']) out.add(`results.rules.${c}`);
  return out;
}

describe('problem codes', () => {
  const codes = codesInSource();
  const docs = readFileSync(path.join(ROOT, 'docs/codes.md'), 'utf8');

  it('the scan finds the codes (guards the scan itself)', () => {
    expect(codes.size).toBeGreaterThan(50);
    expect(codes).toContain('check.deadline.overdue');
    expect(codes).toContain('disclosure.kind.twice');
  });

  it('every code has zh and en words, and docs/codes.md lists it', () => {
    const missing = [...codes].filter((c) => !(c in zh.problems) || !(c in en.problems));
    expect(missing).toEqual([]);
    const undocumented = [...codes].filter((c) => !docs.includes(`\`${c}\``));
    expect(undocumented).toEqual([]);
  });

  it('the codes of draw warnings and verify findings (worded by their commands) are listed in docs/codes.md too', () => {
    const re = /'((?:draw|verify)\.[a-z_]+(?:\.[a-z_]+)+)'/g;
    const found = new Set<string>();
    for (const f of [path.join(ROOT, 'src/core/draw/types.ts'), ...files(path.join(ROOT, 'src/commands/verify'))]) for (const m of readFileSync(f, 'utf8').matchAll(re)) found.add(m[1]!);
    expect(found).toContain('draw.task.capped');
    expect(found).toContain('verify.output.differs');
    expect([...found].filter((c) => !docs.includes(`\`${c}\``))).toEqual([]);
  });

  it('no code renders as its own bare name', () => {
    const bare = Object.keys(zh.problems).filter((c) => {
      const words = (zh.problems as Record<string, (p: object) => string>)[c]!;
      return words({}).includes(c);
    });
    expect(bare).toEqual([]);
  });
});
