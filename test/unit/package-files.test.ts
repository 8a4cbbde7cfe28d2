import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.js';

/** Every .ts file below dir, as paths relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

describe('what the package ships', () => {
  it('leaves out the demo-data generator, and nothing that ships imports it', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('dist');
    expect(pkg.files).toContain('!dist/demo');
    const importers = sources('src')
      .filter((f) => !f.startsWith(path.join('src', 'demo')))
      .filter((f) => /from '[./]*\/demo\/|import\('[./]*\/demo\//.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(importers).toEqual([]);
  });
});
