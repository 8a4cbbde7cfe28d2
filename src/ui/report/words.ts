import { howParams, type AnnualHow } from '../../core/check/annual-report.js';
import { m } from '../../i18n/index.js';
import { annualHowText as annualHowWords } from '../../i18n/problems-check.js';
import type { Finding } from '../../core/check/findings.js';
import { problemText } from '../problem-text.js';

/** What a finding is about, in words: data as it is, a coded subject (the ledger, a year's statistics) worded. */
export function subjectText(f: Pick<Finding, 'subject'>): string {
  return typeof f.subject === 'string' ? f.subject : problemText(f.subject);
}

/** The finding's sentence in the language in force. */
export function findingText(f: Pick<Finding, 'code' | 'params'>): string {
  return problemText(f);
}

/** How an annual deadline was reached (the explanation every annual-report line gives). */
export function annualHowText(how: AnnualHow): string {
  return annualHowWords(m().check, howParams(how));
}
