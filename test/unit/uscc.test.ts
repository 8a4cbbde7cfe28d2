import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { USCC_ALPHABET, isValidUscc, normaliseUscc, usccCheckChar, usccFault } from '../../src/core/uscc.js';

// Published codes (e.g. 国家税务总局 example 91350100M000100Y43) and ones computed by hand.
describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts a published valid code', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('names the wrong check character', () => {
    expect(usccFault('91350100M000100Y44')).toEqual({ kind: 'check', expected: '3', got: '4' });
  });

  it('rejects wrong length and forbidden letters', () => {
    expect(usccFault('91350100M000100Y4')).toEqual({ kind: 'length', length: 17 });
    expect(usccFault('91350100M000100I43')).toEqual({ kind: 'char', char: 'I', position: 16 });
  });

  it('normalises full-width and lower case input', () => {
    expect(normaliseUscc(' ９１350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('every 17-character body has exactly one valid check character', () => {
    const ch = fc.constantFrom(...USCC_ALPHABET.split(''));
    fc.assert(
      fc.property(fc.array(ch, { minLength: 17, maxLength: 17 }), (body) => {
        const b = body.join('');
        const valid = USCC_ALPHABET.split('').filter((c) => isValidUscc(b + c));
        return valid.length === 1 && valid[0] === usccCheckChar(b);
      }),
    );
  });
});
