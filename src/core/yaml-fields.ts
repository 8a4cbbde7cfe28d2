/**
 * One reader for every YAML file the tool takes (plan, rules, review, calendar, compliance, cases).
 * It walks the plain data src/io/yaml.ts parsed, checks each key against a declared field, and collects
 * every fault as a located `Problem` (file, line, key path such as tasks[2].size, value, code, params):
 * nothing is thrown and nothing is worded here, so a file with ten mistakes shows all ten, in zh or en.
 *
 * Codes are `<ns>.<fault>`: the generic faults below under the namespace the caller names (plan, rule,
 * review, calendar, compliance, golden, case), and the parser's own checks under codes it chooses.
 * src/i18n/{zh,en}/problems-*.ts word them; docs/codes.md lists them.
 */
import type { Problem, ProblemParams } from '../errors.js';
import { intFault, parseDate, showYamlValue, type IsoDate } from './values.js';

export type YamlPath = (string | number)[];

/**
 * Where a key path stands in its file. src/io/yaml.ts `YamlSource` satisfies it, so the core needs
 * neither the yaml package nor the file; tests may pass `{}` and get problems without lines.
 */
export interface YamlPlaces {
  file?: string;
  keyLineOf?(path: YamlPath): number | undefined;
  lineOf?(path: YamlPath): number | undefined;
}

/** The generic faults every namespace words (`${ns}.${fault}`). */
export type GenericFault = 'mapping' | 'list' | 'required' | 'text' | 'int' | 'int.quoted' | 'int.range' | 'number' | 'bool' | 'date' | 'enum' | 'key.unknown';

export interface ReaderOptions {
  /** unknown-key problems show the key as their value (plan, rules) or not (calendar, compliance) */
  keyAsValue?: boolean;
  /** "should be a mapping" problems show the value found (plan) or not (rules, calendar) */
  mappingValue?: boolean;
}

export function formatYamlPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A list in params: params are flat (they go into JSON as they are), so a list travels as one string joined by 、 (docs/codes.md). */
export const joinParam = (xs: readonly (string | number)[]): string => xs.join('、');
export const splitParam = (v: ProblemParams[string] | undefined): string[] => (typeof v === 'string' && v !== '' ? v.split('、') : []);

export const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
/** Absent: not written, or written with nothing after the colon (YAML null). */
export const isAbsent = (v: unknown): v is undefined | null => v === undefined || v === null;

/**
 * One declared key. `read` sees a value that is present (not undefined or null) and returns the typed
 * value, or undefined after reporting why not. The reader handles absence, `required` and `fallback`.
 */
export interface Field<T> {
  readonly required: boolean;
  /** the code when a required key is missing; default `${ns}.required` */
  readonly requiredCode?: string;
  /** true: an empty string counts as missing (text keys) */
  readonly emptyIsAbsent?: boolean;
  read(r: FieldReader, v: unknown, path: YamlPath): T | undefined;
}

export type Shape = Record<string, Field<unknown>>;
export type Read<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T | undefined : never };

export class FieldReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly places: YamlPlaces,
    readonly ns: string,
    private readonly opts: ReaderOptions = {},
  ) {}

  get file(): string | undefined {
    return this.places.file;
  }

  /** Line of the key at path (where "unknown key" and "required" point), as src/io/yaml.ts finds it. */
  lineOf(path: YamlPath): number | undefined {
    return this.places.lineOf?.(path);
  }

  /** A located problem; `code` is used as given (the caller's own checks). */
  report(path: YamlPath, code: string, params?: ProblemParams, value?: unknown): void {
    const p: Problem = { file: this.places.file, line: this.places.keyLineOf?.(path) ?? this.places.lineOf?.(path), key: formatYamlPath(path), value: value === undefined ? undefined : showYamlValue(value), code };
    if (params !== undefined) p.params = params;
    this.problems.push(p);
  }

  /** A generic fault under this reader's namespace. */
  fault(path: YamlPath, fault: GenericFault, params?: ProblemParams, value?: unknown): void {
    this.report(path, `${this.ns}.${fault}`, params, value);
  }

  /** The value as a mapping, or undefined after reporting `${ns}.mapping`. */
  mapping(v: unknown, path: YamlPath): Record<string, unknown> | undefined {
    if (isMapping(v)) return v;
    this.fault(path, 'mapping', undefined, this.opts.mappingValue ? v : undefined);
    return undefined;
  }

  /** Reports every key of `o` not in `allowed` (in the file's order), with the allowed keys as a param. */
  unknownKeys(o: Record<string, unknown>, allowed: readonly string[], path: YamlPath, code = `${this.ns}.key.unknown`): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.report([...path, k], code, { key: k, allowed: joinParam(allowed) }, this.opts.keyAsValue ? k : undefined);
  }

  /** One key of a mapping through its field: absence, `required`, then the field's own check. */
  field<T>(o: Record<string, unknown>, key: string, path: YamlPath, f: Field<T>): T | undefined {
    const v = o[key];
    const p = [...path, key];
    if (isAbsent(v) || (f.emptyIsAbsent && v === '')) {
      if (f.required) this.report(p, f.requiredCode ?? `${this.ns}.required`);
      return undefined;
    }
    return f.read(this, v, p);
  }

  /**
   * A mapping read against a shape: unknown keys first (unless `unknown: false`), then each declared key
   * in the shape's order. Undefined when the value is not a mapping (reported).
   */
  object<S extends Shape>(v: unknown, path: YamlPath, shape: S, opts: { unknown?: boolean | string; extra?: readonly string[] } = {}): Read<S> | undefined {
    const o = this.mapping(v, path);
    if (!o) return undefined;
    return this.fields(o, path, shape, opts);
  }

  /** As object(), for a value already known to be a mapping. */
  fields<S extends Shape>(o: Record<string, unknown>, path: YamlPath, shape: S, opts: { unknown?: boolean | string; extra?: readonly string[] } = {}): Read<S> {
    if (opts.unknown !== false) this.unknownKeys(o, [...Object.keys(shape), ...(opts.extra ?? [])], path, typeof opts.unknown === 'string' ? opts.unknown : undefined);
    const out = {} as Record<string, unknown>;
    for (const [k, f] of Object.entries(shape)) out[k] = this.field(o, k, path, f);
    return out as Read<S>;
  }

  /** A value that must be a list: each element through `item`, failed elements left out. */
  list<T>(v: unknown, path: YamlPath, item: Field<T>, opts: { nonEmpty?: boolean; code?: string } = {}): T[] | undefined {
    return list(item, { ...opts, single: false }).read(this, v, path);
  }
}

// --- field kinds ----------------------------------------------------------------------------------

interface Common {
  required?: boolean;
  requiredCode?: string;
  /** the code for a value of the wrong kind; default `${ns}.<kind>` */
  code?: string;
}

const codeOf = (r: FieldReader, o: Common, fault: GenericFault) => o.code ?? `${r.ns}.${fault}`;

/** Text (a number is taken as its digits), trimmed; `pattern` with `patternCode` for ids. */
export function text(o: Common & { pattern?: RegExp; patternCode?: string; emptyIsAbsent?: boolean } = {}): Field<string> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    emptyIsAbsent: o.emptyIsAbsent ?? true,
    read(r, v, path) {
      if (typeof v !== 'string' && typeof v !== 'number') return void r.report(path, codeOf(r, o, 'text'), undefined, v);
      const s = String(v).trim();
      if (o.required && s === '') return void r.report(path, o.requiredCode ?? `${r.ns}.required`);
      if (o.pattern && !o.pattern.test(s)) return void r.report(path, o.patternCode ?? codeOf(r, o, 'text'), undefined, s);
      return s;
    },
  };
}

/**
 * A whole number in [min, max]. A number written in quotes is its own fault (`int.quoted`), as is one
 * beyond max (`int.range`): "12" in a plan is a typo worth naming, not "not a number".
 */
export function int(o: Common & { min: number; max?: number }): Field<number> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      const f = intFault(v, o.min, o.max);
      if (f === null) return v as number;
      const params = { min: o.min, max: o.max ?? null };
      if (o.code) r.report(path, o.code, params, v);
      else r.fault(path, f === 'quoted' ? 'int.quoted' : f === 'range' ? 'int.range' : 'int', f === 'quoted' ? { ...params, text: String(v) } : params, v);
      return undefined;
    },
  };
}

/** A finite number with `min < v` (exclusive) or `min <= v`, and `v <= max`. */
export function number(o: Common & { min?: number; exclusiveMin?: boolean; max?: number }): Field<number> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      const ok = typeof v === 'number' && Number.isFinite(v) && (o.min === undefined || (o.exclusiveMin ? v > o.min : v >= o.min)) && (o.max === undefined || v <= o.max);
      if (ok) return v;
      return void r.report(path, codeOf(r, o, 'number'), { min: o.min ?? null, max: o.max ?? null }, v);
    },
  };
}

export function bool(o: Common = {}): Field<boolean> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      if (typeof v === 'boolean') return v;
      return void r.report(path, codeOf(r, o, 'bool'), undefined, v);
    },
  };
}

/** A calendar date in any form values.ts parseDate takes, as YYYY-MM-DD. */
export function date(o: Common = {}): Field<IsoDate> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    emptyIsAbsent: true,
    read(r, v, path) {
      const d = parseDate(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
      if (d === undefined) r.report(path, codeOf(r, o, 'date'), undefined, v);
      return d;
    },
  };
}

/** One of a fixed set of values (compared as written: 4 is not "4"). */
export function oneOf<const V extends string | number>(values: readonly V[], o: Common = {}): Field<V> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      if ((values as readonly unknown[]).includes(v)) return v as V;
      return void r.report(path, codeOf(r, o, 'enum'), { allowed: joinParam(values) }, v);
    },
  };
}

/**
 * A list, each element through `item` at path[i]. `single`: a lone scalar counts as a one-element list
 * (located at the key itself, as people write `region: 城东区`). Failed elements are left out.
 */
export function list<T>(item: Field<T>, o: Common & { single?: boolean; nonEmpty?: boolean } = {}): Field<T[]> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      if (!Array.isArray(v) && !o.single) return void r.report(path, codeOf(r, o, 'list'), undefined, undefined);
      if (Array.isArray(v) && v.length === 0 && o.nonEmpty) return void r.report(path, codeOf(r, o, 'list'));
      const arr = Array.isArray(v) ? v : [v];
      const out: T[] = [];
      arr.forEach((x, i) => {
        const p = Array.isArray(v) ? [...path, i] : path;
        const got = item.read(r, x, p);
        if (got !== undefined) out.push(got);
      });
      return out;
    },
  };
}

/** A mapping of names the file chooses (facts, bands, years) to values through `item`. */
export function dict<T>(item: Field<T>, o: Common & { nonEmpty?: boolean } = {}): Field<Map<string, T>> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read(r, v, path) {
      const m = r.mapping(v, path);
      if (!m) return undefined;
      if (o.nonEmpty && Object.keys(m).length === 0) return void r.fault(path, 'mapping');
      const out = new Map<string, T>();
      for (const [k, x] of Object.entries(m)) {
        const got = item.read(r, x, [...path, k]);
        if (got !== undefined) out.set(k, got);
      }
      return out;
    },
  };
}

/** A mapping with declared keys of its own (unknown ones reported). */
export function nested<S extends Shape>(shape: S, o: Common & { extra?: readonly string[] } = {}): Field<Read<S>> {
  return {
    required: o.required === true,
    requiredCode: o.requiredCode,
    read: (r, v, path) => r.object(v, path, shape, { extra: o.extra }),
  };
}

/** A key whose check is the parser's own (cross-field rules, bands, conditions). */
export function custom<T>(read: (r: FieldReader, v: unknown, path: YamlPath) => T | undefined, o: Common = {}): Field<T> {
  return { required: o.required === true, requiredCode: o.requiredCode, read };
}
