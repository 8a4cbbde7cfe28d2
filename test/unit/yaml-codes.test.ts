import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { en } from '../../src/i18n/en/index.js';
import { zh } from '../../src/i18n/zh/index.js';

/**
 * The codes of the YAML readers and the penalty core: each has zh and en words and a line in
 * docs/yaml-codes.md (generic faults as `<kind>.<fault>`), so none reaches a user as its bare name.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const FAMILIES = 'plan|rule|review|condition|golden|case|calendar|compliance|ruleset|fact';
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
const words = (lang: typeof zh) => lang.problems as Record<string, (p: object) => string>;

describe('codes of the YAML readers', () => {
  const re = new RegExp(`'((?:${FAMILIES})\\.[a-z_]+(?:\\.[a-z_]+)*)'`, 'g');
  const inSource = new Set<string>();
  for (const f of [...files(path.join(ROOT, 'src/core')), ...files(path.join(ROOT, 'src/io'))])
    for (const m of readFileSync(f, 'utf8').matchAll(re)) if (!/\.(ya?ml|csv|json)$/.test(m[1]!)) inSource.add(m[1]!);
  const catalogued = Object.keys(zh.problems).filter((c) => new RegExp(`^(${FAMILIES})\\.`).test(c));
  const docs = readFileSync(path.join(ROOT, 'docs/yaml-codes.md'), 'utf8');

  it('the scan finds the codes', () => {
    expect(inSource.size).toBeGreaterThan(100);
    expect(inSource).toContain('plan.task.size.one');
  });

  it('every code in the source has zh and en words', () => {
    expect([...inSource].filter((c) => !(c in zh.problems) || !(c in en.problems))).toEqual([]);
  });

  it('every catalogued code is documented, literally or as a generic <kind>.<fault>', () => {
    const generic = (c: string) => docs.includes(`\`<kind>.${c.slice(c.indexOf('.') + 1)}\``);
    expect(catalogued.filter((c) => !docs.includes(`\`${c}\``) && !generic(c))).toEqual([]);
  });

  it('no code is worded as its own name', () => {
    for (const lang of [zh, en]) expect(catalogued.filter((c) => words(lang)[c]!({}).includes(c))).toEqual([]);
  });
});
