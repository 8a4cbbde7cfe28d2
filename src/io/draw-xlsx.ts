import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DrawResult, Period, Plan } from '../core/draw/index.js';
import { m } from '../i18n/index.js';
import { INSPECTION_LIST, inspectionListRows, periodText, PUBLICATION, publicationRows, sortAssignments } from './draw-outputs.js';
import { buildWorkbook, compareWorkbook, type ContentDiff, type SheetOut } from './xlsx.js';

/**
 * The draw's workbooks, for offices that open and post .xlsx. The CSVs stay the canonical record
 * (hashed in the manifest, compared by bytes); each workbook holds exactly their cells and is
 * verified by content against the same rows (docs/xlsx.md). Like the CSV column names, the words
 * written into the workbooks are fixed Chinese, whatever --lang says: they are part of the output.
 */

export const INSPECTION_LIST_XLSX = 'inspection-list.xlsx';
export const PUBLICATION_XLSX = 'publication.xlsx';

export interface DrawWorkbookFacts {
  seed: string;
  /** SHA-256 of manifest.json: the footer tells a reader what to check the workbook against */
  manifestSha256: string;
}

export function publicationTitle(office: string, period: Period): string {
  return `${office}“双随机、一公开”抽查结果公示（${period.label}，${periodText(period)}）`;
}

export function verifyFooter(f: DrawWorkbookFacts): string {
  return `核验：随机种子 ${f.seed}；manifest.json 的 SHA-256 为 ${f.manifestSha256}。任何人可按公开的算法用 shuangsui verify 重新抽取并核对本表。`;
}

/** The sheets of each workbook, paired with the canonical CSV they mirror. */
export function drawSheets(plan: Plan, period: Period, result: DrawResult, f: DrawWorkbookFacts): { name: string; csv: string; sheets: SheetOut[] }[] {
  const sorted = sortAssignments(plan, result.assignments);
  const list = inspectionListRows(plan, result, sorted);
  const pub = publicationRows(plan, period, result, sorted);
  return [
    { name: INSPECTION_LIST_XLSX, csv: INSPECTION_LIST, sheets: [{ name: `抽查名单${period.label}`, header: list.header, rows: list.rows, footer: verifyFooter(f) }] },
    {
      name: PUBLICATION_XLSX,
      csv: PUBLICATION,
      sheets: [{ name: `${plan.office}${period.label}`, title: publicationTitle(plan.office, period), header: pub.header, rows: pub.rows, footer: verifyFooter(f) }],
    },
  ];
}

export async function buildDrawWorkbooks(plan: Plan, period: Period, result: DrawResult, f: DrawWorkbookFacts, created: Date): Promise<{ name: string; data: Buffer }[]> {
  return Promise.all(drawSheets(plan, period, result, f).map(async (w) => ({ name: w.name, data: await buildWorkbook(w.sheets, created) })));
}

export interface WorkbookCheck {
  file: string;
  csv: string;
  diffs: ContentDiff[];
}

/**
 * The workbooks present in a draw's folder, each compared by content with the rows re-computed
 * from the inputs (the same rows the canonical CSV is compared with by bytes). A draw made without
 * --format xlsx has none, and nothing is reported.
 */
export async function verifyDrawWorkbooks(dir: string, plan: Plan, period: Period, result: DrawResult, f: DrawWorkbookFacts, publicOnly: boolean): Promise<WorkbookCheck[]> {
  const present = new Map<string, Buffer>();
  for (const name of [INSPECTION_LIST_XLSX, PUBLICATION_XLSX]) {
    if (publicOnly && name !== PUBLICATION_XLSX) continue;
    try {
      present.set(name, await fs.readFile(path.join(dir, name)));
    } catch {
      // a draw made without --format xlsx has none: nothing to check by content
    }
  }
  // the rows are made only for workbooks that are there: at 10^7 employers they are ~1 KB a winner
  if (!present.size) return [];
  const out: WorkbookCheck[] = [];
  for (const w of drawSheets(plan, period, result, f)) {
    const bytes = present.get(w.name);
    if (bytes) out.push({ file: path.join(dir, w.name), csv: w.csv, diffs: await compareWorkbook(bytes, w.sheets) });
  }
  return out;
}

/** What verify says of a workbook that matched: which record, and that it was checked by content. */
export function describeWorkbookCheck(c: WorkbookCheck): string[] {
  return c.diffs.length ? [] : [m().xlsx.verifiedByContent(path.basename(c.file), c.csv)];
}
