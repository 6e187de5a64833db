import type { TImportedBook } from '../../contract/imports.js';
import { bookKey } from '../enrichment/normalize.js';

/** Where a row was first seen: its item index and line. */
export interface FirstSighting {
  index: number;
  line: number;
}

/**
 * Finds rows that repeat an earlier row of the same file, one row at a time in file order: the
 * same ISBN-13, or the same title and first author (articles, case and punctuation ignored) unless
 * both rows carry different ISBNs, which makes them two editions the user keeps apart.
 */
export class DuplicateFinder {
  private readonly byIsbn = new Map<string, FirstSighting>();
  private readonly byTitle = new Map<string, FirstSighting & { isbn13: string | null }>();

  /** The earlier row `book` repeats, or undefined (then it is remembered as a first sighting). */
  check(index: number, book: TImportedBook): FirstSighting | undefined {
    const isbn = book.isbn13;
    const firstAuthor = book.authors.find((a) => a.role === null)?.name ?? book.authors[0]?.name ?? '';
    const titleKey = book.title === null ? null : bookKey(book.title, firstAuthor);
    const sameIsbn = isbn === null ? undefined : this.byIsbn.get(isbn);
    const sameTitle = titleKey === null ? undefined : this.byTitle.get(titleKey);
    const first = sameIsbn ?? (sameTitle && (sameTitle.isbn13 === null || isbn === null) ? sameTitle : undefined);
    if (first) return { index: first.index, line: first.line };
    const sighting = { index, line: book.line };
    if (isbn !== null) this.byIsbn.set(isbn, sighting);
    if (titleKey !== null && !this.byTitle.has(titleKey)) this.byTitle.set(titleKey, { ...sighting, isbn13: isbn });
    return undefined;
  }
}
