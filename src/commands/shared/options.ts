import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseDate, type IsoDate } from '../../core/values.js';

/** A date argument or option value (YYYY-MM-DD and the forms parseDate accepts); `what` names it in the error. */
export function dateArg(raw: string, what: string): IsoDate {
  const d = parseDate(raw);
  if (d === undefined) throw new UsageError(m().calendar.badDateArg(what, raw));
  return d;
}
