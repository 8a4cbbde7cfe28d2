import type { TableSpec, TypedRow } from '../table-schema.js';
import type { IsoDate } from '../values.js';

/** The case register (办案台账) as `check cases` reads it. */
export interface CaseRecord {
  caseNo: string;
  openedOn: IsoDate;
  extended: boolean;
  closedOn: IsoDate | null;
  /** 涉嫌犯罪移送 (两法衔接): the day the case went to the public security organ */
  referredOn: IsoDate | null;
  line: number;
}

export const CASE_SPEC: TableSpec = {
  columns: [
    { key: 'case_no', zh: '案号', en: 'case_no', aliases: ['立案号'], type: { kind: 'text' }, required: true, unique: true },
    { key: 'opened_on', zh: '立案日期', en: 'opened_on', aliases: ['立案时间'], type: { kind: 'date' }, required: true },
    { key: 'extended', zh: '延期批准', en: 'extended', aliases: ['延期', '是否延期'], type: { kind: 'bool' } },
    { key: 'closed_on', zh: '结案日期', en: 'closed_on', aliases: ['结案时间'], type: { kind: 'date' }, notBefore: 'opened_on' },
    { key: 'referred_on', zh: '涉嫌犯罪移送日期', en: 'referred_on', aliases: ['移送公安日期', '移送日期'], type: { kind: 'date' }, notBefore: 'opened_on' },
  ],
};

export function toCase(r: TypedRow): CaseRecord {
  const v = r.values;
  return {
    caseNo: v.case_no as string,
    openedOn: v.opened_on as string,
    extended: v.extended === true,
    closedOn: (v.closed_on as string | null) ?? null,
    referredOn: (v.referred_on as string | null) ?? null,
    line: r.line,
  };
}
