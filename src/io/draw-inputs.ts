import { promises as fs } from 'node:fs';
import type { Employer, Inspector } from '../core/records.js';
import { planFrom } from './plan.js';
import { parsePeriod, type Period, type Plan } from '../core/draw/index.js';
import { periodLabels, PeriodError } from '../core/draw/period.js';
import { appendProblems, InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { errorText } from '../ui/problem-text.js';
import type { InputEncoding } from './encoding.js';
import { sha256Hex } from './files.js';
import { loadInspectors, type LoadedTable } from './tables.js';
import { readDirectory, type DirectoryRead } from './directory.js';
import { DirectoryColumns, type DirectoryScope } from '../core/draw/directory.js';
import { judgedFields } from '../core/draw/employer.js';
import { grown } from '../core/typed-arrays.js';
import type { ProfiledSink } from './directory-bytes.js';
import { prestartTicketThread, ticketWorkerFor, type TicketThread, type TicketWorker } from './ticket-worker.js';
import type { FetchRows } from '../core/draw/draw.js';
import { normaliseUscc } from '../core/uscc.js';
import { loadYamlFile } from './yaml.js';
import { certNoPatternOf } from './cert-pattern.js';
import { blankStrata, directoryValues, distinctNoter, noteValues, unmatchedFilterValues, valuesNoter, type DirectoryValues, type UnmatchedValue } from '../core/draw/unmatched.js';

/**
 * Loads everything a draw needs and reports every problem in every file at once: staff fix
 * the directory, the roster and the plan in one sitting instead of one error per run.
 * Shared by `draw` and `verify` so both read the inputs in exactly the same way.
 */

export interface DrawInputPaths {
  employers: string;
  inspectors: string;
  plan: string;
}

/**
 * The directory as the draw holds it: streamed once, each row reduced to the columns the selection
 * needs (DirectoryColumns); rows are read again by `fetch` only when the draw picks them.
 */
export interface LoadedDirectory extends Omit<DirectoryRead, 'fetch'> {
  /** null when the draw's scope was not given (the directory was only checked) */
  columns: DirectoryColumns | null;
  fetch: FetchRows;
  /** the employers --explain's query can mean (by USCC or name), at most EXPLAIN_CAP */
  candidates: Employer[];
}

/** What rows are judged against while the directory streams: known only once plan, period and ledger are read. */
export type DrawScopeOf = (plan: Plan, period: Period) => Promise<Omit<DirectoryScope, 'plan' | 'period'> & { explain?: string }>;

export const EXPLAIN_CAP = 10_000;

export interface LoadedDrawInputs {
  employers: LoadedDirectory;
  inspectors: LoadedTable<Inspector>;
  plan: Plan;
  planSha256: string;
  period: Period;
  /** plan filter values no employer of the directory has (draw --allow-unmatched records them) */
  unmatched: UnmatchedValue[];
}

export interface LoadOptions {
  encoding: InputEncoding;
  lenient: boolean;
  /** --sheet, for inputs that are .xlsx workbooks */
  sheet?: string;
  warn?: (text: string) => void;
  /**
   * plan filter values that match no employer: 'error' (draw: exit 2, usually a typo), 'warn'
   * (draw --allow-unmatched), 'ignore' (verify re-runs a draw that was already made; the default)
   */
  unmatched?: 'error' | 'warn' | 'ignore';
  /** the draw's seed, as-of, algorithm and already-drawn set, asked for once plan and period stand */
  scope?: DrawScopeOf;
  /** bytes per read of the directory (tests) */
  chunkSize?: number;
}

function problemsOf(e: InputError, file?: string): Problem[] {
  if (e.problems.length) return e.problems;
  return [{ file, message: errorText(e) }];
}

export async function loadDrawInputs(paths: DrawInputPaths, periodLabel: string, opts: LoadOptions): Promise<LoadedDrawInputs> {
  // a large directory's ticket worker starts now: its start-up overlaps the plan's and the ledger's reading
  const thread = opts.scope ? prestartTicketThread(paths.employers) : null;
  try {
    return await loadInputs(paths, periodLabel, opts, thread);
  } finally {
    thread?.release();
  }
}

async function loadInputs(paths: DrawInputPaths, periodLabel: string, opts: LoadOptions, thread: TicketThread | null): Promise<LoadedDrawInputs> {
  const problems: Problem[] = [];
  const attempt = async <T>(file: string | undefined, fn: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      appendProblems(problems, problemsOf(e, file));
      return undefined;
    }
  };
  const readOpts = { encoding: opts.encoding, lenient: opts.lenient, sheet: opts.sheet, warn: opts.warn };
  // the plan first: it may set the form of certificate numbers the roster is checked against, and the
  // directory is judged against its tasks as it streams past
  const planSource = await attempt(paths.plan, () => loadYamlFile(paths.plan));
  const certNoPattern = planSource ? await attempt(paths.plan, () => certNoPatternOf(planSource)) : null;
  const plan = planSource ? await attempt(paths.plan, () => planFrom(planSource)) : undefined;
  let period: Period | undefined;
  if (plan) {
    try {
      period = parsePeriod(periodLabel, plan);
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e;
      // the period is an argument, not a line of a file: say so, and which periods the plan has
      const labels = periodLabels(plan.year, plan.frequency);
      throw new UsageError(m().drawCli.badPeriod(periodLabel, plan.id, plan.frequency, labels));
    }
  }
  const scope = plan && period && opts.scope ? await opts.scope(plan, period) : null;
  const values = directoryValues();
  /** rows --explain's query can mean, fetched whole once the stream is done */
  const wanted: number[] = [];
  let row = 0;
  const key = scope?.explain;
  const keyUscc = key === undefined ? '' : normaliseUscc(key);
  let columns: DirectoryColumns | null = null;
  const note = plan ? valuesNoter(plan) : noteValues;
  const sink = (e: Employer) => {
    note(values, e);
    columns?.add(e);
    if (key !== undefined && wanted.length < EXPLAIN_CAP && (e.uscc === keyUscc || e.name.includes(key))) wanted.push(row);
    row++;
  };
  // the common row without an Employer object (directory-bytes.ts); not with --explain, whose query reads names
  const profiled = plan && key === undefined ? (cols: DirectoryColumns) => columnsSink(cols, plan, values, () => row++) : null;
  const inspectorsLoad = attempt(paths.inspectors, () => loadInspectors(paths.inspectors, { ...readOpts, certNoPattern }));
  const [employers, inspectors] = await Promise.all([
    attempt(paths.employers, async (): Promise<LoadedDirectory> => {
      let tickets: TicketWorker | null = null;
      if (scope && plan && period) {
        const hint = await rowsHint(paths.employers);
        columns = new DirectoryColumns({ ...scope, plan, period }, hint);
        tickets = ticketWorkerFor(columns, hint, thread);
      }
      let d: DirectoryRead;
      try {
        d = await readDirectory(paths.employers, sink, { ...readOpts, chunkSize: opts.chunkSize, extras: false, names: key !== undefined, profiled: columns && profiled ? profiled(columns) : undefined, inputHash: tickets?.inputHash(), splitter: tickets?.splitter(), rowsEstimate: (n) => columns?.reserve(n) });
        // the roster is read while the ticket worker hashes the last batches (~60 ms of the 1M draw),
        // not after; its problems still come after the directory's, which the read has thrown
        if (tickets) await inspectorsLoad;
      } catch (e) {
        tickets?.stop();
        throw e;
      }
      tickets?.finish();
      return { ...d, columns, candidates: d.fetch(wanted) };
    }),
    inspectorsLoad,
  ]);
  // verify re-derives the list to check what the manifest recorded, whatever it prints
  const unmatched = plan && employers ? unmatchedFilterValues(plan, values) : [];
  if (plan && employers && planSource && (opts.unmatched ?? 'ignore') !== 'ignore') {
    const t = m().input;
    for (const u of unmatched) {
      const message = t.unmatchedValue(u.key, u.value, u.closest, u.joined);
      if (opts.unmatched === 'error') problems.push(planSource.problem(u.path, message, u.value));
      else opts.warn?.(t.unmatchedWarning(paths.plan, planSource.keyLineOf(u.path), message));
    }
    for (const b of blankStrata(plan, values)) opts.warn?.(t.blankStratum(paths.employers, b.taskIds, b.key, b.count));
  }
  if (problems.length || !employers || !inspectors || !planSource || !plan || !period) {
    throw new InputError(m().drawCli.inputsInvalid(problems.length), problems);
  }
  return { employers, inspectors, plan, planSha256: sha256Hex(planSource.bytes), period, unmatched };
}

/**
 * The draw's columns as the sink of the byte reader's profiled rows (directory-bytes.ts): each profile
 * is judged once (DirectoryColumns.profile) and noted in `values` as valuesNoter notes a row (the
 * distinct values once per profile, the blank region and industry per row).
 */
export function columnsSink(columns: DirectoryColumns, plan: Plan, values: DirectoryValues, onRow: () => void): ProfiledSink {
  const distinct = distinctNoter(plan);
  /** per profile: 1 region blank, 2 industry blank */
  let blanks = new Uint8Array(64);
  return {
    fields: judgedFields(plan),
    profile: (e) => {
      distinct(values, e);
      const p = columns.profile(e);
      if (p >= blanks.length) blanks = grown(blanks, p * 2);
      blanks[p] = (e.region === null ? 1 : 0) | (e.industry === null ? 2 : 0);
      return p;
    },
    row: (p, lastInspected, code, at) => {
      const b = blanks[p]!;
      if (b !== 0) {
        if (b & 1) values.blank.region++;
        if (b & 2) values.blank.industry++;
      }
      columns.addProfiled(p, lastInspected, code, at);
      onRow();
    },
  };
}

/** A first guess at the directory's rows from its size (about 110 bytes a row), so the columns rarely grow. */
async function rowsHint(file: string): Promise<number> {
  try {
    const { size } = await fs.stat(file);
    return Math.min(1 << 27, Math.max(1024, Math.ceil(size / 110)));
  } catch {
    return 1024;
  }
}
