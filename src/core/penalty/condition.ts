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

export function evaluate(c: Condition, facts: Facts): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, facts));
  if ('any' in c) return c.any.some((x) => evaluate(x, facts));
  if ('not' in c) return !evaluate(c.not, facts);
  if ('always' in c) return true;
  return evalComparison(c, facts);
}

export interface LeafTrace {
  leaf: Comparison;
  held: boolean;
}

/** The comparisons that made a true condition true, for the reasons shown to legal staff. */
export function explain(c: Condition, facts: Facts): LeafTrace[] {
  if ('all' in c) return c.all.flatMap((x) => explain(x, facts));
  if ('any' in c) {
    const first = c.any.find((x) => evaluate(x, facts));
    return first ? explain(first, facts) : [];
  }
  if ('not' in c) return explainFalse(c.not, facts);
  if ('always' in c) return [];
  return [{ leaf: c, held: evalComparison(c, facts) }];
}

/** Why a condition is false: the mirror of explain(). */
function explainFalse(c: Condition, facts: Facts): LeafTrace[] {
  if ('all' in c) {
    const first = c.all.find((x) => !evaluate(x, facts));
    return first ? explainFalse(first, facts) : [];
  }
  if ('any' in c) return c.any.flatMap((x) => explainFalse(x, facts));
  if ('not' in c) return explain(c.not, facts);
  if ('always' in c) return [];
  return [{ leaf: c, held: evalComparison(c, facts) }];
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
  if ('all' in c) {
    let unknown = false;
    for (const x of c.all) {
      const v = evaluate3(x, facts);
      if (v === false) return false;
      if (v === null) unknown = true;
    }
    return unknown ? null : true;
  }
  if ('any' in c) {
    let unknown = false;
    for (const x of c.any) {
      const v = evaluate3(x, facts);
      if (v === true) return true;
      if (v === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if ('not' in c) {
    const v = evaluate3(c.not, facts);
    return v === null ? null : !v;
  }
  if ('always' in c) return true;
  return facts[c.fact] === undefined ? null : evalComparison(c, facts);
}

/** The missing facts that keep an undetermined condition undetermined (those in branches still open). */
export function missingFacts(c: Condition, facts: Facts, out: Set<string> = new Set()): string[] {
  if (evaluate3(c, facts) !== null) return [...out];
  if ('all' in c || 'any' in c) for (const x of 'all' in c ? c.all : c.any) missingFacts(x, facts, out);
  else if ('not' in c) missingFacts(c.not, facts, out);
  else if ('fact' in c) out.add(c.fact);
  return [...out];
}
