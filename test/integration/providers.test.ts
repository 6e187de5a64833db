import { afterEach, describe, expect, it } from 'vitest';
import { ProviderUnavailableError } from '../../src/providers/errors.js';
import { GoogleBooksProvider } from '../../src/providers/google-books/google-books.provider.js';
import { IsbndbProvider } from '../../src/providers/isbndb/isbndb.provider.js';
import { OpenLibraryProvider } from '../../src/providers/openlibrary/openlibrary.provider.js';
import type { ProviderWarning } from '../../src/providers/types.js';
import { DEFAULT_UPSTREAM_POLICY, type UpstreamPolicy } from '../../src/providers/upstream/upstream-client.js';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';

const policy: UpstreamPolicy = { ...DEFAULT_UPSTREAM_POLICY, requestsPerMinute: 60_000, backoffBaseMs: 5, breakerOpenMs: 300, timeoutMs: 300, maxRetryAfterMs: 3_000 };
let fakes: FakeUpstreams;
afterEach(async () => fakes.close());

async function setup() {
  fakes = await startFakeUpstreams();
  const ol = new OpenLibraryProvider({ baseUrl: fakes.env.OPENLIBRARY_BASE_URL ?? '', coversBaseUrl: fakes.covers.url, userAgent: 'BooksTrack-test (test@example.org)', policy });
  const google = new GoogleBooksProvider({ baseUrl: fakes.env.GOOGLE_BOOKS_BASE_URL ?? '', apiKey: 'k', policy });
  const isbndb = new IsbndbProvider({ baseUrl: fakes.isbndb.url, apiKey: 'fake-isbndb-key', policy, bulk: false });
  return { ol, google, isbndb };
}
const call = (warnings: ProviderWarning[] = []) => ({ signal: new AbortController().signal, onWarning: (w: ProviderWarning) => warnings.push(w) });

async function failure(p: Promise<unknown>): Promise<ProviderUnavailableError> {
  try {
    await p;
  } catch (error: unknown) {
    if (error instanceof ProviderUnavailableError) return error;
    throw error;
  }
  throw new Error('expected a ProviderUnavailableError');
}

describe('provider adapters against the fake upstreams', () => {
  it('OpenLibrary looks up many ISBNs in one call, with the User-Agent it asks for', async () => {
    const { ol } = await setup();
    const found = await ol.lookupIsbns([FIXTURE_ISBNS.everywhere, FIXTURE_ISBNS.openLibraryOnly, FIXTURE_ISBNS.unknown], call());
    expect([...found.keys()].sort()).toEqual([FIXTURE_ISBNS.everywhere, FIXTURE_ISBNS.openLibraryOnly].sort());
    expect(found.get(FIXTURE_ISBNS.openLibraryOnly)).toMatchObject({ title: 'Les ombres errantes', authors: ['Pascal Quignard'], publisher: 'Gallimard', publishedDate: '2002', ids: { goodreads: ['1835483'] } });
    expect(found.get(FIXTURE_ISBNS.everywhere)?.coverUrl).toBe(`${fakes.covers.url}/b/id/8739161-L.jpg?default=false`);
    expect(fakes.openlibrary.calls).toHaveLength(1);
    expect(fakes.openlibrary.calls[0]?.headers['user-agent']).toBe('BooksTrack-test (test@example.org)');
  });

  it('Google and ISBNdb find their books; ISBNdb sends its key in Authorization', async () => {
    const { google, isbndb } = await setup();
    expect((await google.lookupIsbns([FIXTURE_ISBNS.googleOnly], call())).get(FIXTURE_ISBNS.googleOnly)?.title).toBe("Harry Potter à l'école des sorciers");
    expect((await google.lookupIsbns([FIXTURE_ISBNS.unknown], call())).size).toBe(0);
    const book = (await isbndb.lookupIsbns([FIXTURE_ISBNS.isbndbOnly], call())).get(FIXTURE_ISBNS.isbndbOnly);
    expect(book).toMatchObject({ title: 'Children of Time', binding: 'Mass Market Paperback', pageCount: 600 });
    expect(fakes.isbndb.calls[0]?.headers.authorization).toBe('fake-isbndb-key');
  });

  it('a 429 with Retry-After is waited out (and announced), then the call succeeds', async () => {
    const { ol } = await setup();
    fakes.openlibrary.faults.script = [{ status: 429, retryAfter: 1 }];
    const warnings: ProviderWarning[] = [];
    const started = Date.now();
    const found = await ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call(warnings));
    expect(found.size).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(warnings.map((w) => w.code)).toContain('PROVIDER_RATE_LIMITED');
    expect(fakes.openlibrary.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('malformed bodies are provider errors after retries, never "not found"', async () => {
    const { ol } = await setup();
    fakes.openlibrary.faults.script = ['garbage', 'garbage', 'garbage'];
    expect((await failure(ol.search({ title: 'Dune', limit: 5 }, call()))).message).toMatch(/openlibrary: (malformed answer|answered 200 with a body that is not JSON)/);
    expect(fakes.openlibrary.calls).toHaveLength(3);
  });

  it('an upstream that never answers is a provider error once the attempts run out', async () => {
    const { ol } = await setup();
    fakes.openlibrary.faults.script = ['timeout', 'timeout', 'timeout'];
    expect((await failure(ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call()))).message).toMatch(/no answer within 300 ms/);
  });

  it('Google quota answers (400 on a spent keyed quota, 403) mean unavailable and are not retried', async () => {
    const { google } = await setup();
    fakes.googleBooks.quotaExhausted = true;
    const error = await failure(google.lookupIsbns([FIXTURE_ISBNS.googleOnly], call()));
    expect(error.message).toMatch(/refused the request \(400 rateLimitExceeded\)/);
    expect(error.retryable).toBe(true);
    expect(fakes.googleBooks.calls).toHaveLength(1);
  });

  it('the breaker opens after repeated failures, fails fast, and closes once the upstream recovers', async () => {
    const { ol } = await setup();
    fakes.openlibrary.faults.down = true;
    for (let i = 0; i < 3; i++) await failure(ol.search({ title: 'Dune', limit: 5 }, call()));
    const callsWhenOpen = fakes.openlibrary.calls.length;
    expect((await failure(ol.search({ title: 'Dune', limit: 5 }, call()))).message).toMatch(/circuit open/);
    expect(fakes.openlibrary.calls.length).toBe(callsWhenOpen);
    fakes.openlibrary.faults.down = false;
    await new Promise((r) => setTimeout(r, 350));
    expect((await ol.search({ title: 'Dune', limit: 5 }, call())).map((r) => r.title)).toContain('Dune');
    expect(ol.upstream.isOpen).toBe(false);
  });

  it('paces calls to the configured rate', async () => {
    fakes = await startFakeUpstreams();
    const slow = new OpenLibraryProvider({ baseUrl: fakes.openlibrary.url, coversBaseUrl: fakes.covers.url, userAgent: 'ua', policy: { ...policy, requestsPerMinute: 600 } });
    fakes.openlibrary.faults.rateLimit = { perSecond: 10 };
    await Promise.all(Array.from({ length: 15 }, (_, i) => slow.search({ title: `Dune ${i}`, limit: 1 }, call())));
    expect(fakes.openlibrary.maxRequestsPerSecond()).toBeLessThanOrEqual(10);
    expect(fakes.openlibrary.calls.every((c) => c.status === 200)).toBe(true);
  });
});
