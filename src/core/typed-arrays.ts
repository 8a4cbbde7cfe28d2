/** A typed column copied into a longer one of the same kind (columns grow by copies, never by push). */
export function grown<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
