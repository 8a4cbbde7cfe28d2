import { ON_DUTY } from '../draw/draw.js';
import type { Inspector } from '../records.js';
import type { TableSpec, TypedRow } from '../table-schema.js';
import type { IsoDate } from '../values.js';
import { categoryOf, methodOf, type ResultCategory, type ResultsRules } from './categories.js';

/**
 * The results register (检查结果登记表): one row per drawn employer and task, the draw's columns
 * followed by what the inspection found. `results template` writes it, staff fill it in Excel/WPS,
 * `results check` holds it against the draw, and `results publish` turns it into the public table.
 * Pure: rows in, findings (codes + params) out; the CLI words them.
 */

/** The columns staff fill. Names are part of the file format (offices exchange these files): fixed Chinese. */
export const RESULT_COLUMNS = ['检查日期', '检查方式', '检查结果', '发现问题及处理', '公示处理情况', '处理决定文号', '实际检查人员工号', '人员变更原因'] as const;

/** The least number of inspectors on site: seeds 000 and 004 (执法人员不少于2人). */
export const MIN_TEAM = 2;

export const REGISTER_SPEC: TableSpec = {
  columns: [
    { key: 'task', zh: '抽查任务', en: 'task', type: { kind: 'text' }, required: true },
    { key: 'uscc', zh: '统一社会信用代码', en: 'uscc', aliases: ['信用代码', '社会信用代码'], type: { kind: 'uscc' }, required: true },
    { key: 'inspected_on', zh: '检查日期', en: 'inspected_on', aliases: ['检查时间'], type: { kind: 'date' } },
    { key: 'method', zh: '检查方式', en: 'method', type: { kind: 'text' } },
    { key: 'result', zh: '检查结果', en: 'result', type: { kind: 'text' } },
    { key: 'internal', zh: '发现问题及处理', en: 'findings_internal', aliases: ['发现问题及处理情况'], type: { kind: 'text' } },
    { key: 'public_text', zh: '公示处理情况', en: 'public_text', aliases: ['公示的处理情况'], type: { kind: 'text' } },
    { key: 'number', zh: '处理决定文号', en: 'decision_no', aliases: ['决定书文号', '案号', '立案号'], type: { kind: 'text' } },
    { key: 'actual', zh: '实际检查人员工号', en: 'actual_inspectors', aliases: ['实际检查人员'], type: { kind: 'list' } },
    { key: 'change_reason', zh: '人员变更原因', en: 'change_reason', aliases: ['变更原因'], type: { kind: 'text' } },
  ],
};

/** One drawn employer of one task, as the draw's inspection list holds it. */
export interface DrawnRow {
  task: string;
  items: string;
  uscc: string;
  name: string;
  team: string[];
  /** line in the draw's inspection-list.csv */
  line: number;
}

/** A register row after reading; category and method are resolved when valid. */
export interface RegisterRow {
  line: number;
  task: string;
  uscc: string;
  inspectedOn: IsoDate | null;
  method: string | null;
  resultCell: string | null;
  category: ResultCategory | null;
  publicText: string;
  number: string | null;
  actual: string[];
  changeReason: string | null;
}

export function toRegisterRow(r: TypedRow, rules: ResultsRules): RegisterRow {
  const v = r.values;
  const s = (x: unknown) => (x === null || x === undefined ? null : String(x));
  const resultCell = s(v.result);
  const method = s(v.method);
  return {
    line: r.line,
    task: String(v.task),
    uscc: String(v.uscc),
    inspectedOn: s(v.inspected_on),
    method: method === null ? null : (methodOf(rules, method) ?? method),
    resultCell,
    category: resultCell === null ? null : categoryOf(rules, resultCell),
    publicText: s(v.public_text) ?? '',
    number: s(v.number),
    actual: (v.actual as string[] | null) ?? [],
    changeReason: s(v.change_reason),
  };
}

export type RegisterFinding =
  | { code: 'not-drawn'; line: number; task: string; uscc: string }
  | { code: 'duplicate'; line: number; uscc: string; task: string; firstLine: number }
  | { code: 'missing'; drawLine: number; task: string; uscc: string; name: string }
  | { code: 'result-missing'; line: number }
  | { code: 'result-unknown'; line: number; value: string; allowed: string[] }
  | { code: 'method-missing'; line: number }
  | { code: 'method-unknown'; line: number; value: string; allowed: string[] }
  | { code: 'date-missing'; line: number }
  | { code: 'date-outside-period'; line: number; date: IsoDate; start: IsoDate; end: IsoDate }
  | { code: 'date-after-as-of'; line: number; date: IsoDate; asOf: IsoDate }
  | { code: 'number-missing'; line: number; result: string }
  | { code: 'change-without-reason'; line: number; drawn: string[]; actual: string[] }
  | { code: 'substitute-unknown'; line: number; id: string }
  | { code: 'substitute-not-on-duty'; line: number; id: string; name: string; status: string | null }
  | { code: 'substitute-cert'; line: number; id: string; name: string; expiry: IsoDate | null; date: IsoDate }
  | { code: 'substitute-recused'; line: number; id: string; name: string; uscc: string }
  | { code: 'team-too-small'; line: number; size: number };

export interface RegisterCheckInput {
  drawn: readonly DrawnRow[];
  rows: readonly RegisterRow[];
  period: { start: IsoDate; end: IsoDate };
  asOf: IsoDate;
  /** the roster, to check substitutes */
  inspectors: readonly Inspector[];
  rules: ResultsRules;
  /** at least this many inspectors on site (seeds 000, 004: 不少于2人) */
  minTeam: number;
}

const keyOf = (task: string, uscc: string) => `${task}\u0000${uscc}`;
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Every problem in the register, in file order, then the drawn employers it lacks. */
export function checkRegister(input: RegisterCheckInput): RegisterFinding[] {
  const out: RegisterFinding[] = [];
  const drawn = new Map(input.drawn.map((d) => [keyOf(d.task, d.uscc), d]));
  const roster = new Map(input.inspectors.map((i) => [i.id, i]));
  const seen = new Map<string, number>();
  const resultNames = input.rules.results.map((c) => c.name);
  for (const r of input.rows) {
    const line = r.line;
    const key = keyOf(r.task, r.uscc);
    const d = drawn.get(key);
    if (!d) {
      out.push({ code: 'not-drawn', line, task: r.task, uscc: r.uscc });
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      out.push({ code: 'duplicate', line, uscc: r.uscc, task: r.task, firstLine: first });
      continue;
    }
    seen.set(key, line);
    if (r.resultCell === null) out.push({ code: 'result-missing', line });
    else if (!r.category) out.push({ code: 'result-unknown', line, value: r.resultCell, allowed: resultNames });
    // a unit that could not be inspected (已注销) has no way of inspection to record
    const inspected = r.category?.inspected !== false;
    if (r.method === null) {
      if (inspected) out.push({ code: 'method-missing', line });
    } else if (!input.rules.methods.includes(r.method)) out.push({ code: 'method-unknown', line, value: r.method, allowed: input.rules.methods });
    if (r.inspectedOn === null) out.push({ code: 'date-missing', line });
    else {
      if (r.inspectedOn < input.period.start || r.inspectedOn > input.period.end) {
        out.push({ code: 'date-outside-period', line, date: r.inspectedOn, start: input.period.start, end: input.period.end });
      }
      if (r.inspectedOn > input.asOf) out.push({ code: 'date-after-as-of', line, date: r.inspectedOn, asOf: input.asOf });
    }
    if (r.category?.needsNumber && !r.number) out.push({ code: 'number-missing', line, result: r.category.name });
    const team = r.actual.length ? r.actual : d.team;
    if (r.actual.length && !sameSet(r.actual, d.team)) {
      if (!r.changeReason) out.push({ code: 'change-without-reason', line, drawn: d.team, actual: r.actual });
      for (const id of r.actual.filter((x) => !d.team.includes(x))) {
        const i = roster.get(id);
        if (!i) {
          out.push({ code: 'substitute-unknown', line, id });
          continue;
        }
        if (i.status !== ON_DUTY) out.push({ code: 'substitute-not-on-duty', line, id, name: i.name, status: i.status });
        // validity is judged on the inspection day; without one the missing date is the finding
        if (r.inspectedOn !== null && (i.certExpiry === null || i.certExpiry < r.inspectedOn)) {
          out.push({ code: 'substitute-cert', line, id, name: i.name, expiry: i.certExpiry, date: r.inspectedOn });
        }
        if (i.recusals.includes(r.uscc)) out.push({ code: 'substitute-recused', line, id, name: i.name, uscc: r.uscc });
      }
    }
    if (inspected && team.length < input.minTeam) out.push({ code: 'team-too-small', line, size: team.length });
  }
  for (const d of input.drawn) {
    if (!seen.has(keyOf(d.task, d.uscc))) out.push({ code: 'missing', drawLine: d.line, task: d.task, uscc: d.uscc, name: d.name });
  }
  return out;
}

/** What a results publication records in the ledger and the annual report counts. */
export interface ResultsSummary {
  units: number;
  inspected: number;
  problems: number;
  /** category name → rows, in the order of rules/results.yaml */
  by_result: Record<string, number>;
  /** 检查日期 → rows: enough to judge every row's publication deadline from the ledger alone */
  by_date: Record<string, number>;
}

export function summarise(rows: readonly RegisterRow[], rules: ResultsRules): ResultsSummary {
  const by_result: Record<string, number> = {};
  for (const c of rules.results) by_result[c.name] = 0;
  const dates = new Map<string, number>();
  let inspected = 0;
  let problems = 0;
  for (const r of rows) {
    if (r.category) by_result[r.category.name] = (by_result[r.category.name] ?? 0) + 1;
    if (r.category?.inspected) inspected++;
    if (r.category?.problems) problems++;
    if (r.inspectedOn) dates.set(r.inspectedOn, (dates.get(r.inspectedOn) ?? 0) + 1);
  }
  const by_date = Object.fromEntries([...dates.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { units: rows.length, inspected, problems, by_result, by_date };
}

/** The 抽查结果公示 table: only what may be published, nothing of the internal columns. */
export const RESULTS_PUBLICATION_COLUMNS = ['单位名称', '统一社会信用代码', '抽查事项', '检查日期', '检查结果', '公示处理情况', '检查机关', '抽查期间'] as const;

/**
 * Rows in the draw's order, names and items from the draw (not from the register, where a cell
 * may have been retyped), the result in its canonical wording.
 */
export function publicationRows(drawn: readonly DrawnRow[], rows: readonly RegisterRow[], office: string, periodText: string): string[][] {
  const byKey = new Map(rows.map((r) => [keyOf(r.task, r.uscc), r]));
  return drawn.map((d) => {
    const r = byKey.get(keyOf(d.task, d.uscc))!;
    return [d.name, d.uscc, d.items, r.inspectedOn ?? '', r.category?.name ?? '', r.publicText, office, periodText];
  });
}
