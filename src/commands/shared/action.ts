import type { Ctx } from '../../context.js';

/**
 * Wraps a command's action: it returns its exit code (0 or 1); errors propagate to main().
 */
export function action<A extends unknown[]>(ctx: Ctx, fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    const code = await fn(...args);
    if (typeof code === 'number') ctx.exitCode = Math.max(ctx.exitCode, code);
  };
}
