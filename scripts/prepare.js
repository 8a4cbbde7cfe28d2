// `prepare` runs on `npm install`/`npm ci` in the repository and before `npm pack`: it compiles src/ to
// dist/ with the TypeScript of devDependencies and bundles it with their esbuild (scripts/bundle.js).
// A packed tarball already carries dist/ and is installed without devDependencies, so where there is
// no TypeScript but a built dist/ there is nothing to do.
// Plain Node, no shell: it must run the same on an office's Windows PC.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let tsc = null;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // no TypeScript: an installed package, not a checkout
}
if (!tsc) {
  if (existsSync(path.join(root, 'dist', 'bundle', 'main.js'))) process.exit(0);
  console.error('shuangsui: dist/ is missing and TypeScript is not installed; run `npm install` in the repository first');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exit(r.status ?? 1);
// the program as the few files bin/shuangsui.js loads (start-up time), before the snapshot, whose key covers them
const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.js')], { stdio: 'inherit', cwd: root });
if (b.status !== 0) process.exit(b.status ?? 1);
// the built-in rule set, kept so that penalty need not parse its YAML on every run
const s = spawnSync(process.execPath, [path.join(root, 'scripts', 'rules-snapshot.js')], { stdio: 'inherit', cwd: root });
process.exit(s.status ?? 1);
