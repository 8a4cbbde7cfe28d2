import type { Problem } from '../../errors.js';
import { joinParam } from '../yaml-fields.js';
import { comparisonsOf, evaluate, factsOf } from './condition.js';
import { bandFor, allFacts } from './compute.js';
import { parseRatio, parseYuan } from './money.js';
import { STATUTES } from './statutes.js';
import type { Facts, FactSpec, FactValue, Level, Rule, RuleVersion, StatutoryBand } from './types.js';

/**
 * Checks over a whole rule set that no single file can see: duplicate ids, overlapping versions,
 * levels that overlap or leave a gap (by enumerating or sampling the fact space), bands against the
 * statute table, local rules against their parent (国办发〔2022〕27号).
 */
export function checkRuleSet(rules: Rule[], parents: Map<string, Rule>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Rule>();
  for (const r of rules) {
    const first = seen.get(r.id);
    if (first) problems.push({ file: r.file, line: 1, key: 'id', value: r.id, code: 'ruleset.id.duplicate', params: { file: first.file } });
    else seen.set(r.id, r);
  }
  for (const r of rules) {
    problems.push(...checkVersions(r));
    problems.push(...checkStatutes(r));
    for (const v of r.versions) problems.push(...checkLevels(r, v));
    if (r.parent !== undefined) {
      const parent = r.parent === r.id ? parents.get(r.id) : (seen.get(r.parent) ?? parents.get(r.parent));
      if (!parent) problems.push({ file: r.file, line: 1, key: 'parent', value: r.parent, code: 'ruleset.parent.unknown', params: { parent: r.parent } });
      else problems.push(...checkParent(r, parent));
    }
  }
  return problems;
}

function checkVersions(r: Rule): Problem[] {
  const out: Problem[] = [];
  const sorted = [...r.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.effectiveTo === undefined || prev.effectiveTo >= cur.effectiveFrom) {
      out.push({ file: r.file, line: cur.line, key: 'effective_from', value: cur.effectiveFrom, code: 'ruleset.versions.overlap', params: { a: prev.version, b: cur.version } });
    }
  }
  return out;
}

function overlapsDates(v: RuleVersion, from?: string, to?: string): boolean {
  return (to === undefined || v.effectiveFrom <= to) && (from === undefined || v.effectiveTo === undefined || from <= v.effectiveTo);
}

function checkStatutes(r: Rule): Problem[] {
  const law = STATUTES[r.id] ?? (r.parent ? STATUTES[r.parent] : undefined);
  if (!law) return [];
  const out: Problem[] = [];
  for (const v of r.versions) {
    const bands = [...v.bands.map((b) => ({ b, persons: false })), ...(v.personsBand ? [{ b: v.personsBand, persons: true }] : [])];
    for (const { b, persons } of bands) {
      const candidates = law.filter((s) => s.kind === b.kind && !!s.persons === persons && overlapsDates(v, s.from, s.to));
      const unit = (x: number) => (b.kind === 'multiple' ? parseRatio(String(x))! : parseYuan(String(x))!);
      const fits = candidates.some((s) => b.min >= unit(s.min) && b.max <= unit(s.max));
      if (!fits) {
        const allowed = candidates.map((s) => `${s.min}–${s.max}`).join(' / ') || law.map((s) => `${s.kind} ${s.min}–${s.max}`).join(' / ');
        out.push({ file: r.file, line: b.line, key: `${v.version}.${b.name}`, code: 'ruleset.statute', params: { rule: r.parent && !STATUTES[r.id] ? r.parent : r.id, allowed } });
      }
    }
  }
  return out;
}

/** Candidate values per fact: the boundaries the conditions mention, one step either side, and extremes. */
function candidates(spec: FactSpec, version: RuleVersion[], extra: Level[][] = []): (FactValue | undefined)[] {
  const comps = [...version.flatMap((v) => v.levels), ...extra.flat()].flatMap((l) => comparisonsOf(l.when)).filter((c) => c.fact === spec.name);
  const lits = comps.flatMap((c) => (Array.isArray(c.value) ? c.value : [c.value]));
  const out: (FactValue | undefined)[] = [];
  switch (spec.type) {
    case 'boolean':
      out.push(true, false);
      break;
    case 'enum':
      out.push(...(spec.values ?? []).map((v) => v.key));
      break;
    case 'integer': {
      const lo = spec.min ?? 0;
      out.push(lo, lo + 1, lo + 7, 1_000_000);
      for (const v of lits as number[]) out.push(v - 1, v, v + 1);
      break;
    }
    case 'money': {
      out.push(0n, 100n, 123_456_700n, 100_000_000_000n);
      for (const v of lits as bigint[]) out.push(v - 1n, v, v + 1n);
      break;
    }
    case 'date': {
      out.push('2000-01-01', '2099-12-31');
      for (const v of lits as string[]) out.push(addDays(v, -1), v, addDays(v, 1));
      break;
    }
  }
  const valid = out.filter((v) => v === undefined || typeof v !== 'number' || v >= (spec.min ?? 0)).filter((v) => typeof v !== 'bigint' || v >= 0n);
  const uniq = [...new Map(valid.map((v) => [String(v), v])).values()];
  if (!spec.required && spec.default === undefined) uniq.push(undefined);
  return uniq;
}

function addDays(d: string, n: number): string {
  const dt = new Date(`${d}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + n);
  return dt.toISOString().slice(0, 10);
}

/** A small deterministic PRNG (mulberry32): a failing sample must be the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const FULL_ENUMERATION_LIMIT = 20_000;
export const SAMPLE_SIZE = 5_000;

/** Every combination when the space is small, else a fixed-seed sample that still visits every value. */
export function factSpace(specs: FactSpec[], values: (FactValue | undefined)[][]): Facts[] {
  const total = values.reduce((n, v) => n * v.length, 1);
  const build = (pick: (i: number) => FactValue | undefined): Facts => {
    const f: Facts = {};
    specs.forEach((s, i) => {
      const v = pick(i);
      if (v !== undefined) f[s.name] = v;
    });
    return f;
  };
  if (total <= FULL_ENUMERATION_LIMIT) {
    const out: Facts[] = [];
    const idx = specs.map(() => 0);
    for (let k = 0; k < total; k++) {
      out.push(build((i) => values[i]![idx[i]!]));
      for (let i = 0; i < idx.length; i++) {
        idx[i]!++;
        if (idx[i]! < values[i]!.length) break;
        idx[i] = 0;
      }
    }
    return out;
  }
  const rnd = prng(0x5eed);
  const out: Facts[] = [];
  const longest = Math.max(...values.map((v) => v.length));
  for (let k = 0; k < longest; k++) out.push(build((i) => values[i]![k % values[i]!.length]));
  while (out.length < SAMPLE_SIZE) out.push(build((i) => values[i]![Math.floor(rnd() * values[i]!.length)]));
  return out;
}

/**
 * The sample case a finding names, as a flat param: `name=value` joined by 、, money as `fen:<digits>`
 * (the edge writes it as yuan in the language in force).
 */
function describeFacts(f: Facts): string {
  return joinParam(Object.entries(f).map(([k, v]) => `${k}=${typeof v === 'bigint' ? `fen:${v}` : String(v)}`));
}

function levelFacts(r: Rule, levels: Level[], bands: StatutoryBand[]): FactSpec[] {
  const names = new Set<string>();
  for (const l of levels) factsOf(l.when, names);
  for (const b of bands) {
    b.per.forEach((p) => names.add(p));
    if (b.of) names.add(b.of);
  }
  return allFacts(r).filter((s) => names.has(s.name));
}

function checkLevels(r: Rule, v: RuleVersion): Problem[] {
  const specs = levelFacts(r, v.levels, []);
  const space = factSpace(specs, specs.map((s) => candidates(s, [v])));
  const out: Problem[] = [];
  let gaps = 0;
  let overlaps = 0;
  for (const f of space) {
    const hits = v.levels.filter((l) => evaluate(l.when, f));
    if (hits.length === 0 && gaps++ === 0) out.push({ file: r.file, line: v.line, key: `${v.version}.levels`, code: 'ruleset.levels.gap', params: { facts: describeFacts(f) } });
    if (hits.length > 1 && overlaps++ === 0) out.push({ file: r.file, line: hits[1]!.line, key: `${v.version}.levels`, code: 'ruleset.levels.overlap', params: { levels: joinParam(hits.map((h) => h.name)), facts: describeFacts(f) } });
  }
  return out;
}

/**
 * 国办发〔2022〕27号: a local rule may narrow, never widen. For every sampled case the local level's band
 * must lie inside the band the parent gives the same case.
 */
function checkParent(local: Rule, parent: Rule): Problem[] {
  const out: Problem[] = [];
  for (const lv of local.versions) {
    for (const pv of parent.versions.filter((p) => overlapsDates(lv, p.effectiveFrom, p.effectiveTo))) {
      const names = new Map<string, FactSpec>();
      for (const s of [...levelFacts(local, lv.levels, lv.bands), ...levelFacts(parent, pv.levels, pv.bands)]) names.set(s.name, s);
      const specs = [...names.values()];
      const space = factSpace(specs, specs.map((s) => candidates(s, [lv, pv])));
      for (const f of space) {
        const ll = lv.levels.filter((l) => evaluate(l.when, f));
        const pl = pv.levels.filter((l) => evaluate(l.when, f));
        if (ll.length !== 1 || pl.length !== 1) continue; // gaps and overlaps are reported by checkLevels
        const lb = bandOf(local, lv, ll[0]!, f);
        const pb = bandOf(parent, pv, pl[0]!, f);
        if (!lb || !pb) continue;
        if (lb.min < pb.min || lb.max > pb.max) {
          out.push({
            file: local.file,
            line: ll[0]!.band?.line ?? ll[0]!.line,
            key: `${lv.version}.${ll[0]!.name}`,
            code: 'ruleset.parent.outside',
            params: { parent: parent.id, level: pl[0]!.name, min: String(lb.min), max: String(lb.max), parent_min: String(pb.min), parent_max: String(pb.max), facts: describeFacts(f) },
          });
          break;
        }
      }
    }
  }
  return out;
}

function bandOf(r: Rule, v: RuleVersion, l: Level, f: Facts) {
  if (!l.band) return null;
  const stat = v.bands.find((b) => b.name === l.band!.use);
  return stat ? bandFor(stat, l.band.min, l.band.max, f, r, l.band.then) : null;
}

