import { faultCode, type LedgerFault } from '../core/ledger.js';
import { problemText } from './problem-text.js';

/** The fault in words for `draw` and `verify`, naming the entry (seq) and the line. */
export function describeFault(f: LedgerFault): string {
  return problemText(faultCode(f));
}
