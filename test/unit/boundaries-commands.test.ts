import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Commands stand alone (docs/architecture.md): a file under src/commands imports its own command
 * (src/commands/<cmd>.ts or src/commands/<cmd>/**), src/commands/shared/, and anything outside
 * src/commands except src/cli.ts and src/main.ts, which import the commands. shared/ imports no command.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every module specifier a file names: static imports and re-exports, side-effect imports, dynamic import(). */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const re of [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const hit of code.matchAll(re)) found.push(hit[1]!);
  }
  return found;
}

/** The command a path under src/commands belongs to ('shared' for the shared modules); null outside. */
function ownerOf(rel: string): string | null {
  const parts = rel.split('/');
  if (parts[0] !== 'commands' || parts.length < 2) return null;
  return parts.length === 2 ? parts[1]!.replace(/\.[cm]?[jt]s$/, '') : parts[1]!;
}

/** Each forbidden import as "importer → target", both relative to src/. `files` maps a path relative to src/ to its text. */
export function violations(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const owner = ownerOf(file);
    if (owner === null) continue;
    for (const spec of specifiers(source)) {
      if (!spec.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      const targetOwner = ownerOf(target);
      const bad = target === 'cli.ts' || target === 'main.ts' || (targetOwner !== null && targetOwner !== owner && targetOwner !== 'shared');
      if (bad) out.push(`${file} → ${target}`);
    }
  }
  return out;
}

function commandSources(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) files.set(path.relative(SRC, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(SRC, 'commands'));
  return files;
}

describe('commands stand alone', () => {
  it('no file under src/commands imports another command, src/cli.ts or src/main.ts', () => {
    const files = commandSources();
    // the scan must have something to scan: the draw, check and shared folders at least
    expect([...files.keys()]).toEqual(expect.arrayContaining(['commands/draw/index.ts', 'commands/check/index.ts', 'commands/shared/draw-pipeline.ts']));
    expect(violations(files)).toEqual([]);
  });

  it('fails on each kind of violation', () => {
    const files = new Map([
      ['commands/verify/index.ts', "import { prepareDraw } from '../draw/run.js';\nimport { x } from '../shared/draw-pipeline.js';"],
      ['commands/rules.ts', "import { findRule } from './penalty/index.js';\nimport { action } from './shared/action.js';"],
      ['commands/publish.ts', "import { action } from '../cli.js';"],
      ['commands/draw/index.ts', "const p = await import('../penalty/interactive.js');\nimport { runDraw } from './run.js';"],
      ['commands/shared/draw-pipeline.ts', "export { runDraw } from '../draw/run.js';"],
      ['commands/check/all.ts', "import '../calendar.js';\n// import { x } from '../draw/index.js';"],
    ]);
    expect(violations(files)).toEqual([
      'commands/verify/index.ts → commands/draw/run.ts',
      'commands/rules.ts → commands/penalty/index.ts',
      'commands/publish.ts → cli.ts',
      'commands/draw/index.ts → commands/penalty/interactive.ts',
      'commands/shared/draw-pipeline.ts → commands/draw/run.ts',
      'commands/check/all.ts → commands/calendar.ts',
    ]);
  });
});
