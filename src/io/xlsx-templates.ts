import { DECISION_SPEC, EMPLOYER_SPEC, INSPECTOR_SPEC } from '../core/records.js';
import { CASE_SPEC } from '../core/check/cases-spec.js';
import { mapHeader, type ColumnSpec, type TableSpec } from '../core/table-schema.js';
import { parseDate } from '../core/values.js';
import { parseCsvText } from './csv.js';
import { decodeText } from './encoding.js';
import { buildWorkbook, type SheetOut } from './xlsx.js';
import type { ResultsRules } from '../core/results/categories.js';

/**
 * `init --format xlsx`: the .xlsx twins of the CSV templates, made from them when asked so that
 * the repository holds no binaries and the two cannot drift. Sheet 1 is the header and the same
 * example rows; sheet 2 (填写说明) says what each column takes; bool and enumerated columns get
 * drop-down lists. The words are fixed Chinese, like the templates themselves.
 */

export const XLSX_TEMPLATE_SPECS: Record<string, TableSpec> = {
  'employers.csv': EMPLOYER_SPEC,
  'inspectors.csv': INSPECTOR_SPEC,
  'decisions.csv': DECISION_SPEC,
  'cases.csv': CASE_SPEC,
};

/** Rows a drop-down list covers: room for a county's directory without bloating the file. */
const LIST_ROWS = 5000;

function note(c: ColumnSpec): string {
  const parts: string[] = [];
  switch (c.type.kind) {
    case 'uscc':
      parts.push('18 位统一社会信用代码；本列为文本格式，请勿改成数字（超过 15 位的数字会被 Excel 改掉末几位）');
      break;
    case 'usccList':
      parts.push('统一社会信用代码，多个用 ；、, 分隔');
      break;
    case 'date':
      parts.push('日期，如 2026-03-05（日期单元格或文字均可）');
      break;
    case 'bool':
      parts.push('是 / 否（下拉选择）');
      break;
    case 'count':
      parts.push('非负整数');
      break;
    case 'list':
      parts.push('可填多个，用 ；、, 分隔');
      break;
    case 'enum':
      parts.push(`从下拉列表选择：${c.type.values.join('、')}`);
      break;
    case 'text':
      parts.push(c.key === 'id' || c.key === 'cert_no' || c.key === 'case_no' ? '编号，本列为文本格式，请勿改成数字' : '文字');
      break;
  }
  if (c.required) parts.push('必填');
  if (c.unique) parts.push('不可重复');
  return parts.join('；');
}

/** The workbook for one CSV template: same header and examples, dates as dates, lists, and notes. */
export async function templateWorkbook(csvName: string, csvBytes: Buffer, created: Date): Promise<Buffer> {
  const spec = XLSX_TEMPLATE_SPECS[csvName]!;
  const t = parseCsvText(decodeText(csvBytes, 'auto', csvName).text, csvName);
  const { map } = mapHeader(spec, t.header, csvName);
  const byIndex = new Map<number, ColumnSpec>();
  for (const c of spec.columns) {
    const i = map.index.get(c.key);
    if (i !== undefined) byIndex.set(i, c);
  }
  // example dates as typed in the CSV (2024/6/3) become ISO, so the workbook shows real date cells
  const rows = t.rows.map((r) => t.header.map((_, i) => (byIndex.get(i)?.type.kind === 'date' ? (parseDate(r.cells[i] ?? '') ?? r.cells[i] ?? '') : (r.cells[i] ?? ''))));
  const lists = new Map<number, readonly string[]>();
  for (const [i, c] of byIndex) {
    if (c.type.kind === 'bool') lists.set(i, ['是', '否']);
    if (c.type.kind === 'enum') lists.set(i, c.type.values);
  }
  const data: SheetOut = { name: csvName.replace(/\.csv$/, ''), header: t.header, rows, lists, listRows: LIST_ROWS };
  const notes: SheetOut = { name: '填写说明', header: ['列名', '说明'], rows: t.header.map((h, i) => [h, byIndex.has(i) ? note(byIndex.get(i)!) : '本工具不读取此列，原样带入输出']) };
  return buildWorkbook([data, notes], created);
}

/** Excel refuses (as a damaged file) an inline list longer than this, and splits values at commas. */
const INLINE_LIST_MAX = 255;
const inlineList = (values: readonly string[]): readonly string[] | null =>
  values.length && values.every((v) => !/[,"]/.test(v)) && values.join(',').length <= INLINE_LIST_MAX ? values : null;

/**
 * `results template --format xlsx`: the register as one sheet (the draw's columns, then the columns
 * staff fill). Codes are text cells, the header is frozen, and 检查结果 and 检查方式 get drop-downs
 * of the rules' values where Excel can hold them inline; without one the column is typed by hand and
 * `results check` still judges it.
 */
export async function registerWorkbook(header: string[], rows: string[][], rules: ResultsRules, created: Date): Promise<Buffer> {
  const lists = new Map<number, readonly string[]>();
  const results = inlineList(rules.results.map((c) => c.name));
  const methods = inlineList(rules.methods);
  if (results && header.includes('检查结果')) lists.set(header.indexOf('检查结果'), results);
  if (methods && header.includes('检查方式')) lists.set(header.indexOf('检查方式'), methods);
  return buildWorkbook([{ name: '检查结果登记表', header, rows, lists, listRows: rows.length }], created);
}
