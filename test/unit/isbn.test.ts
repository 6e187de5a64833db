import { describe, expect, it } from 'vitest';
import { ZIsbn, compactIsbn, isbn10To13, isbn13To10, isValidIsbn10, isValidIsbn13, toIsbn13 } from '../../src/contract/isbn.js';

describe('ISBN handling', () => {
  it('validates check digits of both forms', () => {
    expect(isValidIsbn13('9780241951446')).toBe(true);
    expect(isValidIsbn13('9780241951447')).toBe(false);
    expect(isValidIsbn10('207042779X')).toBe(true);
    expect(isValidIsbn10('2070427791')).toBe(false);
  });

  it('converts between ISBN-10 and ISBN-13, and 979 ISBNs have no ISBN-10', () => {
    expect(isbn10To13('0241951445')).toBe('9780241951446');
    expect(isbn13To10('9780241951446')).toBe('0241951445');
    expect(isbn13To10('9791032305690')).toBeNull();
    expect(toIsbn13('207042779X')).toBe('9782070427796');
  });

  it('unwraps what people type around ISBNs', () => {
    expect(compactIsbn(' ISBN: 978-0-241-95144-6 ')).toBe('9780241951446');
    expect(toIsbn13('978 0 241 95144 6')).toBe('9780241951446');
  });

  it('the schema normalises to ISBN-13 and says what is wrong', () => {
    expect(ZIsbn.parse('0-241-95144-5')).toBe('9780241951446');
    expect(ZIsbn.safeParse('9780241951447').error?.issues[0]?.message).toBe('ISBN check digit is wrong');
    expect(ZIsbn.safeParse('12345').error?.issues[0]?.message).toBe('not an ISBN-10 or ISBN-13');
  });
});
