import type { TImportedBook } from '../../contract/imports.js';
import type { EnrichmentRequest } from '../enrichment/candidate.js';
import { naturalTitle } from './normalize/titles.js';

/** What to look a row up by: its ISBN, title (in natural order: "Hobbit, The" is looked up as "The Hobbit"), first author and year. */
export function requestOf(book: TImportedBook): Omit<EnrichmentRequest, 'index'> {
  const author = book.authors.find((a) => a.role === null) ?? book.authors[0];
  return {
    ...(book.title !== null ? { title: naturalTitle(book.title) } : {}),
    ...(author ? { author: author.name } : {}),
    ...(book.isbn13 !== null ? { isbn13: book.isbn13 } : {}),
    ...(book.year !== null ? { year: book.year } : {}),
  };
}
