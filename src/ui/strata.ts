import { m } from '../i18n/index.js';

/**
 * A stratum's name as the ledger and the CSV record it (全部, or the stratifying values joined by /, with
 * （未填写） for a blank one) is data, fixed Chinese; only an English screen shows those two words in English.
 */
export function stratumText(stratum: string): string {
  return m().stratumName(stratum);
}
