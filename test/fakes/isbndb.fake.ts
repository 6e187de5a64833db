import { isbn13To10, toIsbn13 } from '../../src/contract/isbn.js';
import { asKnownBy, searchCatalogue, type FakeBook } from './catalogue.js';
import { startFake, type FakeUpstream } from './fake-upstream.js';

/** ISBNdb's `Book`, as its OpenAPI document describes it. */
function isbndbBook(b: FakeBook) {
  return {
    title: b.title,
    title_long: b.subtitle ? `${b.title}: ${b.subtitle}` : b.title,
    isbn: b.isbn13,
    isbn13: b.isbn13,
    isbn10: b.isbn13 ? isbn13To10(b.isbn13) : null,
    binding: b.binding ?? null,
    publisher: b.publisher ?? null,
    language: b.language ?? 'en',
    date_published: b.publishedDate ?? '',
    pages: b.pageCount ?? null,
    image: b.coverId ? `https://images.isbndb.com/covers/${String(b.coverId).slice(-4)}/${b.isbn13 ?? ''}.jpg` : null,
    synopsis: b.description ?? null,
    authors: b.authors,
    subjects: b.subjects,
  };
}

/** ISBNdb v2 (`/book/{isbn}`, `/books/{query}`, `POST /books`) over `catalogue`; every call needs `Authorization: <key>`. */
export async function startFakeIsbndb(opts: { catalogue: readonly FakeBook[]; apiKey: string }): Promise<FakeUpstream> {
  const books = opts.catalogue.filter((b) => b.in.isbndb && b.isbn13).map((b) => asKnownBy(b, 'isbndb'));
  const find = (raw: string) => books.find((b) => b.isbn13 === toIsbn13(raw));
  return startFake(
    (call) => {
      if (call.headers.authorization !== opts.apiKey) return { status: 401, body: { message: 'Unauthorized', error_message: 'Unauthorized' } };
      const one = /^\/book\/([\dXx-]+)$/.exec(call.path);
      if (one?.[1]) {
        const book = find(one[1]);
        return book ? { status: 200, body: { book: isbndbBook(book) } } : { status: 404, body: { errorMessage: 'Not Found' } };
      }
      if (call.path === '/books' && call.method === 'POST') {
        const isbns = call.headers['content-type']?.includes('json')
          ? ((JSON.parse(call.body) as { isbns?: string[] }).isbns ?? [])
          : (new URLSearchParams(call.body).get('isbns') ?? '').split(',');
        const data = isbns.map(find).filter((b): b is FakeBook => b !== undefined).map(isbndbBook);
        return { status: 200, body: { total: data.length, requested: isbns.length, data } };
      }
      const search = /^\/books\/(.+)$/.exec(call.path);
      if (search?.[1]) {
        const text = decodeURIComponent(search[1]);
        const column = call.query.get('column');
        const q = column === 'author' ? { author: text } : column === 'title' ? { title: text, author: call.query.get('author') ?? undefined } : { text };
        const data = searchCatalogue(books, q).slice(0, Number(call.query.get('pageSize') ?? 20)).map(isbndbBook);
        return { status: 200, body: { total: data.length, data } };
      }
      return { status: 404, body: { errorMessage: 'Not Found' } };
    },
    { tooManyBody: { message: 'Limit Exceeded' } },
  );
}
