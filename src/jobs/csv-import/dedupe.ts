import type { TImportedBook } from '../../contract/imports.js';
import { authorKey, foldText } from '../enrichment/normalize.js';

/** Case, accents, punctuation and a leading article ignored; volume and series notes kept (Vol. 1 ≠ Vol. 2). */
const titleKeyOf = (title: string) => foldText(title).replace(/^(?:the|a|an) /, '');

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
    const titleKey = book.title === null ? null : `${titleKeyOf(book.title)}|${authorKey(firstAuthor)}`;
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

/** For each repeat among `books` (in file order), the first row it repeats. */
export function findDuplicates(books: readonly { index: number; book: TImportedBook }[]): Map<number, FirstSighting> {
  const finder = new DuplicateFinder();
  const duplicates = new Map<number, FirstSighting>();
  for (const { index, book } of books) {
    const first = finder.check(index, book);
    if (first) duplicates.set(index, first);
  }
  return duplicates;
}
