import { fixtureCatalogue, type FakeBook } from './catalogue.js';
import type { FakeUpstream } from './fake-upstream.js';
import { startFakeGoogleBooks } from './google-books.fake.js';
import { startFakeIsbndb } from './isbndb.fake.js';
import { startFakeCovers, startFakeOpenLibrary } from './openlibrary.fake.js';

export { startFakeGemini, type FakeGemini, type FakeGenerateBody, type GeminiHandler, type GeminiReply, type RecordedGeminiCall } from './gemini.fake.js';

export interface FakeUpstreams {
  openlibrary: FakeUpstream;
  covers: FakeUpstream;
  googleBooks: FakeUpstream & { quotaExhausted: boolean };
  isbndb: FakeUpstream;
  /** Settings that point the app at these fakes (parseConfig input). */
  env: Record<string, string>;
  /** Every fake, for switching faults on all at once. */
  all(): FakeUpstream[];
  close(): Promise<void>;
}

/** All metadata upstreams on loopback, over one catalogue (the fixture catalogue by default). */
export async function startFakeUpstreams(opts: { catalogue?: FakeBook[]; isbndbKey?: string; googleKey?: string } = {}): Promise<FakeUpstreams> {
  const catalogue = opts.catalogue ?? fixtureCatalogue();
  const isbndbKey = opts.isbndbKey ?? 'fake-isbndb-key';
  const covers = await startFakeCovers({ catalogue });
  const [openlibrary, googleBooks, isbndb] = await Promise.all([
    startFakeOpenLibrary({ catalogue, coversBaseUrl: covers.url }),
    startFakeGoogleBooks({ catalogue }),
    startFakeIsbndb({ catalogue, apiKey: isbndbKey }),
  ]);
  const all = () => [openlibrary, covers, googleBooks, isbndb];
  return {
    openlibrary,
    covers,
    googleBooks,
    isbndb,
    env: {
      OPENLIBRARY_BASE_URL: openlibrary.url,
      OPENLIBRARY_COVERS_BASE_URL: covers.url,
      GOOGLE_BOOKS_BASE_URL: `${googleBooks.url}/books/v1`,
      GOOGLE_BOOKS_API_KEY: opts.googleKey ?? 'fake-google-key',
      ISBNDB_BASE_URL: isbndb.url,
      ISBNDB_API_KEY: isbndbKey,
    },
    all,
    close: async () => {
      await Promise.all(all().map((f) => f.close()));
    },
  };
}
