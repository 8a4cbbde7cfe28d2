import { createHash } from 'node:crypto';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { RuleSet } from './rules.js';
import { PACKAGE_ROOT, RULES_DIR } from './paths.js';

/**
 * The built-in rule set as loadRuleSet reads it, kept by the build beside the compiled code
 * (scripts/rules-snapshot.js), so that `penalty` does not parse 20 YAML files with a cold YAML
 * parser on every run (~0.2-0.4 s, issue 14). It is only a faster way to the same value: it is used
 * when its key matches, and the key covers everything the value is made from — the bytes of every
 * built-in rule file and review.yaml, every compiled module of the tool (any change of the parser
 * or of anything it uses), the YAML library's version and Node's (the serialisation format).
 * Otherwise, or if anything about it is wrong, the YAML is read as before.
 */
export const SNAPSHOT_FILE = path.join(PACKAGE_ROOT, 'dist', 'rules-snapshot.bin');
const DIST = path.join(PACKAGE_ROOT, 'dist');
const FORMAT = 'shuangsui rules snapshot 1';

/**
 * Whether this code is the compiled code the key covers. Run from its sources (vitest), an edited
 * parser would still find a key that matches the last build: the snapshot is then never used.
 */
export const SNAPSHOT_COVERS_THIS_CODE = fileURLToPath(import.meta.url).startsWith(DIST + path.sep);

/** Paths are kept relative to the package, which may be installed anywhere after the build. */
type Rebase = (p: string) => string;

function rebased(set: RuleSet, to: Rebase): RuleSet {
  return {
    ...set,
    dir: to(set.dir),
    penaltyDir: to(set.penaltyDir),
    testsDir: to(set.testsDir),
    rules: set.rules.map((r) => ({ ...r, file: to(r.file) })),
    byId: new Map(),
    config: set.config.file === undefined ? set.config : { ...set.config, file: to(set.config.file) },
  };
}

function withIndex(set: RuleSet): RuleSet {
  // by id, the first rule of each id wins, as loadRuleSet has it
  for (const r of set.rules) if (!set.byId.has(r.id)) set.byId.set(r.id, r);
  return set;
}

/** Every compiled module, in a fixed order: a change to any of them is a change of the key. */
function hashCode(h: ReturnType<typeof createHash>, dir: string): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hashCode(h, p);
    else if (e.name.endsWith('.js')) h.update(path.relative(DIST, p)).update('\0').update(readFileSync(p)).update('\0');
  }
}

/** The key of the built-in rule set as it is on disk now, with the code that would read it. */
export async function snapshotKey(): Promise<string> {
  const h = createHash('sha256');
  const yamlVersion = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  h.update(`${FORMAT}\0${process.version}\0yaml ${yamlVersion}\0`);
  for (const sub of ['.', 'penalty']) {
    const dir = path.join(RULES_DIR, sub);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/i.test(n)).sort();
    for (const n of names) h.update(`${sub}/${n}\0`).update(await fs.readFile(path.join(dir, n))).update('\0');
  }
  hashCode(h, DIST);
  return h.digest('hex');
}

/** Writes the snapshot of a rule set read without problems from the built-in rules (the build's step). */
export async function writeSnapshot(set: RuleSet & { problems?: unknown[] }, file = SNAPSHOT_FILE): Promise<void> {
  if (set.problems?.length) throw new Error('rules snapshot: the built-in rule set has problems');
  const { problems: _problems, ...plain } = set;
  const value = rebased(plain, (p) => path.relative(PACKAGE_ROOT, p));
  await fs.writeFile(file, v8.serialize({ key: await snapshotKey(), set: value }));
}

/** The built-in rule set from the snapshot, or null when there is none or its key is not the current one. */
export async function readSnapshot(file = SNAPSHOT_FILE): Promise<RuleSet | null> {
  let stored: { key?: unknown; set?: RuleSet };
  try {
    stored = v8.deserialize(await fs.readFile(file)) as typeof stored;
  } catch {
    return null; // none (a checkout built by tsc alone), or unreadable: the YAML is read
  }
  // any fault while taking the key (a rule file unreadable, a module gone) is the YAML path's to report
  const key = await snapshotKey().catch(() => null);
  if (typeof stored?.key !== 'string' || !stored.set || key === null || stored.key !== key) return null;
  return withIndex(rebased(stored.set, (p) => path.join(PACKAGE_ROOT, p)));
}
