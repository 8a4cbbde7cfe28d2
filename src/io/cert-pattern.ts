import { codePatternFault } from '../core/table-schema.js';
import { m } from '../i18n/index.js';
import { InputError } from '../errors.js';
import type { YamlSource } from './yaml.js';

/**
 * The office's own form of enforcement certificate numbers: `cert_no_pattern` at the top of the
 * plan (provinces number certificates differently). Read here, beside the plan's validation, so the
 * draw's plan model does not change; the roster is then read with it. null: the default pattern.
 */
export function certNoPatternOf(src: YamlSource): string | null {
  const data = src.data as Record<string, unknown> | null;
  const raw = data && typeof data === 'object' ? data.cert_no_pattern : undefined;
  if (raw === undefined || raw === null) return null;
  const pattern = typeof raw === 'string' ? raw.trim() : '';
  const fault = typeof raw !== 'string' || pattern === '' ? m().input.certNoPatternNotText : codePatternFault(pattern);
  if (fault !== null) {
    const message = m().input.badCertNoPattern(String(raw), fault);
    throw new InputError(message, [src.problem(['cert_no_pattern'], message, raw)]);
  }
  return pattern;
}
