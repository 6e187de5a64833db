import { isbn13To10, toIsbn13 } from '../../src/contract/isbn.js';
import { asKnownBy, searchCatalogue, type FakeBook } from './catalogue.js';
import { startFake, type FakeUpstream } from './fake-upstream.js';

/** Google's quota answer (429; also sent as 400 once a keyed daily quota is spent). */
export const GOOGLE_QUOTA_BODY = {
  error: {
    code: 429,
    message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service 'books.googleapis.com' for consumer 'project_number:624717413613'.",
    errors: [{ message: "Quota exceeded for quota metric 'Queries'", domain: 'global', reason: 'rateLimitExceeded' }],
    status: 'RESOURCE_EXHAUSTED',
  },
};

function volume(b: FakeBook) {
  const isbn10 = b.isbn13 ? isbn13To10(b.isbn13) : null;
  const link = `http://books.google.com/books?id=${b.googleVolumeId}`;
  return {
    kind: 'books#volume',
    id: b.googleVolumeId,
    etag: `etag-${b.googleVolumeId}`,
    selfLink: `https://www.googleapis.com/books/v1/volumes/${b.googleVolumeId}`,
    volumeInfo: {
      title: b.title,
      ...(b.subtitle ? { subtitle: b.subtitle } : {}),
      authors: b.authors,
      ...(b.publisher ? { publisher: b.publisher } : {}),
      ...(b.publishedDate ? { publishedDate: b.publishedDate } : {}),
      ...(b.description ? { description: b.description } : {}),
      industryIdentifiers: [...(b.isbn13 ? [{ type: 'ISBN_13', identifier: b.isbn13 }] : []), ...(isbn10 ? [{ type: 'ISBN_10', identifier: isbn10 }] : [])],
      ...(b.pageCount ? { pageCount: b.pageCount } : {}),
      printType: 'BOOK',
      ...(b.subjects.length ? { categories: b.subjects } : {}),
      ...(b.coverId ? { imageLinks: { smallThumbnail: `${link}&printsec=frontcover&img=1&zoom=5&source=gbs_api`, thumbnail: `${link}&printsec=frontcover&img=1&zoom=1&source=gbs_api` } } : {}),
      language: b.language ?? 'en',
      previewLink: `${link}&hl=&source=gbs_api`,
      infoLink: `${link}&hl=&source=gbs_api`,
      canonicalVolumeLink: `https://books.google.com/books/about/x.html?id=${b.googleVolumeId}`,
    },
    saleInfo: { country: 'US', saleability: 'NOT_FOR_SALE', isEbook: false },
    accessInfo: { country: 'US', viewability: 'NO_PAGES' },
  };
}

/** Parses `isbn:…`, `intitle:"…"`, `inauthor:"…"` and plain words out of a `q`. */
function parseQ(q: string) {
  const field = (name: string) => new RegExp(`${name}:(?:"([^"]*)"|(\\S+))`).exec(q);
  const isbn = field('isbn');
  const title = field('intitle');
  const author = field('inauthor');
  const rest = q.replace(/\b(isbn|intitle|inauthor):(?:"[^"]*"|\S+)/g, '').trim();
  return { isbn: isbn?.[1] ?? isbn?.[2], title: title?.[1] ?? title?.[2], author: author?.[1] ?? author?.[2], text: rest || undefined };
}

/** Google Books `volumes` over `catalogue`. `quotaExhausted` answers every request as a spent keyed quota (400). */
export async function startFakeGoogleBooks(opts: { catalogue: readonly FakeBook[] }): Promise<FakeUpstream & { quotaExhausted: boolean }> {
  const books = opts.catalogue.filter((b) => b.in.googleBooks).map((b) => asKnownBy(b, 'googleBooks'));
  const state = { quotaExhausted: false };
  const fake = await startFake(
    (call) => {
      if (state.quotaExhausted) return { status: 400, body: { error: { ...GOOGLE_QUOTA_BODY.error, code: 400 } } };
      if (call.path !== '/books/v1/volumes') return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
      const q = parseQ(call.query.get('q') ?? '');
      const isbn = q.isbn ? toIsbn13(q.isbn) : undefined;
      const hits = isbn !== undefined ? books.filter((b) => b.isbn13 === isbn) : searchCatalogue(books, q);
      const items = hits.slice(0, Number(call.query.get('maxResults') ?? 10)).map(volume);
      return { status: 200, body: items.length ? { kind: 'books#volumes', totalItems: items.length, items } : { kind: 'books#volumes', totalItems: 0 } };
    },
    { tooManyBody: GOOGLE_QUOTA_BODY },
  );
  return Object.defineProperty(fake, 'quotaExhausted', { get: () => state.quotaExhausted, set: (v: boolean) => (state.quotaExhausted = v), enumerable: true }) as FakeUpstream & {
    quotaExhausted: boolean;
  };
}
