import { isbn13To10, toIsbn13 } from '../../src/contract/isbn.js';
import { asKnownBy, searchCatalogue, type FakeBook } from './catalogue.js';
import { startFake, type FakeUpstream } from './fake-upstream.js';

const TOO_MANY = { status: 429, message: 'Too Many Requests. Consider using https://openlibrary.org/developers/dumps.' };

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '_');

/** A `/api/books?jscmd=data` value, shaped like the recorded fixture. */
function booksApiRecord(b: FakeBook, coversBaseUrl: string) {
  const isbn10 = b.isbn13 ? isbn13To10(b.isbn13) : null;
  return {
    url: `https://openlibrary.org/books/${b.olEditionKey}/${slug(b.title)}`,
    key: `/books/${b.olEditionKey}`,
    title: b.title,
    ...(b.subtitle ? { subtitle: b.subtitle } : {}),
    authors: b.authors.map((name, i) => ({ url: `https://openlibrary.org/authors/OL${i + 1}A/${slug(name)}`, name })),
    identifiers: {
      ...(isbn10 ? { isbn_10: [isbn10] } : {}),
      ...(b.isbn13 ? { isbn_13: [b.isbn13] } : {}),
      openlibrary: [b.olEditionKey],
      ...(b.goodreadsId ? { goodreads: [b.goodreadsId] } : {}),
    },
    ...(b.publisher ? { publishers: [{ name: b.publisher }] } : {}),
    ...(b.publishedDate ? { publish_date: b.publishedDate } : {}),
    ...(b.pageCount ? { number_of_pages: b.pageCount } : {}),
    ...(b.subjects.length ? { subjects: b.subjects.map((name) => ({ name, url: `https://openlibrary.org/subjects/${slug(name.toLowerCase())}` })) } : {}),
    ...(b.coverId ? { cover: { small: `${coversBaseUrl}/b/id/${b.coverId}-S.jpg`, medium: `${coversBaseUrl}/b/id/${b.coverId}-M.jpg`, large: `${coversBaseUrl}/b/id/${b.coverId}-L.jpg` } } : {}),
  };
}

/** A `search.json` doc (a work), shaped like the recorded fixture. */
function searchDoc(b: FakeBook) {
  const isbn10 = b.isbn13 ? isbn13To10(b.isbn13) : null;
  return {
    key: `/works/${b.olWorkKey}`,
    type: 'work',
    title: b.title,
    ...(b.subtitle ? { subtitle: b.subtitle } : {}),
    author_name: b.authors,
    author_key: b.authors.map((_, i) => `OL${i + 1}A`),
    ...(b.isbn13 ? { isbn: [b.isbn13, ...(isbn10 ? [isbn10] : [])] } : {}),
    edition_key: [b.olEditionKey],
    cover_edition_key: b.olEditionKey,
    ...(b.coverId ? { cover_i: b.coverId } : {}),
    ...(b.publishedDate ? { first_publish_year: Number(b.publishedDate.slice(0, 4)) } : {}),
    ...(b.publisher ? { publisher: [b.publisher] } : {}),
    ...(b.pageCount ? { number_of_pages_median: b.pageCount } : {}),
    subject: b.subjects,
    ...(b.language ? { language: [b.language] } : {}),
  };
}

/** The OpenLibrary API (`/api/books`, `search.json`, `/isbn/{isbn}.json`) over `catalogue`. */
export async function startFakeOpenLibrary(opts: { catalogue: readonly FakeBook[]; coversBaseUrl: string }): Promise<FakeUpstream> {
  const books = opts.catalogue.filter((b) => b.in.openlibrary).map((b) => asKnownBy(b, 'openlibrary'));
  const byIsbn = new Map(books.flatMap((b) => (b.isbn13 ? [[b.isbn13, b] as const] : [])));
  return startFake(
    (call) => {
      if (call.path === '/api/books') {
        const out: Record<string, unknown> = {};
        for (const key of (call.query.get('bibkeys') ?? '').split(',')) {
          const isbn = toIsbn13(key.replace(/^ISBN:/i, ''));
          const book = isbn ? byIsbn.get(isbn) : undefined;
          if (book) out[key] = booksApiRecord(book, opts.coversBaseUrl);
        }
        return { status: 200, body: out };
      }
      if (call.path === '/search.json') {
        const q = call.query;
        const docs = searchCatalogue(books, { title: q.get('title') ?? undefined, author: q.get('author') ?? undefined, text: q.get('q') ?? undefined })
          .slice(0, Number(q.get('limit') ?? 100))
          .map(searchDoc);
        return { status: 200, body: { numFound: docs.length, start: 0, numFoundExact: true, docs } };
      }
      const edition = /^\/isbn\/([\dXx-]+)\.json$/.exec(call.path);
      if (edition?.[1]) {
        const isbn = toIsbn13(edition[1]);
        const book = isbn ? byIsbn.get(isbn) : undefined;
        if (!book) return { status: 404, body: { error: 'notfound', key: `/isbn/${edition[1]}` } };
        return { status: 200, body: { key: `/books/${book.olEditionKey}`, title: book.title, isbn_13: [book.isbn13], works: [{ key: `/works/${book.olWorkKey}` }], publish_date: book.publishedDate, number_of_pages: book.pageCount } };
      }
      return { status: 404, body: { error: 'notfound' } };
    },
    { tooManyBody: TOO_MANY },
  );
}

/** The covers host: images by cover id, and by ISBN with `?default=false` → 404 when there is none. */
export async function startFakeCovers(opts: { catalogue: readonly FakeBook[] }): Promise<FakeUpstream> {
  const ids = new Set(opts.catalogue.flatMap((b) => (b.coverId ? [b.coverId] : [])));
  const withCover = new Set(opts.catalogue.flatMap((b) => (b.coverId && b.isbn13 ? [b.isbn13] : [])));
  // A 1×1 GIF stands in for every cover: the bytes are not what tests look at.
  const pixel = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64').toString('latin1');
  return startFake(
    (call) => {
      const byId = /^\/b\/id\/(\d+)-[SML]\.jpg$/.exec(call.path);
      const byIsbn = /^\/b\/isbn\/([\dX]+)-[SML]\.jpg$/.exec(call.path);
      const known = byId?.[1] ? ids.has(Number(byId[1])) : byIsbn?.[1] ? withCover.has(toIsbn13(byIsbn[1]) ?? '') : false;
      if (!known && call.query.get('default') === 'false') return { status: 404, body: 'not found' };
      return { status: 200, body: pixel, headers: { 'content-type': 'image/gif' } };
    },
    { tooManyBody: TOO_MANY },
  );
}
