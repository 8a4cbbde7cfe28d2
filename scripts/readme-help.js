#!/usr/bin/env node
// Writes the README's command reference from `shuangsui <command> --help`, in Chinese and in English,
// between the markers <!-- BEGIN generated: help zh|en --> and <!-- END generated: help zh|en -->.
// The help text is the one source (the option tables and the message catalogues): the README cannot
// drift from it. Runs the built program (dist/), in this process.
//
//   npm run docs:help                        rewrite README.md
//   node scripts/readme-help.js --check      exit 1 if README.md is not what --help says now
//   node scripts/readme-help.js --readme F   another file (the tests use a copy)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LANGS = ['zh', 'en'];
const NOTE = {
  zh: '<!-- 本节由 `npm run docs:help` 按 `--help` 生成，请勿手改；改选项说明请改 src/i18n/。 -->',
  en: '<!-- Generated from `--help` by `npm run docs:help`; do not edit by hand: option texts live in src/i18n/. -->',
};

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

/** Every command path ([] is the program itself), in the order the program registers them. */
async function commandPaths(buildProgram, createUi) {
  const quiet = sink().stream;
  const ui = createUi({ stdout: quiet, stderr: quiet, stdinIsTTY: false, env: {}, noColor: true });
  const program = await buildProgram({ ui, debug: false, cwd: ROOT, env: {}, now: new Date(0), exitCode: 0 });
  const out = [];
  const walk = (cmd, at) => {
    out.push(at);
    for (const sub of cmd.commands) walk(sub, [...at, sub.name()]);
  };
  walk(program, []);
  return out;
}

/** The generated block of one language: each command's help in a folded section. */
export async function helpBlock(lang) {
  const { main } = await import('../dist/main.js');
  const { buildProgram } = await import('../dist/cli.js');
  const { createUi } = await import('../dist/ui/ui.js');
  const parts = [NOTE[lang], ''];
  for (const p of await commandPaths(buildProgram, createUi)) {
    const out = sink();
    const err = sink();
    const code = await main(['node', 'shuangsui', ...p, '--help', '--lang', lang], {
      stdout: out.stream,
      stderr: err.stream,
      stdinIsTTY: false,
      env: { NO_COLOR: '1' },
      cwd: ROOT,
    });
    if (code !== 0) throw new Error(`shuangsui ${p.join(' ')} --help: exit ${code}\n${err.text()}`);
    const title = ['shuangsui', ...p].join(' ');
    parts.push(`<details><summary><code>${title}</code></summary>`, '', '```text', out.text().trimEnd(), '```', '', '</details>', '');
  }
  return parts.join('\n');
}

const markers = (lang) => [`<!-- BEGIN generated: help ${lang} -->`, `<!-- END generated: help ${lang} -->`];

/** The README with each language's block replaced; a README without the markers is an error, not a silent no-op. */
export function withBlocks(readme, blocks) {
  let text = readme;
  for (const [lang, block] of Object.entries(blocks)) {
    const [begin, end] = markers(lang);
    const i = text.indexOf(begin);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README has no ${begin} … ${end} pair`);
    text = text.slice(0, i + begin.length) + '\n' + block + text.slice(j);
  }
  return text;
}

async function run(argv) {
  const check = argv.includes('--check');
  const at = argv.indexOf('--readme');
  const file = at >= 0 ? path.resolve(argv[at + 1]) : path.join(ROOT, 'README.md');
  const blocks = {};
  for (const lang of LANGS) blocks[lang] = await helpBlock(lang);
  const before = readFileSync(file, 'utf8');
  const after = withBlocks(before, blocks);
  if (check) {
    if (after !== before) {
      process.stderr.write(`${path.relative(process.cwd(), file) || file}: the command reference is not what --help says; run npm run docs:help\n`);
      return 1;
    }
    return 0;
  }
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(`${after === before ? 'unchanged' : 'updated'}: ${file}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await run(process.argv.slice(2));
}
