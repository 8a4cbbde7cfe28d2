import { USCC_ALPHABET, usccCheckChar } from '../../src/core/uscc.js';

/** A valid 统一社会信用代码 for test number n (91 企业 + a fictional county code). */
export function testUscc(n: number): string {
  let body = '';
  let x = n;
  for (let i = 0; i < 9; i++) {
    body = USCC_ALPHABET[x % 31]! + body;
    x = Math.floor(x / 31);
  }
  const first17 = `91321099${body}`;
  return first17 + usccCheckChar(first17);
}
