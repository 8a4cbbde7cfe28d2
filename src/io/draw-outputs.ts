import type { Assignment, DrawResult, Period, Plan } from '../core/draw/index.js';
import { formatCsv } from './csv.js';
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
  const rank = new Map<string, number>();
  if (plan.fullCoverage) rank.set(plan.fullCoverage.task.id, -1);
  plan.tasks.forEach((t, i) => rank.set(t.id, i));
  // decorate once: a comparator that looks keys up on every call is slow at 100,000 rows
  const keyed = assignments.map((a) => ({
    a,
    rank: rank.get(a.task.id) ?? Number.MAX_SAFE_INTEGER,
    task: a.task.id,
    stratum: a.stratum,
    ticket: a.ticket ?? '',
    uscc: a.employer.uscc,
  }));
  keyed.sort(
    (x, y) => x.rank - y.rank || cmp(x.task, y.task) || cmp(x.stratum, y.stratum) || cmp(x.ticket, y.ticket) || cmp(x.uscc, y.uscc),
  );
  return keyed.map((k) => k.a);
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
  const header = [...INSPECTION_LIST_COLUMNS, ...extras.map(extraHeader)];
  const rows = sorted.map((a) => {
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
  });
  return { header, rows };
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
  const rows = sorted.map((a) => [
    a.employer.name,
    a.employer.uscc,
    itemNames(a),
    a.team.map((i) => i.name).join('、'),
    a.team.map((i) => i.certNo).join(';'),
    when,
  ]);
  return { header: [...PUBLICATION_COLUMNS], rows };
}

/** Both CSVs as bytes, through formatCsv (formula injection neutralised, chosen encoding). */
export function buildCsvOutputs(plan: Plan, period: Period, result: DrawResult, enc: OutputEncoding): { name: string; data: Buffer }[] {
  const sorted = sortAssignments(plan, result.assignments);
  const list = inspectionListRows(plan, result, sorted);
  const pub = publicationRows(plan, period, result, sorted);
  return [
    { name: INSPECTION_LIST, data: formatCsv(list.header, list.rows, enc, INSPECTION_LIST) },
    { name: PUBLICATION, data: formatCsv(pub.header, pub.rows, enc, PUBLICATION) },
  ];
}
