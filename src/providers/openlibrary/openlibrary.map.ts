import { normalizeDate } from '../dates.js';
import { isbn13sOf } from '../isbns.js';
import { optional } from '../optional.js';
import type { ProviderRecord } from '../types.js';
import type { TOlBooksApiRecord, TOlSearchDoc } from './openlibrary.schema.js';

const lastSegment = (key: string | undefined) => key?.split('/').filter(Boolean).at(-1);

/** A cover URL that 404s instead of answering a blank placeholder (`?default=false`). */
export function olCoverUrl(coversBaseUrl: string, coverId: number | string): string {
  return `${coversBaseUrl}/b/id/${coverId}-L.jpg?default=false`;
}

const coverIdOf = (url: string | undefined) => (url === undefined ? undefined : /\/b\/id\/(\d+)-/.exec(url)?.[1]);

/** A `jscmd=data` record; `requested` is the ISBN-13 it was looked up by (OpenLibrary may omit it). */
export function fromBooksApi(record: TOlBooksApiRecord, requested: string, coversBaseUrl: string): ProviderRecord {
  const ids = record.identifiers ?? {};
  const coverId = coverIdOf(record.cover?.large ?? record.cover?.medium ?? record.cover?.small);
  const notes = typeof record.notes === 'string' ? record.notes : record.notes?.value;
  return {
    provider: 'openlibrary',
    id: lastSegment(record.key) ?? record.key,
    title: record.title,
    ...(record.subtitle ? { subtitle: record.subtitle } : {}),
    authors: (record.authors ?? []).map((a) => a.name),
    isbn13s: isbn13sOf([requested], ids.isbn_13, ids.isbn_10),
    ...(record.publishers?.[0] ? { publisher: record.publishers[0].name } : {}),
    ...optional('publishedDate', normalizeDate(record.publish_date)),
    ...optional('pageCount', record.number_of_pages),
    // jscmd=data has no description; an excerpt or note is better than nothing, and longer ones win the merge.
    ...optional('description', record.excerpts?.[0]?.text ?? notes),
    ...(coverId !== undefined ? { coverUrl: olCoverUrl(coversBaseUrl, coverId) } : {}),
    subjects: (record.subjects ?? []).map((s) => s.name),
    ids: {
      openLibraryEdition: lastSegment(record.key),
      ...optional('openLibraryWork', lastSegment(record.works?.[0]?.key)),
      ...optional('goodreads', ids.goodreads),
      ...optional('librarything', ids.librarything),
      ...optional('amazon', ids.amazon),
    },
  };
}

/** A `search.json` doc (a work with its editions' identifiers). */
export function fromSearchDoc(doc: TOlSearchDoc, coversBaseUrl: string): ProviderRecord {
  const edition = doc.cover_edition_key ?? doc.edition_key?.[0];
  return {
    provider: 'openlibrary',
    id: edition ?? lastSegment(doc.key) ?? doc.key,
    title: doc.title,
    ...(doc.subtitle ? { subtitle: doc.subtitle } : {}),
    authors: doc.author_name ?? [],
    // A work lists every edition's ISBN; keep a bounded number (13-digit first) for matching.
    isbn13s: isbn13sOf(doc.isbn?.filter((i) => i.length === 13), doc.isbn?.filter((i) => i.length === 10)).slice(0, 40),
    ...(doc.publisher?.[0] ? { publisher: doc.publisher[0] } : {}),
    ...optional('publishedDate', doc.first_publish_year === undefined ? undefined : String(doc.first_publish_year)),
    ...optional('pageCount', doc.number_of_pages_median),
    ...(doc.cover_i !== undefined && doc.cover_i > 0 ? { coverUrl: olCoverUrl(coversBaseUrl, doc.cover_i) } : {}),
    subjects: doc.subject?.slice(0, 20) ?? [],
    ...optional('language', doc.language?.[0]),
    ids: {
      ...optional('openLibraryEdition', edition),
      ...optional('openLibraryWork', lastSegment(doc.key)),
      ...optional('goodreads', doc.id_goodreads),
      ...optional('librarything', doc.id_librarything),
      ...optional('amazon', doc.id_amazon),
    },
  };
}
