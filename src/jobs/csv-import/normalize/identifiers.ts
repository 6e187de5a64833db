import { compactIsbn, isValidIsbn10, isValidIsbn13, isbn10To13, isbn13To10 } from '../../../contract/isbn.js';

export interface Identifiers {
  isbn13: string | null;
  isbn10: string | null;
  asin: string | null;
  /** What was odd (a failed checksum, an unreadable value), for the row's notes. */
  notes: string[];
}

/** An Amazon id that is not an ISBN: "B0" and eight letters or digits (a book's ASIN is its ISBN-10). */
const ASIN = /^B0[0-9A-Z]{8}$/;

/**
 * Reads every ISBN-ish cell of a row (ISBN, ISBN13, a list, StoryGraph's ISBN/UID) into one
 * checksum-valid ISBN-13 and ISBN-10. An ASIN (`B0…`, any case) is kept as an ASIN; anything else,
 * such as a value that fails its checksum or a word typed in the ISBN column, is reported in
 * `notes` and not used (the row is still enriched by title and author).
 */
export function readIdentifiers(cells: readonly (string | null)[]): Identifiers {
  const out: Identifiers = { isbn13: null, isbn10: null, asin: null, notes: [] };
  for (const cell of cells) {
    if (cell === null) continue;
    for (const part of cell.split(/[,;|]|\s{2,}/)) {
      const raw = part.trim();
      if (raw === '') continue;
      const upper = raw.toUpperCase();
      if (ASIN.test(upper)) {
        out.asin ??= upper;
        continue;
      }
      const compact = compactIsbn(raw);
      if (/^\d{13}$/.test(compact)) {
        if (isValidIsbn13(compact)) out.isbn13 ??= compact;
        else out.notes.push(`ISBN "${raw}" fails its checksum; not used`);
      } else if (/^\d{9}[\dX]$/.test(compact)) {
        if (isValidIsbn10(compact)) out.isbn10 ??= compact;
        else out.notes.push(`ISBN "${raw}" fails its checksum; not used`);
      } else {
        // Ten letters ("AlexisGlyn") are no Amazon id: only the B0… shape above is one.
        out.notes.push(`"${raw}" is neither an ISBN nor an ASIN; not used`);
      }
    }
  }
  // One edition: derive the missing form from the other (ISBN-13s outside 978 have no ISBN-10).
  if (out.isbn13 === null && out.isbn10 !== null) out.isbn13 = isbn10To13(out.isbn10);
  if (out.isbn10 === null && out.isbn13 !== null) out.isbn10 = isbn13To10(out.isbn13);
  return out;
}
