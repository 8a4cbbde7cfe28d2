import { addDays } from '../calendar/index.js';
import type { Inspector } from '../records.js';
import type { IsoDate } from '../values.js';
import { joinList, result, type CheckResult, type Finding } from './findings.js';
import type { PlanView } from './plan-view.js';

/**
 * 行政执法证: an inspector without a valid certificate may not inspect, and every item of the
 * plan needs at least two qualified inspectors on site (seeds 000/004: 两名以上执法人员).
 */

// A blank status counts as in post: rosters often leave it empty for everyone who is.
const NOT_IN_POST = /离岗|离职|退休|调离|调出|停职|借调|长期病假|病休|inactive|left|retired/i;

export function inPost(i: Inspector): boolean {
  return i.status === null || i.status.trim() === '' || !NOT_IN_POST.test(i.status);
}

export function certValidOn(i: Inspector, day: IsoDate): boolean {
  return i.certExpiry !== null && i.certExpiry >= day;
}

export const MIN_INSPECTORS = 2;

export function checkRoster(inspectors: readonly Inspector[], asOf: IsoDate, warnDays: number, plan: Pick<PlanView, 'items'> | null, file?: string, planFile?: string): CheckResult {
  const all: Finding[] = [];
  const soon = addDays(asOf, warnDays);
  for (const i of inspectors) {
    if (!inPost(i)) continue;
    const base = { check: 'roster' as const, subject: `${i.id} ${i.name}`, file, line: i.line };
    if (i.certExpiry === null) all.push({ ...base, severity: 'warning', code: 'check.roster.cert.expiry.missing', params: { cert_no: i.certNo } });
    else if (i.certExpiry < asOf) all.push({ ...base, severity: 'finding', code: 'check.roster.cert.expired', params: { cert_no: i.certNo, expiry: i.certExpiry } });
    else if (i.certExpiry <= soon) all.push({ ...base, severity: 'warning', code: 'check.roster.cert.expiring', params: { cert_no: i.certNo, expiry: i.certExpiry, days: warnDays } });
  }
  for (const item of plan?.items ?? []) {
    const qualified = inspectors.filter((i) => inPost(i) && certValidOn(i, asOf) && i.specialties.includes(item.specialty));
    if (qualified.length < MIN_INSPECTORS) {
      all.push({
        check: 'roster',
        severity: 'finding',
        subject: `${item.id} ${item.name}`,
        file: planFile,
        code: 'check.roster.item.understaffed',
        params: { specialty: item.specialty, qualified: qualified.length, names: joinList(qualified.map((i) => i.name)), min: MIN_INSPECTORS },
      });
    }
  }
  return result('roster', all, inspectors.length + (plan?.items.length ?? 0));
}
