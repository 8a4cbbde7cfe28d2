// One load of a directory file through shuangsui's table loader (the path every command takes),
// for bench/xlsx.mjs to time from the outside. Prints the number of employers read.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadEmployers } = await import(path.join(root, 'dist', 'io', 'tables.js'));
const t = await loadEmployers(process.argv[2]);
console.log(t.records.length);
