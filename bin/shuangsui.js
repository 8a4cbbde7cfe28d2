#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm install` (the `prepare` script); this shim only starts it.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
