import { ON_DUTY } from '../draw/draw.js';
import type { Inspector } from '../records.js';
import type { IsoDate } from '../values.js';

/**
 * The 行政执法人员清单 an office publishes before it inspects (事前公开): who may inspect, with
 * which certificate, until when. Only what the seeds name is public (姓名、科室/职务、执法类别、
 * 证件编号、有效日期); 工号, phone numbers, recusals and the roster's other columns never leave.
 */

/** Column names are part of the published format: fixed Chinese, not localised. */
export const ROSTER_COLUMNS = ['姓名', '科室', '执法类别', '执法证号', '有效期至'] as const;


/** Why an inspector is not on the public list; the CLI says it in the user's language. */
export type LeftOutReason =
  | { code: 'not-on-duty'; status: string | null }
  | { code: 'no-expiry' }
  | { code: 'expired'; expiry: IsoDate };

export interface LeftOut {
  id: string;
  name: string;
  line: number;
  reason: LeftOutReason;
}

export interface PublicRoster {
  header: string[];
  rows: string[][];
  leftOut: LeftOut[];
}

/**
 * The same test the draw applies to its candidates (在岗, certificate valid on the day), so the
 * published list names exactly who can be drawn. A certificate with no expiry date cannot be shown to be valid, so that inspector is left out and
 * named, rather than published as if valid. Rows keep the roster's order: offices list by 科室.
 */
export function publicRoster(inspectors: readonly Inspector[], asOf: IsoDate): PublicRoster {
  const rows: string[][] = [];
  const leftOut: LeftOut[] = [];
  for (const i of inspectors) {
    const who = { id: i.id, name: i.name, line: i.line };
    if (i.status !== ON_DUTY) leftOut.push({ ...who, reason: { code: 'not-on-duty', status: i.status } });
    else if (i.certExpiry === null) leftOut.push({ ...who, reason: { code: 'no-expiry' } });
    else if (i.certExpiry < asOf) leftOut.push({ ...who, reason: { code: 'expired', expiry: i.certExpiry } });
    else rows.push([i.name, i.unit ?? '', i.specialties.join('、'), i.certNo, i.certExpiry]);
  }
  return { header: [...ROSTER_COLUMNS], rows, leftOut };
}
