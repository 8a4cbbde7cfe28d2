import type { TableSpec, TypedRow } from '../table-schema.js';
import type { IsoDate } from '../values.js';

/** The case register (办案台账) as `check cases` reads it. */
export interface CaseRecord {
  caseNo: string;
  openedOn: IsoDate;
  extended: boolean;
  closedOn: IsoDate | null;
  line: number;
}

export const CASE_SPEC: TableSpec = {
  columns: [
    { key: 'case_no', zh: '案号', en: 'case_no', aliases: ['立案号'], type: { kind: 'text' }, required: true, unique: true },
    { key: 'opened_on', zh: '立案日期', en: 'opened_on', aliases: ['立案时间'], type: { kind: 'date' }, required: true },
    { key: 'extended', zh: '延期批准', en: 'extended', aliases: ['延期', '是否延期'], type: { kind: 'bool' } },
    // 劳动保障监察条例 第十七条 limits the investigation (调查), so the date is the day it ended; 结案 can
    // come later (decision, service). An older register's 结案日期 column is still read, as that date.
    { key: 'closed_on', zh: '调查终结日期', en: 'investigation_done_on', aliases: ['调查完成日期', '调查终结时间', 'closed_on', '结案日期', '结案时间'], type: { kind: 'date' }, notBefore: 'opened_on' },
  ],
};

export function toCase(r: TypedRow): CaseRecord {
  const v = r.values;
  return {
    caseNo: v.case_no as string,
    openedOn: v.opened_on as string,
    extended: v.extended === true,
    closedOn: (v.closed_on as string | null) ?? null,
    line: r.line,
  };
}
