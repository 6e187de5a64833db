import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZIsbn, isValidIsbn10, isValidIsbn13, isbn10To13, isbn13To10, toIsbn13 } from '../../src/contract/isbn.js';
import { runs } from './fuzz-config.js';

/** The check character of nine digits, computed here independently of the code under test. */
function check10(first9: readonly number[]): string {
  const sum = first9.reduce((acc, d, i) => acc + (10 - i) * d, 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function check13(first12: readonly number[]): string {
  const sum = first12.reduce((acc, d, i) => acc + (i % 2 === 0 ? 1 : 3) * d, 0);
  return String((10 - (sum % 10)) % 10);
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const validIsbn10 = digits(9).map((d) => d.join('') + check10(d));
const validIsbn13 = fc.tuple(fc.constantFrom([9, 7, 8], [9, 7, 9]), digits(9)).map(([prefix, rest]) => {
  const first12 = [...prefix, ...rest];
  return first12.join('') + check13(first12);
});

/** How people write an ISBN: hyphens and spaces anywhere, an `ISBN` prefix, lower-case x. */
function written(isbn: string) {
  return fc.record({ seps: fc.array(fc.constantFrom('', '', '-', ' '), { minLength: isbn.length, maxLength: isbn.length }), prefix: fc.constantFrom('', 'ISBN ', 'isbn-13: ', 'ISBN-10:'), lower: fc.boolean() }).map(
    ({ seps, prefix, lower }) => prefix + Array.from(lower ? isbn.toLowerCase() : isbn).map((c, i) => c + (seps[i] ?? '')).join(''),
  );
}

const isbnish = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.array(fc.constantFrom('0', '1', '7', '8', '9', 'X', 'x', '-', ' ', 'I', 'S', 'B', 'N', ':', '\u0660', '９'), { maxLength: 20 }).map((c) => c.join('')),
  validIsbn10.chain(written),
  validIsbn13.chain(written),
);

describe('ISBN-10 ↔ ISBN-13', () => {
  it('every valid ISBN-10 converts to a valid ISBN-13 that converts back', () => {
    fc.assert(
      fc.property(validIsbn10, (isbn10) => {
        expect(isValidIsbn10(isbn10)).toBe(true);
        const isbn13 = isbn10To13(isbn10);
        expect(isValidIsbn13(isbn13)).toBe(true);
        expect(isbn13.startsWith('978')).toBe(true);
        expect(isbn13To10(isbn13)).toBe(isbn10);
        expect(toIsbn13(isbn10)).toBe(isbn13);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('a wrong check character is never valid', () => {
    fc.assert(
      fc.property(digits(9), fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'), (d, c) => {
        expect(isValidIsbn10(d.join('') + c)).toBe(c === check10(d));
      }),
      { numRuns: runs(2000) },
    );
  });

  it('every valid ISBN-13 is its own ISBN-13; 978 ones have an ISBN-10 that leads back, 979 ones none', () => {
    fc.assert(
      fc.property(validIsbn13, (isbn13) => {
        expect(toIsbn13(isbn13)).toBe(isbn13);
        const isbn10 = isbn13To10(isbn13);
        if (isbn13.startsWith('979')) expect(isbn10).toBeNull();
        else {
          expect(isbn10 !== null && isValidIsbn10(isbn10)).toBe(true);
          expect(isbn10To13(isbn10 ?? '')).toBe(isbn13);
        }
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('toIsbn13 and ZIsbn on anything', () => {
  it('toIsbn13 never throws and gives null or a valid ISBN-13', () => {
    fc.assert(
      fc.property(isbnish, (raw) => {
        const isbn13 = toIsbn13(raw);
        expect(isbn13 === null || isValidIsbn13(isbn13)).toBe(true);
      }),
      { numRuns: runs(3000) },
    );
  });

  it('written forms of valid ISBNs are understood', () => {
    fc.assert(
      fc.property(validIsbn13.chain((isbn) => fc.tuple(fc.constant(isbn), written(isbn))), ([isbn, text]) => {
        expect(toIsbn13(text)).toBe(isbn);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('ZIsbn.safeParse never throws: it parses to toIsbn13 of the input, or says why not', () => {
    fc.assert(
      fc.property(fc.oneof(isbnish, fc.anything()), (value) => {
        const parsed = ZIsbn.safeParse(value);
        if (parsed.success) {
          expect(typeof value === 'string' && value.length <= 32 && parsed.data === toIsbn13(value)).toBe(true);
        } else {
          expect(parsed.error.issues.length).toBeGreaterThan(0);
          if (typeof value === 'string' && value.length <= 32) expect(toIsbn13(value)).toBeNull();
        }
      }),
      { numRuns: runs(2000) },
    );
  });
});
