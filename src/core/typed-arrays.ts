/** A typed column copied into a longer one of the same kind (columns grow by copies, never by push). */
export function grown<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * Appends `source` to `target`. Never `push(...source)`: a list as long as a province's directory allows
 * (a hostile file's 200,000 strata, 130,000 bad cells) spread into one call's arguments overflows the stack.
 */
export function appendAll<T>(target: T[], source: readonly T[]): T[] {
  for (let i = 0; i < source.length; i++) target.push(source[i]!);
  return target;
}
