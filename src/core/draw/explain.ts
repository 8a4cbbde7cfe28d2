import type { DrawInput, DrawResult } from './types.js';
export function explain(input: DrawInput, result: DrawResult, id: string): string[] {
  void input; void result; void id;
  throw new Error('explain: not implemented yet');
}
