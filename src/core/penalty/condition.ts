import type { Comparison, CompareOp, Condition, FactSpec, FactValue, Facts } from './types.js';
import { COMPARE_OPS } from './types.js';
import { parseFactValue } from './facts.js';
import { joinParam, type FieldReader, type YamlPath } from '../yaml-fields.js';

/**
 * The condition grammar: all / any / not over comparisons of one fact with a literal.
 * Conditions are data parsed once and walked here; nothing is ever evaluated as code.
 * A comparison on a fact the case does not give is false (so `not` of it is true).
 */

/**
 * Reads one condition, reporting through the file's reader (codes condition.*, docs/codes.md):
 * undefined when it is not sound. An absent condition is "always".
 */
export function parseCondition(raw: unknown, facts: Map<string, FactSpec>, path: YamlPath, r: FieldReader): Condition | undefined {
  if (raw === undefined || raw === null) return { always: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    r.report(path, 'condition.mapping', undefined, raw);
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
    const k = keys[0];
    const list = o[k];
    if (!Array.isArray(list) || list.length === 0) {
      r.report([...path, k], 'condition.list');
      return undefined;
    }
    const parts = list.map((c, i) => parseCondition(c, facts, [...path, k, i], r));
    if (parts.some((p) => p === undefined)) return undefined;
    return k === 'all' ? { all: parts as Condition[] } : { any: parts as Condition[] };
  }
  if (keys.length === 1 && keys[0] === 'not') {
    const inner = parseCondition(o.not, facts, [...path, 'not'], r);
    return inner && { not: inner };
  }
  if (keys.length === 1 && keys[0] === 'always' && o.always === true) return { always: true };
  if (!('fact' in o)) {
    r.report(path, 'condition.mapping', undefined, raw);
    return undefined;
  }
  const name = String(o.fact);
  const spec = facts.get(name);
  if (!spec) {
    r.report([...path, 'fact'], 'condition.fact.unknown', { fact: name, known: joinParam([...facts.keys()]) }, name);
    return undefined;
  }
  const ops = keys.filter((k) => k !== 'fact');
  if (ops.length !== 1) {
    r.report(path, 'condition.operator.one');
    return undefined;
  }
  const op = ops[0] as CompareOp;
  if (!COMPARE_OPS.includes(op)) {
    r.report([...path, op], 'condition.operator', { allowed: joinParam(COMPARE_OPS) }, op);
    return undefined;
  }
  if ((spec.type === 'boolean' || spec.type === 'enum') && ['lt', 'le', 'gt', 'ge'].includes(op)) {
    r.report([...path, op], 'condition.operator.type', { op, type: spec.type });
    return undefined;
  }
  const typed = (v: unknown): FactValue | undefined => {
    const res = parseFactValue(spec, v);
    return 'value' in res ? res.value : undefined;
  };
  if (op === 'in') {
    const list = o.in;
    if (!Array.isArray(list) || list.length === 0) {
      r.report([...path, 'in'], 'condition.list');
      return undefined;
    }
    const values = list.map(typed);
    if (values.some((v) => v === undefined)) {
      r.report([...path, 'in'], 'condition.value', { fact: name, type: spec.type }, list);
      return undefined;
    }
    return { fact: name, op, value: values as FactValue[] };
  }
  const value = typed(o[op]);
  if (value === undefined) {
    r.report([...path, op], 'condition.value', { fact: name, type: spec.type }, o[op]);
    return undefined;
  }
  return { fact: name, op, value };
}

function compare(a: FactValue, b: FactValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // ISO dates and enum keys compare as strings; booleans only by eq/ne
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function evalComparison(c: Comparison, facts: Facts): boolean {
  const actual = facts[c.fact];
  if (actual === undefined) return false;
  if (c.op === 'in') return (c.value as FactValue[]).some((v) => compare(actual, v) === 0);
  const d = compare(actual, c.value as FactValue);
  switch (c.op) {
    case 'eq':
      return d === 0;
    case 'ne':
      return d !== 0;
    case 'lt':
      return d < 0;
    case 'le':
      return d <= 0;
    case 'gt':
      return d > 0;
    case 'ge':
      return d >= 0;
  }
}

export interface LeafTrace {
  leaf: Comparison;
  held: boolean;
}

/**
 * A condition compiled once into closures over its parsed tree (never into code): the same walks as
 * evaluate, evaluate3, explain and missingFacts describe, without finding out on every call which
 * kind each node is, and without the callbacks and arrays of a walk. penalty --batch evaluates the
 * same few conditions of a rule set on every case.
 */
interface Compiled {
  /** evaluate */
  test(f: Facts): boolean;
  /** evaluate3 */
  test3(f: Facts): boolean | null;
  /** explain: the comparisons that made a true condition true, appended to out */
  why(f: Facts, out: LeafTrace[]): void;
  /** why a condition is false: the mirror of why() */
  whyNot(f: Facts, out: LeafTrace[]): void;
  /** missingFacts: the missing facts in branches still open, added to out */
  missing(f: Facts, out: Set<string>): void;
}

const compiledOf = new WeakMap<Condition, Compiled>();

/** The condition's compiled form, made on first use (conditions are data parsed once and never changed). */
function compiled(c: Condition): Compiled {
  let k = compiledOf.get(c);
  if (k === undefined) {
    k = compile(c);
    compiledOf.set(c, k);
  }
  return k;
}

function compile(c: Condition): Compiled {
  if ('all' in c) {
    const xs = c.all.map(compiled);
    const test3 = (f: Facts): boolean | null => {
      let unknown = false;
      for (const x of xs) {
        const v = x.test3(f);
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    };
    return {
      test: (f) => {
        for (const x of xs) if (!x.test(f)) return false;
        return true;
      },
      test3,
      why: (f, out) => {
        for (const x of xs) x.why(f, out);
      },
      // the first part that fails says why
      whyNot: (f, out) => {
        for (const x of xs) if (!x.test(f)) return x.whyNot(f, out);
      },
      missing: (f, out) => {
        if (test3(f) === null) for (const x of xs) x.missing(f, out);
      },
    };
  }
  if ('any' in c) {
    const xs = c.any.map(compiled);
    const test3 = (f: Facts): boolean | null => {
      let unknown = false;
      for (const x of xs) {
        const v = x.test3(f);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    };
    return {
      test: (f) => {
        for (const x of xs) if (x.test(f)) return true;
        return false;
      },
      test3,
      // the first part that holds says why
      why: (f, out) => {
        for (const x of xs) if (x.test(f)) return x.why(f, out);
      },
      whyNot: (f, out) => {
        for (const x of xs) x.whyNot(f, out);
      },
      missing: (f, out) => {
        if (test3(f) === null) for (const x of xs) x.missing(f, out);
      },
    };
  }
  if ('not' in c) {
    const x = compiled(c.not);
    const test3 = (f: Facts): boolean | null => {
      const v = x.test3(f);
      return v === null ? null : !v;
    };
    return {
      test: (f) => !x.test(f),
      test3,
      why: (f, out) => x.whyNot(f, out),
      whyNot: (f, out) => x.why(f, out),
      missing: (f, out) => {
        if (test3(f) === null) x.missing(f, out);
      },
    };
  }
  if ('always' in c) {
    const nothing = () => undefined;
    return { test: () => true, test3: () => true, why: nothing, whyNot: nothing, missing: nothing };
  }
  const leaf = c;
  const name = leaf.fact;
  const trace = (f: Facts, out: LeafTrace[]) => {
    out.push({ leaf, held: evalComparison(leaf, f) });
  };
  return {
    test: (f) => evalComparison(leaf, f),
    test3: (f) => (f[name] === undefined ? null : evalComparison(leaf, f)),
    why: trace,
    whyNot: trace,
    missing: (f, out) => {
      if (f[name] === undefined) out.add(name);
    },
  };
}

export function evaluate(c: Condition, facts: Facts): boolean {
  return compiled(c).test(facts);
}

/** The comparisons that made a true condition true, for the reasons shown to legal staff. */
export function explain(c: Condition, facts: Facts): LeafTrace[] {
  const out: LeafTrace[] = [];
  compiled(c).why(facts, out);
  return out;
}

export function factsOf(c: Condition, out: Set<string> = new Set()): Set<string> {
  if ('all' in c) c.all.forEach((x) => factsOf(x, out));
  else if ('any' in c) c.any.forEach((x) => factsOf(x, out));
  else if ('not' in c) factsOf(c.not, out);
  else if ('fact' in c) out.add(c.fact);
  return out;
}

export function comparisonsOf(c: Condition, out: Comparison[] = []): Comparison[] {
  if ('all' in c) c.all.forEach((x) => comparisonsOf(x, out));
  else if ('any' in c) c.any.forEach((x) => comparisonsOf(x, out));
  else if ('not' in c) comparisonsOf(c.not, out);
  else if ('fact' in c) out.push(c);
  return out;
}

/**
 * Three-valued evaluation (Kleene): a comparison on a fact the case does not give is unknown (null),
 * and only decides the whole when nothing else does. Used for flags, where "no" must never stand in
 * for "not given".
 */
export function evaluate3(c: Condition, facts: Facts): boolean | null {
  return compiled(c).test3(facts);
}

/** The missing facts that keep an undetermined condition undetermined (those in branches still open). */
export function missingFacts(c: Condition, facts: Facts, out: Set<string> = new Set()): string[] {
  compiled(c).missing(facts, out);
  return [...out];
}
