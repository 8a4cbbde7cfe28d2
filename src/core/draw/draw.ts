import type { DrawInput, DrawResult } from './types.js';
export function draw(input: DrawInput): DrawResult {
  void input;
  throw new Error('draw: not implemented yet');
}
