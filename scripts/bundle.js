// Build step after tsc: the compiled program as a few files for Node to load (dist/bundle/), not the
// ~90 modules of dist/ and the ~80 of its libraries. Node 20 resolves, reads and links each ESM module
// on its own, so that was ~0.1 s of every run before the command did anything (a cron's draw or
// check, and each `penalty`). esbuild (already under vitest; a devDependency) joins them: one file
// per command that cli.ts loads on demand, shared code in chunks, and exceljs left to node_modules
// (it is loaded only when a workbook is met, and src/io/exceljs-utf8.ts patches its own files).
// dist/bundle/ sits as deep as dist/io/, so the paths modules take from import.meta.url still hold.
// Plain Node, no shell: it must run the same on an office's Windows PC.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(dist, 'main.js'), path.join(dist, 'commands', 'penalty', 'batch-worker.js')],
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['exceljs'],
  // the CommonJS libraries call require(): give the bundle one, as Node gives each CommonJS module
  banner: { js: "import { createRequire as __shuangsuiRequire } from 'node:module'; const require = __shuangsuiRequire(import.meta.url);" },
  logLevel: 'warning',
});
