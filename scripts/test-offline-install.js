// CI step (called by .ci/run after `npm test`): the two ways of installing shuangsui as a command, from the
// outside, as an office would. (1) `npm install -g .` from the checkout; (2) on a PC with no registry: the
// tarball that `npm pack` makes is installed with the registry pointed at an unreachable address, an empty
// cache and no user config, so it can only work if the tarball carries dist/ and every dependency
// (bundleDependencies). Each installed command must print its version and run the demo draw from another
// folder. Plain Node without a shell, so that it runs the same on Windows. Needs a built dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const win = process.platform === 'win32';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-install-'));
const started = Date.now();
const UNREACHABLE = 'http://127.0.0.1:9';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...opts, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  if (r.error) throw r.error;
  return r;
}

/** npm itself: the one that runs this script when called through npm, else the one on PATH */
function npm(args, opts) {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli)) return run(process.execPath, [cli, ...args], opts);
  return run(win ? 'npm.cmd' : 'npm', args, { shell: win, ...opts });
}

function must(r, what) {
  console.log(`  ${what}: ${Math.round((Date.now() - started) / 1000)} s`);
  if (r.status !== 0) {
    console.error(`FAIL ${what} (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
    process.exitCode = 1;
    throw new Error(what);
  }
  return r;
}

function binIn(prefix) {
  return win ? path.join(prefix, 'shuangsui.cmd') : path.join(prefix, 'bin', 'shuangsui');
}

function checkCommand(prefix, label) {
  const bin = binIn(prefix);
  if (!existsSync(bin)) throw new Error(`${label}: no command at ${bin}`);
  const elsewhere = mkdtempSync(path.join(tmp, 'elsewhere-'));
  const opts = { cwd: elsewhere, shell: win, env: { LANG: 'zh_CN.UTF-8' } };
  const v = must(run(bin, ['--version'], opts), `${label}: shuangsui --version`);
  if (v.stdout.trim() !== version) throw new Error(`${label}: --version printed ${v.stdout.trim()}, expected ${version}`);
  const d = must(run(bin, ['draw', '--demo', '--seed', 'install-check'], opts), `${label}: shuangsui draw --demo`);
  if (!d.stdout.includes('manifest.json')) throw new Error(`${label}: draw --demo wrote no manifest:\n${d.stdout}`);
  console.log(`ok ${label}: shuangsui ${version} runs draw --demo from ${elsewhere}`);
}

try {
  if (!existsSync(path.join(root, 'dist', 'bundle', 'main.js'))) throw new Error('dist/ is not built: run `npm run build` (or `npm test`) first');
  const userconfig = path.join(tmp, 'npmrc');
  writeFileSync(userconfig, '');
  const isolated = ['--userconfig', userconfig, '--registry', UNREACHABLE, '--fetch-retries', '0', '--no-audit', '--no-fund', '--loglevel', 'error'];

  // (1) a command on this machine, from the checkout
  const linked = path.join(tmp, 'linked');
  must(npm(['install', '-g', '.', '--prefix', linked, '--cache', path.join(tmp, 'cache-linked'), ...isolated], { cwd: root }), 'npm install -g .');
  checkCommand(linked, 'npm install -g .');

  // (2) one file, no registry: dist/ was built by `npm test`, so packing need not run prepare again
  const packDir = path.join(tmp, 'pack');
  mkdirSync(packDir);
  must(npm(['pack', '--ignore-scripts', '--pack-destination', packDir, '--loglevel', 'error'], { cwd: root }), 'npm pack');
  const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (tgz !== `shuangsui-${version}.tgz`) throw new Error(`npm pack made ${tgz}`);
  const offline = path.join(tmp, 'offline');
  const cache = path.join(tmp, 'cache-empty');
  mkdirSync(cache);
  must(npm(['install', '-g', path.join(packDir, tgz), '--prefix', offline, '--cache', cache, ...isolated], { cwd: tmp }), `npm install -g ${tgz} with no registry`);
  checkCommand(offline, `npm install -g ${tgz} (registry unreachable, empty cache)`);
  console.log(`offline install test passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (e) {
  process.exitCode = 1;
  console.error(`offline install test failed: ${e.message}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
