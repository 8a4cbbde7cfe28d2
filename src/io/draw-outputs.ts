import { createHash } from 'node:crypto';
import type { Assignment, DrawResult, Period, Plan } from '../core/draw/index.js';
import { WINNER_BATCH, type Winners } from '../core/draw/winners.js';
import { csvCell, CsvWriter } from './csv.js';
import type { OutputEncoding } from './encoding.js';

/**
 * The files a draw leaves behind, built from a DrawResult alone so that `verify` can rebuild
 * them byte for byte. Nothing here may depend on the order of rows or columns in the inputs.
 */

export const INSPECTION_LIST = 'inspection-list.csv';
export const PUBLICATION = 'publication.csv';
export const MANIFEST = 'manifest.json';

/** Column names are part of the output format (offices import these files): fixed Chinese, not localised. */
export const INSPECTION_LIST_COLUMNS = [
  '抽查任务',
  '抽查事项',
  '统一社会信用代码',
  '单位名称',
  '单位类型',
  '行业',
  '所属区域',
  '入选方式',
  '分层',
  '抽签号',
  '入选概率',
  '检查人员工号',
  '检查人员',
  '执法证号',
  '组长',
] as const;

/** What 《双随机一公开》 lets an office publish: nothing from the roster or directory beyond this. */
export const PUBLICATION_COLUMNS = ['单位名称', '统一社会信用代码', '抽查事项', '检查人员', '执法证号', '抽查期间'] as const;

const METHOD = { random: '随机', full_coverage: '全覆盖' } as const;

/** Code-point order, never locale order: the bytes must not depend on the machine's ICU. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows in the order docs/algorithm.md (section 7) specifies: full coverage first, then tasks in plan
 * order; within a task by stratum name, then by ticket (code-point order), the USCC breaking the
 * (impossible in practice) tie of equal tickets.
 */
export function sortAssignments(plan: Plan, assignments: readonly Assignment[]): Assignment[] {
  const rank = taskRanks(plan);
  // decorate once: a comparator that looks keys up on every call is slow at 100,000 rows
  const keyed = assignments.map((a) => ({
    a,
    rank: rank.get(a.task.id) ?? Number.MAX_SAFE_INTEGER,
    task: a.task.id,
    stratum: a.stratum,
    ticket: a.ticket ?? '',
    uscc: a.employer.uscc,
  }));
  keyed.sort(byRowOrder);
  return keyed.map((k) => k.a);
}

interface RowKey {
  rank: number;
  task: string;
  stratum: string;
  ticket: string;
  uscc: string;
}

function taskRanks(plan: Plan): Map<string, number> {
  const rank = new Map<string, number>();
  if (plan.fullCoverage) rank.set(plan.fullCoverage.task.id, -1);
  plan.tasks.forEach((t, i) => rank.set(t.id, i));
  return rank;
}

const byRowOrder = (x: RowKey, y: RowKey): number =>
  x.rank - y.rank || cmp(x.task, y.task) || cmp(x.stratum, y.stratum) || cmp(x.ticket, y.ticket) || cmp(x.uscc, y.uscc);

/**
 * The winners in the order of sortAssignments, as winner indices. The draw keeps them in nearly that
 * order already (winners.order), so this is one pass that checks it, and a sort only if it is not.
 */
function winnersInRowOrder(plan: Plan, w: Winners): Int32Array {
  const rank = taskRanks(plan);
  const ranks = w.tasks.map((t) => rank.get(t.id) ?? Number.MAX_SAFE_INTEGER);
  // byRowOrder on the columns: ticket bytes order as their hex digits do
  const compare = (a: number, b: number): number => {
    const ta = w.task[a]!;
    const tb = w.task[b]!;
    return ranks[ta]! - ranks[tb]! || cmp(w.tasks[ta]!.id, w.tasks[tb]!.id) || cmp(w.strata[w.stratum[a]!]!, w.strata[w.stratum[b]!]!) || w.compareTickets(a, b) || cmp(w.uscc[a]!, w.uscc[b]!);
  };
  const order = w.order.slice();
  let sorted = true;
  for (let i = 1; i < order.length && sorted; i++) if (compare(order[i - 1]!, order[i]!) > 0) sorted = false;
  // a stable sort, as Array.prototype.sort of the decorated assignments is
  if (!sorted) order.sort((a, b) => compare(a, b) || a - b);
  return order;
}

/**
 * π written with at most 6 decimals and no exponent, so every language prints it the same;
 * the exact value is reproducible from docs/algorithm.md.
 */
export function formatProbability(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '';
  if (p >= 1) return '1';
  const s = p.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '0' && p > 0 ? p.toExponential(3) : s;
}

/**
 * The directory's own extra columns (e.g. 联系人, 注册地址), passed through in code-point order
 * of their names so that reordering the directory's columns changes nothing. A name that clashes
 * with one of ours gets a prefix instead of silently overwriting.
 */
export function extraColumns(assignments: readonly Assignment[]): string[] {
  const names = new Set<string>();
  for (const a of assignments) for (const [name] of a.employer.extra) if (name.trim() !== '') names.add(name);
  return [...names].sort(cmp);
}

function extraHeader(name: string): string {
  return (INSPECTION_LIST_COLUMNS as readonly string[]).includes(name) ? `名录库-${name}` : name;
}

export function itemNames(a: Assignment): string {
  return a.items.map((i) => i.name).join('、');
}

export function inspectionListRows(plan: Plan, result: DrawResult, sorted = sortAssignments(plan, result.assignments)): { header: string[]; rows: string[][] } {
  const extras = extraColumns(sorted);
  return { header: inspectionListHeader(extras), rows: sorted.map((a) => inspectionListRow(a, extras)) };
}

function inspectionListHeader(extras: readonly string[]): string[] {
  return [...INSPECTION_LIST_COLUMNS, ...extras.map(extraHeader)];
}

function inspectionListRow(a: Assignment, extras: readonly string[]): string[] {
  const extra = new Map(a.employer.extra);
  return [
    a.task.name,
    itemNames(a),
    a.employer.uscc,
    a.employer.name,
    a.employer.type ?? '',
    a.employer.industry ?? '',
    a.employer.region ?? '',
    METHOD[a.method],
    a.stratum,
    a.ticket ?? '',
    formatProbability(a.inclusionProbability),
    a.team.map((i) => i.id).join(';'),
    a.team.map((i) => i.name).join('、'),
    a.team.map((i) => i.certNo).join(';'),
    a.team[0]?.name ?? '',
    ...extras.map((n) => extra.get(n) ?? ''),
  ];
}

/** 2026H1 → 2026-01-01至2026-06-30: the dates say it in every office's wording. */
export function periodText(period: Period): string {
  return `${period.start}至${period.end}`;
}

export function publicationRows(
  plan: Plan,
  period: Period,
  result: DrawResult,
  sorted = sortAssignments(plan, result.assignments),
): { header: string[]; rows: string[][] } {
  const when = periodText(period);
  return { header: [...PUBLICATION_COLUMNS], rows: sorted.map((a) => publicationRow(a, when)) };
}

function publicationRow(a: Assignment, when: string): string[] {
  return [a.employer.name, a.employer.uscc, itemNames(a), a.team.map((i) => i.name).join('、'), a.team.map((i) => i.certNo).join(';'), when];
}

export const CSV_OUTPUTS = [INSPECTION_LIST, PUBLICATION] as const;
export type CsvOutputName = (typeof CSV_OUTPUTS)[number];

/**
 * The CSVs of a draw as pieces of bytes, in order within each file, through CsvWriter (formula
 * injection neutralised, chosen encoding): the pieces leave every WINNER_BATCH rows, so the files
 * are never held whole, and a draw with `winners` makes its rows from the winners' columns
 * (winnerRows), without reading the directory again. The same rows, order and extra columns as
 * inspectionListRows and publicationRows. A GBK cell that cannot be encoded is thrown after the last piece.
 */
export function* csvOutputPieces(
  plan: Plan,
  period: Period,
  result: DrawResult,
  enc: OutputEncoding,
  names: readonly CsvOutputName[] = CSV_OUTPUTS,
): Generator<{ name: CsvOutputName; data: Buffer }> {
  const w = result.winners;
  const when = periodText(period);
  let count: number;
  let extras: string[];
  /** winner x (in row order) into each writer */
  let write: (x: number) => void;
  const pending: { name: CsvOutputName; data: Buffer }[] = [];
  const open = (extras: readonly string[]) =>
    names.map((name) => {
      const header = name === INSPECTION_LIST ? inspectionListHeader(extras) : [...PUBLICATION_COLUMNS];
      return { name, writer: new CsvWriter(header, enc, name, (data) => pending.push({ name, data })) };
    });
  let writers: ReturnType<typeof open>;
  if (w) {
    const order = winnersInRowOrder(plan, w);
    count = order.length;
    // the directory's own columns the winners carry, blank names left out
    extras = w.extraColumns.filter((name) => name.trim() !== '').sort(cmp);
    writers = open(extras);
    const rows = winnerRows(w, extras, when, enc === 'utf8');
    write = (x) => {
      const k = order[x]!;
      for (const { name, writer } of writers) rows.write(writer, name, k);
    };
  } else {
    const sorted = sortAssignments(plan, result.assignments);
    count = sorted.length;
    extras = extraColumns(sorted);
    writers = open(extras);
    write = (x) => {
      const a = sorted[x]!;
      for (const { name, writer } of writers) writer.row(name === INSPECTION_LIST ? inspectionListRow(a, extras) : publicationRow(a, when));
    };
  }
  for (let from = 0; ; from += WINNER_BATCH) {
    const to = Math.min(count, from + WINNER_BATCH);
    for (let x = from; x < to; x++) write(x);
    if (to === count) for (const { writer } of writers) writer.finish();
    yield* pending.splice(0);
    if (to === count) return;
  }
}

/**
 * The rows of inspectionListRow and publicationRow made from the winners' columns (winners.ts), with
 * no Assignment and no re-read of the directory: the same cells, through the same csvCell. UTF-8
 * output writes each record as its escaped text, and the cells that repeat from row to row (task,
 * items, unit type, industry, region, method, stratum, π) are escaped once per distinct value, a team's
 * cells once for both files; GBK
 * and GB18030 output hands the cells to CsvWriter.row, which checks that each can be encoded.
 */
function winnerRows(w: Winners, extras: readonly string[], when: string, escaped: boolean) {
  const items = w.itemSets.map((set) => set.map((i) => i.name).join('、'));
  // the printed own columns by their index in the winners' records
  const extraColumns = extras.map((n) => w.extraColumns.indexOf(n));
  // both files print a winner's name: read once per winner (the list's row comes first)
  let textOf = -1;
  let name = '';
  const own: string[] = [];
  const text = (k: number) => {
    if (k !== textOf) {
      textOf = k;
      name = w.rowText(k, own);
    }
    return name;
  };
  const value = (x: number): string => (x < 0 ? '' : w.values[x]!);
  // the cells that repeat, escaped once each, by their index in the winners' columns
  const valueCells = w.values.map(csvCell);
  const valueCell = (x: number): string => (x < 0 ? '' : valueCells[x]!);
  const taskCells = w.tasks.map((t) => csvCell(t.name));
  const methodCells = w.methods.map((m) => csvCell(METHOD[m]));
  const itemCells = items.map(csvCell);
  const stratumCells = w.strata.map(csvCell);
  /** π as its text (raw for GBK's cells, escaped for UTF-8's records), once per distinct value */
  const probability = new Map<number, string>();
  const pi = (k: number): string => {
    const p = w.pi[k]!;
    let text = probability.get(p);
    if (text === undefined) {
      text = escaped ? csvCell(formatProbability(p)) : formatProbability(p);
      if (probability.size < 1 << 16) probability.set(p, text);
    }
    return text;
  };
  // both files print a winner's team: made once per winner (the list's row comes first)
  let teamOf = -1;
  let teamCells = { ids: '', names: '', certs: '', leader: '', idsCell: '', namesCell: '', certsCell: '', leaderCell: '' };
  const team = (k: number) => {
    if (k === teamOf) return teamCells;
    teamOf = k;
    let ids = '';
    let names = '';
    let certs = '';
    for (let x = w.teamStart[k]!; x < w.teamStart[k + 1]!; x++) {
      const i = w.inspectors[w.teamMembers[x]!]!;
      const first = x === w.teamStart[k]!;
      ids += first ? i.id : ';' + i.id;
      names += first ? i.name : '、' + i.name;
      certs += first ? i.certNo : ';' + i.certNo;
    }
    const start = w.teamStart[k]!;
    const leader = start < w.teamStart[k + 1]! ? w.inspectors[w.teamMembers[start]!]!.name : '';
    // escaped once for both files (UTF-8 output)
    const cell = (raw: string) => (escaped ? csvCell(raw) : '');
    return (teamCells = { ids, names, certs, leader, idsCell: cell(ids), namesCell: cell(names), certsCell: cell(certs), leaderCell: cell(leader) });
  };
  const listCells = (k: number): string[] => {
    const t = w.task[k]!;
    const m = team(k);
    const cells = [
      w.tasks[t]!.name,
      items[w.items[k]!]!,
      w.uscc[k]!,
      text(k),
      value(w.type[k]!),
      value(w.industry[k]!),
      value(w.region[k]!),
      METHOD[w.methods[t]!],
      w.strata[w.stratum[k]!]!,
      w.ticketHex(k),
      pi(k),
      m.ids,
      m.names,
      m.certs,
      m.leader,
    ];
    for (const c of extraColumns) cells.push(own[c]!);
    return cells;
  };
  const publicationCells = (k: number): string[] => {
    const m = team(k);
    return [text(k), w.uscc[k]!, items[w.items[k]!]!, m.names, m.certs, when];
  };
  const listText = (k: number): string => {
    const t = w.task[k]!;
    const m = team(k);
    let line =
      taskCells[t]! +
      ',' +
      itemCells[w.items[k]!]! +
      ',' +
      csvCell(w.uscc[k]!) +
      ',' +
      csvCell(text(k)) +
      ',' +
      valueCell(w.type[k]!) +
      ',' +
      valueCell(w.industry[k]!) +
      ',' +
      valueCell(w.region[k]!) +
      ',' +
      methodCells[t]! +
      ',' +
      stratumCells[w.stratum[k]!]! +
      ',' +
      // 64 hex digits: csvCell leaves them as they are
      w.ticketHex(k) +
      ',' +
      pi(k) +
      ',' +
      m.idsCell +
      ',' +
      m.namesCell +
      ',' +
      m.certsCell +
      ',' +
      m.leaderCell;
    for (const c of extraColumns) line += ',' + csvCell(own[c]!);
    return line;
  };
  const whenCell = csvCell(when);
  const publicationText = (k: number): string => {
    const m = team(k);
    return csvCell(text(k)) + ',' + csvCell(w.uscc[k]!) + ',' + itemCells[w.items[k]!]! + ',' + m.namesCell + ',' + m.certsCell + ',' + whenCell;
  };
  return {
    write(writer: CsvWriter, name: CsvOutputName, k: number): void {
      if (escaped) writer.escapedRow(name === INSPECTION_LIST ? listText(k) : publicationText(k));
      else writer.row(name === INSPECTION_LIST ? listCells(k) : publicationCells(k));
    },
  };
}

/** The SHA-256 of each CSV, computed from the pieces as they are made. */
export function hashCsvOutputs(plan: Plan, period: Period, result: DrawResult, enc: OutputEncoding): Record<CsvOutputName, string> {
  const hashes = { [INSPECTION_LIST]: createHash('sha256'), [PUBLICATION]: createHash('sha256') };
  for (const p of csvOutputPieces(plan, period, result, enc)) hashes[p.name].update(p.data);
  return { [INSPECTION_LIST]: hashes[INSPECTION_LIST].digest('hex'), [PUBLICATION]: hashes[PUBLICATION].digest('hex') };
}

/** Both CSVs as whole bytes, for tests and small callers (draw and verify make them piece by piece: csvOutputPieces). */
export function buildCsvOutputs(plan: Plan, period: Period, result: DrawResult, enc: OutputEncoding): { name: string; data: Buffer }[] {
  const parts: Record<CsvOutputName, Buffer[]> = { [INSPECTION_LIST]: [], [PUBLICATION]: [] };
  for (const p of csvOutputPieces(plan, period, result, enc)) parts[p.name].push(p.data);
  return CSV_OUTPUTS.map((name) => ({ name, data: Buffer.concat(parts[name]) }));
}
