import type { Problem } from '../../errors.js';
import type { ProblemAt } from '../draw/types.js';

/**
 * The enumerations of the results register (rules/results.yaml): what 检查结果 and 检查方式 may
 * say. Pure: the YAML is read by src/io; problems come back as codes for the CLI to word.
 */

export interface ResultCategory {
  name: string;
  aliases: string[];
  /** false for 无法检查: the unit was drawn but not inspected */
  inspected: boolean;
  /** counts as 发现问题 in the annual data */
  problems: boolean;
  /** 立案查处: a 处理决定文号 or case number must be given */
  needsNumber: boolean;
}

export interface ResultsRules {
  results: ResultCategory[];
  methods: string[];
}

/**
 * Why rules/results.yaml is wrong at a key. A Problem carries it as `results.rules.<fault>` (docs/codes.md)
 * with `detail` (the allowed keys, or the value it duplicates) as its one param; the CLI words it.
 */
export type RulesProblemCode = 'not-mapping' | 'not-list' | 'unknown-key' | 'required' | 'not-bool' | 'duplicate' | 'empty';

/** The code of a rules/results.yaml fault, as problems carry it. */
export const rulesProblemCode = (c: RulesProblemCode): string => `results.rules.${c.replace('-', '_')}`;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const RESULT_KEYS = ['name', 'aliases', 'inspected', 'problems', 'needs_number'];

/** NFKC and no spaces: 无法检查(已注销) typed with half-width brackets is the same value. */
export const normaliseValue = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export function parseResultsRules(data: unknown, at: ProblemAt): { rules: ResultsRules; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (p: (string | number)[], code: RulesProblemCode, value?: unknown, detail?: string) => {
    const { message: _words, ...where } = at(p, '', value);
    problems.push({ ...where, code: rulesProblemCode(code), params: { detail: detail ?? null } });
  };
  const rules: ResultsRules = { results: [], methods: [] };
  if (!isMap(data)) {
    bad([], 'not-mapping');
    return { rules, problems };
  }
  for (const k of Object.keys(data)) if (k !== 'results' && k !== 'methods') bad([k], 'unknown-key', k, 'results, methods');
  const seen = new Map<string, string>();
  const claim = (v: string, p: (string | number)[]) => {
    const key = normaliseValue(v);
    if (seen.has(key)) bad(p, 'duplicate', v, seen.get(key));
    else seen.set(key, v);
  };
  if (!Array.isArray(data.results) || data.results.length === 0) bad(['results'], Array.isArray(data.results) ? 'empty' : 'not-list');
  else
    data.results.forEach((r, i) => {
      const p = ['results', i];
      if (!isMap(r)) return void bad(p, 'not-mapping');
      for (const k of Object.keys(r)) if (!RESULT_KEYS.includes(k)) bad([...p, k], 'unknown-key', k, RESULT_KEYS.join(', '));
      const name = typeof r.name === 'string' || typeof r.name === 'number' ? String(r.name).trim() : '';
      if (!name) return void bad([...p, 'name'], 'required');
      claim(name, [...p, 'name']);
      const aliases: string[] = [];
      if (r.aliases !== undefined && r.aliases !== null) {
        if (!Array.isArray(r.aliases)) bad([...p, 'aliases'], 'not-list', r.aliases);
        else r.aliases.forEach((a, j) => { aliases.push(String(a).trim()); claim(String(a).trim(), [...p, 'aliases', j]); });
      }
      const flag = (k: string, dflt: boolean): boolean => {
        const v = r[k];
        if (v === undefined || v === null) return dflt;
        if (typeof v !== 'boolean') {
          bad([...p, k], 'not-bool', v);
          return dflt;
        }
        return v;
      };
      rules.results.push({ name, aliases, inspected: flag('inspected', true), problems: flag('problems', false), needsNumber: flag('needs_number', false) });
    });
  if (!Array.isArray(data.methods) || data.methods.length === 0) bad(['methods'], Array.isArray(data.methods) ? 'empty' : 'not-list');
  else rules.methods = data.methods.map((x) => String(x).trim());
  return { rules, problems };
}

/** The category a cell names (by name or alias), or null. */
export function categoryOf(rules: ResultsRules, cell: string): ResultCategory | null {
  const v = normaliseValue(cell);
  return rules.results.find((c) => normaliseValue(c.name) === v || c.aliases.some((a) => normaliseValue(a) === v)) ?? null;
}

export function methodOf(rules: ResultsRules, cell: string): string | null {
  const v = normaliseValue(cell);
  return rules.methods.find((x) => normaliseValue(x) === v) ?? null;
}
