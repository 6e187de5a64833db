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
 * Finds rows that repeat an earlier row of the same file: the same ISBN-13, or the same title and
 * first author (articles, case and punctuation ignored) unless both rows carry
 * different ISBNs, which makes them two editions the user keeps apart. Returns, for each repeat,
 * the first row it repeats.
 */
export function findDuplicates(books: readonly { index: number; book: TImportedBook }[]): Map<number, FirstSighting> {
  const byIsbn = new Map<string, FirstSighting>();
  const byTitle = new Map<string, FirstSighting & { isbn13: string | null }>();
  const duplicates = new Map<number, FirstSighting>();
  for (const { index, book } of books) {
    const isbn = book.isbn13;
    const firstAuthor = book.authors.find((a) => a.role === null)?.name ?? book.authors[0]?.name ?? '';
    const titleKey = book.title === null ? null : `${titleKeyOf(book.title)}|${authorKey(firstAuthor)}`;
    const sameIsbn = isbn === null ? undefined : byIsbn.get(isbn);
    const sameTitle = titleKey === null ? undefined : byTitle.get(titleKey);
    const first = sameIsbn ?? (sameTitle && (sameTitle.isbn13 === null || isbn === null) ? sameTitle : undefined);
    if (first) {
      duplicates.set(index, { index: first.index, line: first.line });
      continue;
    }
    const sighting = { index, line: book.line };
    if (isbn !== null) byIsbn.set(isbn, sighting);
    if (titleKey !== null && !byTitle.has(titleKey)) byTitle.set(titleKey, { ...sighting, isbn13: isbn });
  }
  return duplicates;
}
