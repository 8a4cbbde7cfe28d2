import path from 'node:path';
import type { PriorDrawn, StratumCount } from '../core/draw/index.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { InputEncoding, OutputEncoding } from './encoding.js';
import { readInputFile, sha256Hex } from './files.js';
import type { LedgerCount } from '../core/ledger.js';

/**
 * manifest.json: everything needed to re-run a draw and check its outputs. Written with a fixed
 * key order so that the same draw gives the same bytes except for created_at.
 */

export interface ManifestInput {
  /** the office's file, relative to the manifest's folder (with /): what `verify --inputs current` reads */
  path: string;
  /** SHA-256 of the original bytes (of the archived copy after decompression, too) */
  sha256: string;
  /** the byte-exact copy inside the draw folder (gzip), relative to it; absent in early draws */
  archive?: string;
}

/** A plan filter value no employer has: where it stands in the plan (e.g. tasks[1].filter.industry) and what it is. */
export interface ManifestUnmatched {
  path: string;
  value: string;
}

/** A YAML path as the manifest records it: keys joined by dots, list positions in brackets. */
export function unmatchedPathText(p: readonly (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
}

/**
 * The layout of manifest.json this version writes and reads (docs/draw.md section 2.3). A manifest
 * without `format` is the layout from before the key existed, which is format 1 as well and verifies
 * forever; a higher number was written by a newer shuangsui and is refused (exit 2, naming the key).
 */
export const MANIFEST_FORMAT = 1;

export interface Manifest {
  tool: 'shuangsui';
  /** MANIFEST_FORMAT; absent in manifests written before the key existed */
  format?: number;
  tool_version: string;
  algorithm: string;
  plan_id: string;
  plan_year: number;
  period: string;
  seed: string;
  as_of: string;
  inputs: { employers: ManifestInput; inspectors: ManifestInput; plan: ManifestInput };
  /** how the inputs were read: verify must read them the same way */
  read_options: { encoding: InputEncoding; lenient: boolean; out_encoding: OutputEncoding; sheet?: string; allow_unmatched?: true };
  /**
   * draw --allow-unmatched only: the plan filter values that matched no employer of the directory and
   * were let through as warnings, in plan order; absent in draws without the flag (which cannot have any)
   */
  unmatched?: ManifestUnmatched[];
  /** employers drawn earlier this year by the plan (from the ledger), excluded from this draw */
  already_drawn: { count: number; sha256: string; uscc: string[] };
  /**
   * shuangsui-draw/2 only: drawn per task and stratum in the earlier periods of the year (from the
   * ledger), which the whole-year targets carry; absent in v1 manifests, whose bytes do not change.
   */
  prior_drawn?: PriorDrawn[];
  counts: LedgerCount[];
  outputs: Record<string, string>;
  /** the ledger this draw was recorded in, relative to the manifest's folder; absent in early draws */
  ledger?: string;
  ledger_seq: number | null;
  prev_ledger_hash: string | null;
  redraw: boolean;
  reason: string | null;
  /** the draw was allowed to select nobody (--allow-empty); absent in early draws */
  allow_empty?: boolean;
  created_at: string;
}

/**
 * Every key a manifest may hold, top level and nested: any other key is a mismatch for `verify`
 * (draw never writes it, so the manifest was edited). A new manifest field is added here, in
 * buildManifest and in docs/draw.md section 2.3 in the same commit.
 */
export const MANIFEST_KEYS = {
  top: [
    'tool', 'format', 'tool_version', 'algorithm', 'plan_id', 'plan_year', 'period', 'seed', 'as_of', 'inputs', 'read_options', 'unmatched',
    'already_drawn', 'prior_drawn', 'counts', 'outputs', 'ledger', 'ledger_seq', 'prev_ledger_hash', 'redraw', 'reason', 'allow_empty', 'created_at',
  ],
  inputs: ['employers', 'inspectors', 'plan'],
  input: ['path', 'sha256', 'archive'],
  // sheet: only when draw was given --sheet (an .xlsx input), docs/xlsx.md
  // allow_unmatched: only when draw was given --allow-unmatched (docs/input.md)
  read_options: ['encoding', 'lenient', 'out_encoding', 'sheet', 'allow_unmatched'],
  unmatched: ['path', 'value'],
  already_drawn: ['count', 'sha256', 'uscc'],
  prior_drawn: ['task', 'stratum', 'drawn'],
  count: ['task', 'stratum', 'eligible', 'quota', 'drawn', 'full_coverage'],
} as const;

/** The keys of a parsed manifest that MANIFEST_KEYS does not know, as dotted paths. */
export function unknownManifestKeys(data: unknown): string[] {
  const out: string[] = [];
  const check = (o: unknown, allowed: readonly string[], at: string) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(at ? `${at}.${k}` : k);
  };
  const o = (data ?? {}) as Record<string, unknown>;
  check(o, MANIFEST_KEYS.top, '');
  check(o.inputs, MANIFEST_KEYS.inputs, 'inputs');
  const inputs = (o.inputs ?? {}) as Record<string, unknown>;
  for (const k of MANIFEST_KEYS.inputs) check(inputs[k], MANIFEST_KEYS.input, `inputs.${k}`);
  check(o.read_options, MANIFEST_KEYS.read_options, 'read_options');
  check(o.already_drawn, MANIFEST_KEYS.already_drawn, 'already_drawn');
  if (Array.isArray(o.counts)) o.counts.forEach((c, i) => check(c, MANIFEST_KEYS.count, `counts[${i}]`));
  if (Array.isArray(o.unmatched)) o.unmatched.forEach((u, i) => check(u, MANIFEST_KEYS.unmatched, `unmatched[${i}]`));
  if (Array.isArray(o.prior_drawn)) o.prior_drawn.forEach((c, i) => check(c, MANIFEST_KEYS.prior_drawn, `prior_drawn[${i}]`));
  return out;
}

export type ManifestFields = Omit<Manifest, 'tool' | 'format' | 'already_drawn'> & { already_drawn: string[] };

/** SHA-256 of the sorted USCCs joined by \n: a short way to say "this exact set". */
export function alreadyDrawnHash(uscc: readonly string[]): string {
  return sha256Hex([...uscc].sort().join('\n'));
}

export function countsForRecord(counts: readonly StratumCount[]): LedgerCount[] {
  return counts.map((c) => ({
    task: c.task,
    stratum: c.stratum,
    eligible: c.eligible,
    quota: c.quota,
    drawn: c.drawn,
    full_coverage: c.fullCoverage,
  }));
}

export function buildManifest(f: ManifestFields): Manifest {
  const drawn = [...f.already_drawn].sort();
  const input = (i: ManifestInput): ManifestInput => (i.archive === undefined ? { path: i.path, sha256: i.sha256 } : { path: i.path, sha256: i.sha256, archive: i.archive });
  return {
    tool: 'shuangsui',
    format: MANIFEST_FORMAT,
    tool_version: f.tool_version,
    algorithm: f.algorithm,
    plan_id: f.plan_id,
    plan_year: f.plan_year,
    period: f.period,
    seed: f.seed,
    as_of: f.as_of,
    inputs: { employers: input(f.inputs.employers), inspectors: input(f.inputs.inspectors), plan: input(f.inputs.plan) },
    read_options: {
      encoding: f.read_options.encoding,
      lenient: f.read_options.lenient,
      out_encoding: f.read_options.out_encoding,
      // only when given, so that draws without workbooks keep the manifest they always had
      ...(f.read_options.sheet !== undefined ? { sheet: f.read_options.sheet } : {}),
      ...(f.read_options.allow_unmatched === true ? { allow_unmatched: true as const } : {}),
    },
    // recorded whenever the flag was given (an empty list says it let nothing through), never without it
    ...(f.read_options.allow_unmatched === true ? { unmatched: (f.unmatched ?? []).map((u) => ({ path: u.path, value: u.value })) } : {}),
    already_drawn: { count: drawn.length, sha256: alreadyDrawnHash(drawn), uscc: drawn },
    prior_drawn: f.prior_drawn?.map((d) => ({ task: d.task, stratum: d.stratum, drawn: d.drawn })),
    counts: f.counts.map((c) => ({ ...c })),
    outputs: Object.fromEntries(Object.keys(f.outputs).sort().map((k) => [k, f.outputs[k]!])),
    ...(f.ledger === undefined ? {} : { ledger: f.ledger }),
    ledger_seq: f.ledger_seq,
    prev_ledger_hash: f.prev_ledger_hash,
    redraw: f.redraw,
    reason: f.reason,
    ...(f.allow_empty === undefined ? {} : { allow_empty: f.allow_empty }),
    created_at: f.created_at,
  };
}

export function serialiseManifest(man: Manifest): string {
  return JSON.stringify(man, null, 2) + '\n';
}

/** An input's path as the manifest records it: relative to the output folder, with forward slashes. */
export function relativeInputPath(outDir: string, file: string): string {
  const rel = path.relative(outDir, file);
  return path.isAbsolute(rel) ? rel : rel.split(path.sep).join('/');
}

/** An archive path must stay inside the draw folder: a manifest is not allowed to point verify elsewhere. */
function isInside(rel: string): boolean {
  return rel !== '' && !path.isAbsolute(rel) && !rel.split('/').includes('..') && !rel.includes('\\');
}

export function resolveInputPath(manifestDir: string, recorded: string): string {
  return path.resolve(manifestDir, recorded);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads and checks the shape of a manifest: a hand-edited or foreign file is an input error. */
export async function readManifest(file: string): Promise<{ manifest: Manifest; bytes: Buffer; data: unknown }> {
  const bytes = await readInputFile(file);
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new InputError(m().drawCli.verify.badManifest(file, (e as Error).message), [], { cause: e });
  }
  const problems: string[] = [];
  const o = (data ?? {}) as Record<string, unknown>;
  // a newer layout first: its other fields may mean something this version cannot know
  if (Number.isSafeInteger(o.format) && (o.format as number) > MANIFEST_FORMAT) {
    const t = m().drawCli.verify;
    const message = t.newerManifest(file, o.format as number, MANIFEST_FORMAT);
    throw new InputError(message, [{ file, key: 'format', value: String(o.format), message }]);
  }
  if (o.format !== undefined && o.format !== MANIFEST_FORMAT) problems.push('format');
  const str = (k: string) => typeof o[k] === 'string' || problems.push(k);
  ['tool_version', 'algorithm', 'plan_id', 'period', 'seed', 'as_of'].forEach(str);
  if (!Number.isSafeInteger(o.plan_year)) problems.push('plan_year');
  const inputs = (o.inputs ?? {}) as Record<string, { path?: unknown; sha256?: unknown }>;
  for (const k of ['employers', 'inspectors', 'plan']) {
    const i = inputs[k];
    if (!i || typeof i.path !== 'string' || typeof i.sha256 !== 'string' || !HEX64.test(i.sha256)) problems.push(`inputs.${k}`);
  }
  const ro = (o.read_options ?? {}) as Record<string, unknown>;
  if (typeof ro.encoding !== 'string' || typeof ro.lenient !== 'boolean' || typeof ro.out_encoding !== 'string') problems.push('read_options');
  if (ro.allow_unmatched !== undefined && ro.allow_unmatched !== true) problems.push('read_options.allow_unmatched');
  const um = o.unmatched;
  if (um !== undefined && !(Array.isArray(um) && um.every((u) => u && typeof u.path === 'string' && typeof u.value === 'string'))) problems.push('unmatched');
  const ad = (o.already_drawn ?? {}) as Record<string, unknown>;
  if (!Array.isArray(ad.uscc) || !ad.uscc.every((u) => typeof u === 'string') || typeof ad.sha256 !== 'string') problems.push('already_drawn');
  const outs = o.outputs as Record<string, unknown> | undefined;
  if (!outs || typeof outs !== 'object' || !Object.values(outs).every((v) => typeof v === 'string')) problems.push('outputs');
  if (!Array.isArray(o.counts)) problems.push('counts');
  const pd = o.prior_drawn;
  if (pd !== undefined && !(Array.isArray(pd) && pd.every((d) => d && typeof d.task === 'string' && typeof d.stratum === 'string' && Number.isSafeInteger(d.drawn) && d.drawn >= 0))) problems.push('prior_drawn');
  if (o.tool !== 'shuangsui') problems.push('tool');
  for (const k of ['employers', 'inspectors', 'plan']) {
    const a = inputs[k] as { archive?: unknown } | undefined;
    if (a && a.archive !== undefined && (typeof a.archive !== 'string' || !isInside(a.archive))) problems.push(`inputs.${k}.archive`);
  }
  if (o.ledger !== undefined && typeof o.ledger !== 'string') problems.push('ledger');
  if (o.allow_empty !== undefined && typeof o.allow_empty !== 'boolean') problems.push('allow_empty');
  if (typeof o.redraw !== 'boolean') problems.push('redraw');
  if (!(o.reason === null || (typeof o.reason === 'string' && o.reason.trim() !== '')) || (o.redraw === true) !== (typeof o.reason === 'string')) problems.push('reason');
  if (!(o.ledger_seq === null || (Number.isSafeInteger(o.ledger_seq) && (o.ledger_seq as number) >= 1))) problems.push('ledger_seq');
  if (!(o.prev_ledger_hash === null || (typeof o.prev_ledger_hash === 'string' && HEX64.test(o.prev_ledger_hash)))) problems.push('prev_ledger_hash');
  if (typeof o.created_at !== 'string' || Number.isNaN(Date.parse(o.created_at))) problems.push('created_at');
  if (typeof ad.count !== 'number' || (Array.isArray(ad.uscc) && ad.count !== ad.uscc.length)) problems.push('already_drawn.count');
  if (problems.length) throw new InputError(m().drawCli.verify.badManifest(file, problems.join(', ')));
  const man = data as Manifest;
  if (alreadyDrawnHash(man.already_drawn.uscc) !== man.already_drawn.sha256) {
    throw new InputError(m().drawCli.verify.badManifest(file, 'already_drawn.sha256'));
  }
  return { manifest: man, bytes, data };
}
