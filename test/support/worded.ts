import { InputError } from '../../src/errors.js';
import { errorText } from '../../src/ui/problem-text.js';

/**
 * The words a user would read for the input error `f` throws (a core throws codes; the edge words them).
 * Fails the test when `f` throws nothing or something else.
 */
export function thrownWords(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return errorText(e);
    throw e;
  }
  throw new Error('expected an input error, but nothing was thrown');
}
