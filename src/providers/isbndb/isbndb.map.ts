import { normalizeDate } from '../dates.js';
import { isbn13sOf } from '../isbns.js';
import { optional } from '../optional.js';
import type { ProviderRecord } from '../types.js';
import type { TIsbndbBook } from './isbndb.schema.js';

const present = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim());

export function fromIsbndbBook(book: TIsbndbBook): ProviderRecord | undefined {
  const isbn13s = isbn13sOf([book.isbn13 ?? '', book.isbn ?? '', book.isbn10 ?? ''].filter((i) => i !== ''));
  const id = isbn13s[0];
  if (id === undefined) return undefined;
  return {
    provider: 'isbndb',
    id,
    title: book.title,
    authors: book.authors ?? [],
    isbn13s,
    ...optional('publisher', present(book.publisher)),
    ...optional('publishedDate', normalizeDate(book.date_published === null || book.date_published === undefined ? undefined : String(book.date_published))),
    ...optional('pageCount', book.pages !== null && book.pages !== undefined && book.pages > 0 ? book.pages : undefined),
    ...optional('description', present(book.synopsis) ?? present(book.overview)),
    ...optional('coverUrl', present(book.image)),
    subjects: book.subjects ?? [],
    ...optional('language', present(book.language)),
    ...optional('binding', present(book.binding)),
    ids: { isbndb: id },
  };
}
