import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The architecture as a test (issue 15 item 5): pure cores under src/core have no file, terminal or
 * language access and know nothing of flags. They return codes and params; src/ui, src/commands and
 * src/main.ts write the words and choose the exit codes.
 */

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Folders and files of src/ a core may not import (their own modules or anything under them). */
const FORBIDDEN_LOCAL = ['i18n', 'io', 'ui', 'commands', 'cli.ts', 'main.ts', 'context.ts'];
/** Packages: the terminal, prompts, spreadsheets and the file system belong to the edge. */
const FORBIDDEN_PACKAGES = [/^commander$/, /^chalk$/, /^(node:)?fs(\/promises)?$/, /^@inquirer\//, /^exceljs$/];

export interface Violation {
  file: string;
  what: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Comments out, strings kept: a comment may talk about UsageError; code may not use it. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier: static and type imports, re-exports, dynamic import() and require(). */
function specifiers(code: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

/** What a specifier reaches that a core may not: the top-level part of src/ it lands in, or the package. */
function forbiddenTarget(spec: string, fromFile: string, srcRoot: string): string | null {
  if (spec.startsWith('.')) {
    const rel = path.relative(srcRoot, path.resolve(path.dirname(fromFile), spec)).split(path.sep);
    const top = rel[0]!;
    // a core module may import another core module and the shared errors/params types, nothing of the edge
    for (const f of FORBIDDEN_LOCAL) {
      if (f.endsWith('.ts') ? rel.length === 1 && top.replace(/\.js$/, '.ts') === f : top === f) return f.replace(/\.ts$/, '');
    }
    return null;
  }
  return FORBIDDEN_PACKAGES.some((re) => re.test(spec)) ? spec : null;
}

/** Every boundary violation under `coreDir` (src/core, or a planted copy in a test). */
export function coreViolations(coreDir: string, srcRoot: string): Violation[] {
  const out: Violation[] = [];
  for (const file of tsFiles(coreDir)) {
    const code = stripComments(readFileSync(file, 'utf8'));
    const rel = path.relative(srcRoot, file).split(path.sep).join('/');
    for (const spec of specifiers(code)) {
      const what = forbiddenTarget(spec, file, srcRoot);
      if (what) out.push({ file: rel, what });
    }
    // a usage error is about flags: only the command that owns the flag may raise it
    if (/\bUsageError\b/.test(code)) out.push({ file: rel, what: 'UsageError' });
  }
  return out;
}

describe('the boundary of src/core', () => {
  const found = coreViolations(path.join(SRC, 'core'), SRC);

  it('no core file imports i18n, io, ui, commands, cli, commander, chalk, node:fs, @inquirer or exceljs, or uses UsageError', () => {
    expect(found).toEqual([]);
  });

  it('the scan sees a planted violation of every kind (so the test above can fail)', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-boundary-'));
    try {
      const core = path.join(root, 'core');
      mkdirSync(path.join(core, 'deep'), { recursive: true });
      writeFileSync(path.join(core, 'clean.ts'), "import type { Problem } from '../errors.js';\nimport { x } from './deep/ok.js';\n// a comment about UsageError and '../i18n/index.js' is not a use\nexport const url = 'http://example/ui/';\n");
      writeFileSync(path.join(core, 'deep', 'ok.ts'), "export { LIST_SEP } from '../../core/params.js';\n");
      writeFileSync(path.join(core, 'words.ts'), "import { m } from '../i18n/index.js';\n");
      writeFileSync(path.join(core, 'deep', 'reads.ts'), "import { promises as fs } from 'node:fs';\nimport type { Ui } from '../../ui/ui.js';\nexport * from '../../io/files.js';\n");
      writeFileSync(path.join(core, 'flags.ts'), "import { UsageError } from '../errors.js';\nexport const f = () => { throw new UsageError('x'); };\n");
      writeFileSync(path.join(core, 'edge.ts'), "import { Chalk } from 'chalk';\nimport { Command } from 'commander';\nimport('@inquirer/prompts');\nimport ExcelJS from 'exceljs';\nimport { action } from '../cli.js';\nimport { fs } from 'fs/promises';\nimport { report } from '../commands/report.js';\n");
      const v = coreViolations(core, root).map((x) => `${x.file} ${x.what}`).sort();
      expect(v).toEqual(
        [
          'core/deep/reads.ts io',
          'core/deep/reads.ts node:fs',
          'core/deep/reads.ts ui',
          'core/edge.ts @inquirer/prompts',
          'core/edge.ts chalk',
          'core/edge.ts cli',
          'core/edge.ts commander',
          'core/edge.ts commands',
          'core/edge.ts exceljs',
          'core/edge.ts fs/promises',
          'core/flags.ts UsageError',
          'core/words.ts i18n',
        ].sort(),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
