// Regenerates the demo fixtures from the fixed seed: `npm run fixtures` (builds first).
// The output is byte-identical on every run; commit the CSVs together with any change here.
import path from 'node:path';
import { demoTables, FIXTURES_SEED } from '../dist/demo/synthetic.js';
import { formatCsv } from '../dist/io/csv.js';
import { writeFilesAtomic } from '../dist/io/files.js';
import { FIXTURES_DIR } from '../dist/io/paths.js';

const t = demoTables(FIXTURES_SEED);
const files = ['employers', 'inspectors', 'decisions', 'cases'].map((name) => ({
  path: path.join(FIXTURES_DIR, `${name}.csv`),
  data: formatCsv(t[name].header, t[name].rows),
}));
await writeFilesAtomic(files, { force: true });
for (const f of files) console.log(`${path.relative(process.cwd(), f.path)}  ${f.data.length} bytes`);
