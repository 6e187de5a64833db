import { z } from 'zod';

/**
 * ISBN handling shared by the contract, the providers and the jobs. It lives here, as plain
 * functions next to the zod schema, because the contract depends on zod only (clients bundle it)
 * and checksum validation has to happen in the schema, so a bad ISBN is a 400 naming its field.
 */

/** Strips what people and exports wrap ISBNs in: spaces, hyphens, `ISBN` prefixes. */
export function compactIsbn(raw: string): string {
  return raw.replace(/^\s*isbn(?:-1[03])?:?\s*/i, '').replace(/[\s-]/g, '').toUpperCase();
}

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(first9[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return String((10 - (sum % 10)) % 10);
}

export function isValidIsbn10(isbn: string): boolean {
  return /^\d{9}[\dX]$/.test(isbn) && isbn10CheckDigit(isbn.slice(0, 9)) === isbn[9];
}

export function isValidIsbn13(isbn: string): boolean {
  return /^97[89]\d{10}$/.test(isbn) && isbn13CheckDigit(isbn.slice(0, 12)) === isbn[12];
}

/** ISBN-10 → ISBN-13 (978 prefix). The input must be a valid ISBN-10. */
export function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** ISBN-13 → ISBN-10, or null for 979 ISBNs, which have no ISBN-10 form. */
export function isbn13To10(isbn13: string): string | null {
  if (!isbn13.startsWith('978')) return null;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}

/** Any written form of a valid ISBN-10 or ISBN-13 → its ISBN-13; null when it is not a valid ISBN. */
export function toIsbn13(raw: string): string | null {
  const isbn = compactIsbn(raw);
  if (isValidIsbn13(isbn)) return isbn;
  if (isValidIsbn10(isbn)) return isbn10To13(isbn);
  return null;
}

/** An ISBN-10 or ISBN-13 with a correct check digit; hyphens and spaces allowed. Parses to the ISBN-13. */
export const ZIsbn = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    const isbn13 = toIsbn13(raw);
    if (isbn13 === null) {
      const compact = compactIsbn(raw);
      const shaped = /^(\d{9}[\dX]|\d{13})$/.test(compact);
      ctx.addIssue({ code: 'custom', message: shaped ? 'ISBN check digit is wrong' : 'not an ISBN-10 or ISBN-13' });
      return z.NEVER;
    }
    return isbn13;
  })
  .describe('ISBN-10 or ISBN-13 (hyphens allowed, check digit verified); normalised to ISBN-13');
