#!/usr/bin/env node
// The CLI is compiled to dist/ and bundled into dist/bundle/ by `npm install` (the `prepare` script:
// scripts/bundle.js says why); this shim only starts it.
import { main } from '../dist/bundle/main.js';

// `shuangsui check deadlines ... | head` closes the pipe early: that is the reader's choice, not a crash
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv);
