import { CodedInputError, type InputError, type ProblemParams } from '../errors.js';
import { m } from '../i18n/index.js';

/**
 * The words for a Problem or Finding in the language in force: the catalogue's text for its code,
 * or the message edge code wrote itself. Every renderer and main.ts go through here.
 */
export function problemText(p: { code?: string; params?: ProblemParams; message?: string }): string {
  if (p.message !== undefined) return p.message;
  const words = p.code === undefined ? undefined : (m().problems as Record<string, ((params: ProblemParams) => string) | undefined>)[p.code];
  if (words) return words(p.params ?? {});
  // a code without words is a defect, but the user still sees what went wrong rather than nothing
  return `${p.code ?? '?'}${p.params ? ' ' + JSON.stringify(p.params) : ''}`;
}

/** An input error's headline in words: a core's CodedInputError is worded here, edge errors wrote theirs. */
export function errorText(e: InputError): string {
  // not problemText(e): an Error always has a message, and a CodedInputError's is only its code
  return e instanceof CodedInputError ? problemText({ code: e.code, params: e.params }) : e.message;
}

/** The column a problem names: its heading as given, or the heading of the column a core named by code. */
export function problemColumn(p: { column?: string | number; columnCode?: 'case_no' }): string | number | undefined {
  if (p.column !== undefined) return p.column;
  if (p.columnCode === 'case_no') return m().input.caseColumn;
  return undefined;
}
