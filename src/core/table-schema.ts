import type { Problem, ProblemParams } from '../errors.js';
import { normaliseUscc, usccFault } from './uscc.js';
import { LIST_SEP } from './params.js';
import { CONTROL_CHARS, DEFAULT_CERT_NO_PATTERN, controlName, detached, excelDamage, parseBool, parseCount, parseDate, parseList } from './values.js';
import { parseYuan } from './penalty/money.js';

/**
 * Column schemas for the office's spreadsheets, and the validation that turns
 * rows of strings into typed records while collecting every problem in the file.
 * Pure: no file access, so tests and the fast benchmark path share it.
 */
export type ColumnType =
  | { kind: 'text' }
  | { kind: 'uscc' }
  | { kind: 'date' }
  | { kind: 'bool' }
  | { kind: 'count' }
  | { kind: 'list' }
  | { kind: 'usccList' }
  | { kind: 'enum'; values: readonly string[] }
  /** a code whose whole text must match the pattern (a JavaScript regular expression, anchored) */
  | { kind: 'code'; pattern: string }
  /** an amount of money in yuan (1,200.50, ￥3000元, 1.2万), held as integer fen */
  | { kind: 'money' };

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  aliases?: readonly string[];
  type: ColumnType;
  /** the column must be present and every cell non-empty */
  required?: boolean;
  /** values must be unique over the file */
  unique?: boolean;
  /**
   * an identifier that Excel damages when it takes it for a number: an exponent or a trailing ".0"
   * is refused as Excel damage, a leading apostrophe (Excel's text marker) is stripped with a warning
   */
  code?: boolean;
  /** a date column that cannot precede this other date column of the same row (a case closed before it was opened) */
  notBefore?: string;
}

export interface TableSpec {
  columns: readonly ColumnSpec[];
}

export type CellValue = string | number | boolean | string[] | null;

export interface TypedRow {
  line: number;
  values: Record<string, CellValue>;
  /** columns the schema does not know, in file order, passed through to outputs */
  extra: [string, string][];
}

export interface HeaderMap {
  /** schema key → index in the file's header */
  index: Map<string, number>;
  /** indices of columns the schema does not know */
  extra: number[];
}

/** Header text as people type it: full-width forms, stray spaces, English case. */
export function normaliseHeader(h: string): string {
  return h.normalize('NFKC').replace(/\s+/g, '').replace(/^\uFEFF/, '').toLowerCase();
}

export function mapHeader(spec: TableSpec, header: string[], file: string): { map: HeaderMap; problems: Problem[] } {
  const byName = new Map<string, string>();
  for (const c of spec.columns) {
    for (const name of [c.zh, c.en, c.key, ...(c.aliases ?? [])]) byName.set(normaliseHeader(name), c.key);
  }
  const index = new Map<string, number>();
  const extra: number[] = [];
  const problems: Problem[] = [];
  header.forEach((h, i) => {
    const key = byName.get(normaliseHeader(h));
    if (key === undefined) {
      extra.push(i);
    } else if (index.has(key)) {
      problems.push({ file, line: 1, column: h, code: 'table.column.duplicate', params: { column: h } });
    } else {
      index.set(key, i);
    }
  });
  for (const c of spec.columns) {
    if (c.required && !index.has(c.key)) {
      problems.push({ file, line: 1, column: c.zh, code: 'table.column.missing', params: { column: `${c.zh}/${c.en}`, found: header.join(LIST_SEP) } });
    }
  }
  return { map: { index, extra }, problems };
}

/** Why a cell does not parse: a code (cell.*, docs/codes.md) and its values, worded at the edge. */
export interface CellFault {
  code: string;
  params: ProblemParams;
}

const fault = (code: string, params: ProblemParams = {}): { error: CellFault } => ({ error: { code, params } });

export function parseCell(type: ColumnType, raw: string): { value: CellValue } | { error: CellFault } {
  const s = raw.trim();
  if (s === '') return { value: type.kind === 'list' || type.kind === 'usccList' ? [] : null };
  switch (type.kind) {
    case 'text':
      return { value: s };
    case 'uscc': {
      const code = normaliseUscc(s);
      const f = usccFault(code);
      return f ? usccError(f) : { value: code };
    }
    case 'date': {
      const d = parseDate(s);
      return d === undefined ? fault('cell.date') : { value: d };
    }
    case 'bool': {
      const b = parseBool(s);
      return b === undefined ? fault('cell.bool') : { value: b };
    }
    case 'count': {
      const n = parseCount(s);
      return n === undefined ? fault('cell.count') : { value: n };
    }
    case 'list':
      return { value: parseList(s) };
    case 'money': {
      const fen = parseYuan(s);
      return fen === undefined ? fault('cell.money') : { value: Number(fen) };
    }
    case 'usccList': {
      const codes = parseList(s).map(normaliseUscc);
      for (const c of codes) {
        const f = usccFault(c);
        if (f) return usccError(f, c);
      }
      return { value: codes };
    }
    case 'enum': {
      const v = s.normalize('NFKC');
      return type.values.includes(v) ? { value: v } : fault('cell.enum', { allowed: type.values.join(LIST_SEP) });
    }
    case 'code':
      // the default pattern is described in words rather than shown as a regular expression
      return codeMatches(type.pattern, s) ? { value: s } : fault('cell.code.pattern', { pattern: type.pattern === DEFAULT_CERT_NO_PATTERN ? null : type.pattern });
  }
}

const compiled = new Map<string, RegExp>();
/** The pattern must match the whole code; a pattern that does not compile is refused where it is configured. */
function codeMatches(pattern: string, s: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re.test(s);
}

/** Why a code pattern does not compile, or null: a plan's cert_no_pattern is checked before any roster is read. */
export function codePatternFault(pattern: string): string | null {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A bad 统一社会信用代码; `item` names which one, in a cell that lists several. */
function usccError(f: NonNullable<ReturnType<typeof usccFault>>, item?: string): { error: CellFault } {
  const of: ProblemParams = item === undefined ? {} : { item };
  if (f.kind === 'length') return fault('cell.uscc.length', { ...of, length: f.length });
  if (f.kind === 'char') return fault('cell.uscc.char', { ...of, char: f.char, position: f.position });
  return fault('cell.uscc.check', { ...of, expected: f.expected, got: f.got });
}

/** Column types whose parsed value is a primitive (safe to share between rows) and whose cells repeat. */
const CACHEABLE = new Set<ColumnType['kind']>(['bool', 'enum', 'date', 'count']);
const CACHE_LIMIT = 4096;

export interface ValidatedTable {
  rows: TypedRow[];
  problems: Problem[];
  /** things fixed on the way in that the person should know about (a stripped apostrophe) */
  warnings: Problem[];
  /** lines that had at least one problem (what --lenient skips) */
  badLines: Set<number>;
  header: string[];
  map: HeaderMap;
}

export interface ValidateOptions {
  /**
   * look for control characters in every cell; a caller that has already seen that the whole text
   * has none may skip the per-cell search
   */
  controls?: boolean;
  /**
   * uniqueness over more rows than these (a directory validated chunk by chunk): the line of an
   * earlier row with this value, or undefined after recording this one. Without it, a Map per column.
   */
  unique?: (key: string, value: string, line: number) => number | undefined;
  /**
   * State carried from one call to the next when a file is validated chunk by chunk (a province's
   * decisions file): the uniqueness indexes and the parse caches. Its unique values are stored as
   * copies, so they do not keep the chunk's text alive.
   */
  carry?: ValidationCarry;
}

export interface ValidationCarry {
  seen: Map<string, Map<string, number>>;
  caches: Map<string, Map<string, ReturnType<typeof parseCell>>>;
}

export const newValidationCarry = (): ValidationCarry => ({ seen: new Map(), caches: new Map() });

/** The first control character in any cell of the row, as a problem naming the cell. */
export function controlProblem(cells: readonly string[], header: readonly string[], line: number, file: string): Problem | null {
  for (let j = 0; j < cells.length; j++) {
    const hit = CONTROL_CHARS.exec(cells[j]!);
    if (hit) return { file, line, column: header[j] ?? j + 1, value: cells[j]!, code: 'cell.control', params: { char: controlName(hit[0]) } };
  }
  return null;
}

function cacheFor(carry: ValidationCarry | undefined, key: string): Map<string, ReturnType<typeof parseCell>> {
  if (!carry) return new Map();
  let c = carry.caches.get(key);
  if (!c) carry.caches.set(key, (c = new Map()));
  return c;
}

/**
 * Row shape, checked first: with a cell too many or too few, every later cell is in the wrong column.
 * Trailing empty cells beyond the header are harmless (spreadsheets pad rows with commas).
 * lenient: whether the command has --lenient, which the message then offers.
 */
export function shapeProblem(cells: readonly string[], width: number, line: number, file: string, lenient = true): Problem | null {
  if (cells.length === width) return null;
  let extraFilled = cells.length < width;
  for (let j = width; j < cells.length && !extraFilled; j++) if (cells[j]!.trim() !== '') extraFilled = true;
  if (!extraFilled) return null;
  const code = cells.length > width ? 'row.fields.many' : 'row.fields.few';
  return { file, line, code, params: lenient ? { got: cells.length, want: width } : { got: cells.length, want: width, lenient: false } };
}

/**
 * Validates every row and collects every problem; never stops at the first. Problems are pushed one
 * by one (a file with 130,000 bad cells must not be spread into a call's arguments).
 */
export function validateRows(
  spec: TableSpec,
  header: string[],
  rows: readonly { line: number; cells: readonly string[] }[],
  file: string,
  opts: ValidateOptions = {},
): ValidatedTable {
  const { map, problems } = mapHeader(spec, header, file);
  const warnings: Problem[] = [];
  const badLines = new Set<number>();
  const controls = opts.controls !== false;
  const unique = opts.unique;
  if (controls) {
    const p = controlProblem(header, header, 1, file);
    if (p) problems.push(p);
  }
  if (problems.length) return { rows: [], problems, warnings, badLines, header, map };
  const width = header.length;
  const carry = opts.carry;
  const firstSeen = carry?.seen ?? new Map<string, Map<string, number>>();
  for (const c of spec.columns) if (c.unique && !firstSeen.has(c.key)) firstSeen.set(c.key, new Map());
  // Per column, resolved once: where the column sits, what to call it, its uniqueness index.
  const cols = spec.columns.map((c) => {
    const i = map.index.get(c.key);
    return {
      spec: c,
      i,
      name: i === undefined ? c.zh : header[i]!,
      seen: firstSeen.get(c.key),
      // Flags, types, dates and counts repeat a few hundred values over a million rows: parse each
      // distinct value once (benchmark: validation of 1M rows was mostly re-parsing the same cells).
      cache: CACHEABLE.has(c.type.kind) ? cacheFor(carry, c.key) : null,
    };
  });
  const out: TypedRow[] = [];
  for (const row of rows) {
    const values: Record<string, CellValue> = {};
    let bad = false;
    const shape = shapeProblem(row.cells, width, row.line, file);
    if (shape) {
      problems.push(shape);
      badLines.add(row.line);
      continue;
    }
    if (controls) {
      const p = controlProblem(row.cells, header, row.line, file);
      if (p) {
        problems.push(p);
        badLines.add(row.line);
        continue;
      }
    }
    for (const col of cols) {
      const c = col.spec;
      let raw = col.i === undefined ? '' : (row.cells[col.i] ?? '');
      if (c.code) {
        const damage = excelDamage(raw);
        if (damage === 'exponent' || damage === 'decimal') {
          problems.push({ file, line: row.line, column: col.name, value: raw, code: `cell.excel.${damage}`, params: { raw: raw.trim() } });
          bad = true;
          continue;
        }
        if (damage === 'apostrophe') {
          const shown = raw.trim();
          warnings.push({ file, line: row.line, column: col.name, value: shown, code: 'cell.apostrophe.stripped', params: { file, line: row.line, column: col.name, value: shown } });
          raw = shown.slice(1);
        }
      }
      if (c.required && raw.trim() === '') {
        problems.push({ file, line: row.line, column: col.name, value: raw, code: 'cell.required', params: {} });
        bad = true;
        continue;
      }
      let parsed = col.cache?.get(raw);
      if (parsed === undefined) {
        parsed = parseCell(c.type, raw);
        if (col.cache && col.cache.size < CACHE_LIMIT) col.cache.set(raw, parsed);
      }
      if ('error' in parsed) {
        problems.push({ file, line: row.line, column: col.name, value: raw, ...parsed.error });
        bad = true;
        continue;
      }
      if (carry && col.seen && typeof parsed.value === 'string') parsed = { value: detached(parsed.value) };
      values[c.key] = parsed.value;
      if (col.seen && typeof parsed.value === 'string') {
        const first = unique ? unique(c.key, parsed.value, row.line) : col.seen.get(parsed.value);
        if (first !== undefined) {
          problems.push({ file, line: row.line, column: col.name, value: raw, code: 'cell.duplicate', params: { value: parsed.value, first_line: first } });
          bad = true;
        } else if (!unique) col.seen.set(parsed.value, row.line);
      }
    }
    for (const col of cols) {
      const after = col.spec.notBefore;
      const v = values[col.spec.key];
      const first = after === undefined ? undefined : values[after];
      // ISO dates compare as strings; an empty cell (null) is not a date to order
      if (typeof v === 'string' && typeof first === 'string' && v < first) {
        const other = cols.find((c) => c.spec.key === after)!;
        problems.push({ file, line: row.line, column: col.name, value: row.cells[col.i!] ?? '', code: 'cell.date.before', params: { column: other.name, date: first } });
        bad = true;
      }
    }
    if (bad) {
      badLines.add(row.line);
      continue;
    }
    out.push({ line: row.line, values, extra: map.extra.map((i) => [header[i]!, row.cells[i] ?? '']) });
  }
  return { rows: out, problems, warnings, badLines, header, map };
}
