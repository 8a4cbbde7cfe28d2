// The build's last step (after tsc, from `npm run build` and `prepare`): reads the built-in rule set
// with the compiled code and keeps it as dist/rules-snapshot.bin, so that `penalty` need not parse
// its YAML on every run. The snapshot is used only while its key (the rule files' bytes, every
// compiled module, the YAML library's and Node's versions) is current: src/io/rules-snapshot.ts.
// Plain Node, no shell: it must run the same on an office's Windows PC.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { loadRuleSet } = await import(pathToFileURL(path.join(dist, 'io', 'rules.js')).href);
const { writeSnapshot } = await import(pathToFileURL(path.join(dist, 'io', 'rules-snapshot.js')).href);
// only an optimisation: without it the YAML is read as before, so no failure here stops a build
try {
  const set = await loadRuleSet();
  // the built-in rules do not load: every command that reads them says why; nothing is kept
  if (set.problems.length) console.error(`shuangsui: the built-in rule set has ${set.problems.length} problem(s); no rules snapshot written`);
  else await writeSnapshot(set);
} catch (e) {
  console.error(`shuangsui: no rules snapshot written (${e instanceof Error ? e.message : String(e)})`);
}
