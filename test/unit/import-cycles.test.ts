import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No two modules of src/ import each other, directly or round a longer loop (type-only imports aside:
 * they vanish from the built code). A loop means neither side can be read, tested or moved alone,
 * and the order modules are evaluated in starts to matter.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** The modules a file imports at run time: `import … from`, `export … from`, side-effect and dynamic imports. */
export function runtimeImports(file: string, source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const res = [/^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s*['"](\.[^'"]+)['"]/gm, /^\s*import\s*['"](\.[^'"]+)['"]/gm];
  for (const re of res) for (const m of code.matchAll(re)) out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
  return out;
}

/** The strongly connected groups of more than one module (Tarjan), each sorted, for a readable failure. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) {
        const rel = path.relative(SRC, full).split(path.sep).join('/');
        graph.set(rel, runtimeImports(rel, readFileSync(full, 'utf8')));
      }
    }
  };
  walk(SRC);
  return graph;
}

describe('no import cycles in src/', () => {
  it('finds a planted loop, and none that type-only imports make', () => {
    const g = new Map([
      ['a.ts', runtimeImports('a.ts', "import { b } from './b.js';")],
      ['b.ts', runtimeImports('b.ts', "import { c } from './c.js';\nimport type { A } from './a.js';")],
      ['c.ts', runtimeImports('c.ts', "export { a } from './a.js';")],
      ['d.ts', runtimeImports('d.ts', "import type { A } from './a.js';")],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    g.set('c.ts', []);
    expect(cycles(g)).toEqual([]);
  });

  it('src/ has none', () => {
    const graph = sourceGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });
});
