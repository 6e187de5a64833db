import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE64_PATTERN, isBase64, zBase64 } from '../../src/contract/common.js';

const pattern = new RegExp(BASE64_PATTERN);

describe('isBase64', () => {
  it('says what the documented pattern says, on chosen edge cases', () => {
    const cases = ['', 'QQ==', 'QUI=', 'QUJD', 'QQ', 'Q===', '=', '==', '===', 'QU=I', 'Q=Q=', 'QUI= ', ' QUI=', 'QU\nI', 'QUJD-_', 'é', 'QUJD\u0000'];
    for (const text of cases) expect(isBase64(text), JSON.stringify(text)).toBe(pattern.test(text));
  });

  it('says what the documented pattern says, on random strings over the alphabet and its near misses', () => {
    const char = fc.constantFrom('A', 'B', 'x', 'z', '0', '9', '+', '/', '=', '-', '_', ' ', '\n', 'é', '\u0000');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        return isBase64(text) === pattern.test(text);
      }),
      { numRuns: 5_000, seed: 14 },
    );
  });

  it('keeps the pattern in the schema the OpenAPI document is made from, and the message on a failure', () => {
    const schema = zBase64();
    expect(schema.meta()).toMatchObject({ pattern: BASE64_PATTERN });
    const result = schema.safeParse('not base64!');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be base64 (A–Z, a–z, 0–9, +, /, = padding)');
  });
});
