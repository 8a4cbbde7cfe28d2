import { promises as fs } from 'node:fs';
import path from 'node:path';
import { appendProblems, InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { checkRuleSet } from '../core/penalty/check.js';
import { parseGolden, type GoldenCase } from '../core/penalty/golden.js';
import { parseReview } from '../core/penalty/review.js';
import { parseRule } from '../core/penalty/schema.js';
import type { ReviewConfig, Rule } from '../core/penalty/types.js';
import { exists } from './files.js';
import { RULES_DIR } from './paths.js';
import { readSnapshot, SNAPSHOT_COVERS_THIS_CODE } from './rules-snapshot.js';

/** A loaded rule set: its rules, its review settings, and where its files are. */
export interface RuleSet {
  dir: string;
  penaltyDir: string;
  testsDir: string;
  rules: Rule[];
  byId: Map<string, Rule>;
  config: ReviewConfig;
  builtIn: boolean;
}

/**
 * Accepts both layouts: a rules root (DIR/penalty/*.yaml, DIR/review.yaml) like the built-in one,
 * or a folder of rule files directly. Without its own review.yaml a set uses the built-in settings.
 */
async function layout(dir: string): Promise<{ penaltyDir: string; review: string | undefined; testsDir: string }> {
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) throw new InputError(m().io.fileNotFound(dir), [{ file: dir, message: m().io.fileNotFound(dir) }]);
  if (!st.isDirectory()) throw new InputError(m().penalty.cmd.notADir(dir));
  const penaltyDir = (await exists(path.join(dir, 'penalty'))) ? path.join(dir, 'penalty') : dir;
  const own = path.join(dir, 'review.yaml');
  return { penaltyDir, review: (await exists(own)) ? own : undefined, testsDir: path.join(penaltyDir, 'tests') };
}

async function yamlFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$/i.test(n) && n !== 'review.yaml').sort().map((n) => path.join(dir, n));
}

/** Loads and schema-checks every rule file; throws one InputError with every problem of every file. */
export async function loadRuleSet(dir?: string, opts: { crossCheck?: boolean } = {}): Promise<RuleSet & { problems: Problem[] }> {
  const root = path.resolve(dir ?? RULES_DIR);
  const builtIn = root === path.resolve(RULES_DIR);
  const { penaltyDir, review, testsDir } = await layout(root);
  const problems: Problem[] = [];
  const rules: Rule[] = [];
  const files = await yamlFiles(penaltyDir);
  if (files.length === 0) problems.push({ file: penaltyDir, message: m().penalty.cmd.noRuleFiles(penaltyDir) });
  // the YAML library is loaded only when YAML is read (the built-in set usually comes from its snapshot)
  const { loadYamlFile } = await import('./yaml.js');
  for (const file of files) {
    try {
      const src = await loadYamlFile(file);
      const { rule, problems: p } = parseRule(src.data, src);
      appendProblems(problems, p);
      if (rule) rules.push(rule);
    } catch (e) {
      if (e instanceof InputError) appendProblems(problems, e.problems.length ? e.problems : [{ file, message: e.message }]);
      else throw e;
    }
  }
  const byId = new Map<string, Rule>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  // an office set without review.yaml takes the built-in settings, but only for rules it has
  const reviewFile = review ?? path.join(RULES_DIR, 'review.yaml');
  const src = await loadYamlFile(reviewFile);
  const { config, problems: rp } = parseReview(src.data, src, byId);
  if (review) appendProblems(problems, rp);
  if (opts.crossCheck) {
    const parents = builtIn ? byId : (await loadRuleSet(RULES_DIR)).byId;
    appendProblems(problems, checkRuleSet(rules, parents));
  }
  return { dir: root, penaltyDir, testsDir, rules, byId, config, builtIn, problems };
}

/**
 * For commands that compute: a rule set with any problem is refused whole. The built-in set comes
 * from the build's snapshot when that is current (rules-snapshot.ts: the same value, without the YAML).
 */
export async function requireRuleSet(dir?: string): Promise<RuleSet> {
  if (SNAPSHOT_COVERS_THIS_CODE && path.resolve(dir ?? RULES_DIR) === path.resolve(RULES_DIR)) {
    const kept = await readSnapshot();
    if (kept) return kept;
  }
  const set = await loadRuleSet(dir);
  if (set.problems.length) throw new InputError(m().penalty.cmd.ruleSetInvalid(set.dir, set.problems.length), set.problems);
  return set;
}

export async function loadGoldenCases(set: RuleSet): Promise<{ cases: GoldenCase[]; problems: Problem[]; files: string[] }> {
  const files = await yamlFiles(set.testsDir);
  const cases: GoldenCase[] = [];
  const problems: Problem[] = [];
  const { loadYamlFile } = await import('./yaml.js');
  for (const file of files) {
    try {
      const src = await loadYamlFile(file);
      const r = parseGolden(src.data, src);
      for (const c of r.cases) cases.push(c);
      appendProblems(problems, r.problems);
    } catch (e) {
      if (e instanceof InputError) appendProblems(problems, e.problems.length ? e.problems : [{ file, message: e.message }]);
      else throw e;
    }
  }
  return { cases, problems, files };
}
