import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEnrichmentOutcome } from '../../src/contract/books.js';
import { FIXTURE_ISBNS, syntheticCatalogue } from '../fakes/catalogue.js';
import { startEnrichmentHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { range, terminalOf } from '../helpers/events.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const outcome = (result: unknown) => result as TEnrichmentOutcome;

async function rejection(p: Promise<unknown>): Promise<{ code: string; appCode: unknown; field: unknown }> {
  try {
    await p;
  } catch (error: unknown) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown; field?: unknown; issues?: { path: PropertyKey[] }[] } | undefined;
    return { code: error.code, appCode: cause?.code, field: cause?.field ?? cause?.issues?.[0]?.path.join('.') };
  }
  throw new Error('expected the call to fail');
}

describe('enrichment.start (router, fresh in-memory database, fake upstreams)', () => {
  it('falls back provider by provider, merges, and streams per-item progress', async () => {
    h = await startEnrichmentHarness();
    const books = [
      { title: 'This Is How You Lose the Time War', author: 'El-Mohtar, Amal', isbn: FIXTURE_ISBNS.everywhere },
      { title: "Harry Potter à l'école des sorciers", author: 'J.K. Rowling', isbn: '2-07-054127-4' },
      { title: 'Children of Time', author: 'Adrian Tchaikovsky', isbn: FIXTURE_ISBNS.isbndbOnly },
      { title: 'Maximum Harm: The Tsarnaev Brothers, the FBI, and the Road to the Marathon Bombing', author: 'McPhee, Michele R.' },
      { title: 'A Book Nobody Has Written', author: 'Nobody At All' },
    ];
    const { jobId, token } = await h.caller.enrichment.start({ books });
    const events = await h.events(jobId, token);
    expect(events.map((e) => e.seq)).toEqual(range(1, events.length));
    expect(terminalOf(events)).toMatchObject({ type: 'completed', summary: { counts: { matched: 4, not_found: 1 } } });
    // Outcomes settled together (a bulk ISBN answer) are written and reported together, naming one of them.
    const progress = events.filter((e): e is Extract<typeof e, { type: 'progress' }> => e.type === 'progress' && e.phase === 'enriching');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // The first is said before any lookup answers: how much there is and an estimate.
    expect(progress[0]).toMatchObject({ done: 0, total: 5, etaSeconds: expect.any(Number) as number });
    for (const p of progress.slice(1)) expect(books.map((b) => b.title)).toContain(p.currentItem);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5 });

    const items = await h.results(jobId, token);
    const [timeWar, potter, children, harm, nobody] = items.map((i) => outcome(i.result));
    // OpenLibrary found it first: the job stops there for ISBN hits (upstream calls stay bounded).
    expect(timeWar).toMatchObject({ status: 'matched', match: { matchedBy: 'isbn', providers: ['openlibrary'] } });
    expect(potter).toMatchObject({ status: 'matched', match: { providers: ['google-books'], edition: { isbn: FIXTURE_ISBNS.googleOnly, pageCount: 232 } } });
    expect(children).toMatchObject({ status: 'matched', match: { providers: ['isbndb'], edition: { format: 'Mass Market', pageCount: 600 } } });
    expect(harm).toMatchObject({ status: 'matched', match: { matchedBy: 'search', providers: ['openlibrary'] } });
    expect(nobody).toMatchObject({ status: 'not_found', match: null, unavailable: [] });
    // The Google-only ISBN was asked of OpenLibrary first, in the same bulk call as the others.
    expect(h.fakes.openlibrary.calls.filter((c) => c.path === '/api/books')).toHaveLength(1);
    expect(items.map((i) => i.input)).toEqual(books.map((b) => ({ ...b, ...(b.isbn ? { isbn: b.isbn === '2-07-054127-4' ? FIXTURE_ISBNS.googleOnly : b.isbn } : {}) })));
  });

  it('keeps "provider down" apart from "not found", and retryFailed completes the items once it is back', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    h.fakes.openlibrary.faults.down = true;
    const books = [{ title: 'Dune', author: 'Frank Herbert', isbn: '9780441172719' }, { title: 'Dune Messiah', author: 'Frank Herbert' }];
    const { jobId, token } = await h.caller.enrichment.start({ books });
    const events = await h.events(jobId, token);
    expect(terminalOf(events)).toMatchObject({ type: 'completed', summary: { counts: { provider_unavailable: 2 } } });
    const items = await h.results(jobId, token);
    expect(items.map((i) => [i.status, i.error?.code])).toEqual([['provider_unavailable', 'PROVIDER_UNAVAILABLE'], ['provider_unavailable', 'PROVIDER_UNAVAILABLE']]);
    expect(events.flatMap((e) => (e.type === 'item' ? [e.reason] : []))).toEqual(['provider unavailable: openlibrary', 'provider unavailable: openlibrary']);

    h.fakes.openlibrary.faults.down = false;
    await new Promise((r) => setTimeout(r, 350)); // the breaker's open period
    const reader = h.reader(token);
    expect((await reader.jobs.retryFailed({ jobId })).retriedItems).toBe(2);
    const again = await h.events(jobId, token);
    expect(terminalOf(again)).toMatchObject({ type: 'completed', summary: { counts: { matched: 2 } } });
    expect((await h.results(jobId, token)).map((i) => outcome(i.result).match?.work.title)).toEqual(['Dune', 'Dune Messiah']);
  });

  it('a 429 waits and then succeeds without failing the item, with a warning on the stream', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    h.fakes.openlibrary.faults.script = [{ status: 429, retryAfter: 1 }];
    const { jobId, token } = await h.caller.enrichment.start({ books: [{ title: 'Dune', isbn: '9780441172719' }] });
    const events = await h.events(jobId, token);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'PROVIDER_RATE_LIMITED', retryInMs: 1000 });
    expect(terminalOf(events)).toMatchObject({ type: 'completed', summary: { counts: { matched: 1 } } });
  });

  it('a malformed upstream body is a provider error for the item, never a crash', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    h.fakes.openlibrary.faults.script = Array.from({ length: 6 }, () => 'garbage' as const);
    const { jobId, token } = await h.caller.enrichment.start({ books: [{ title: 'Dune', isbn: '9780441172719' }] });
    expect(terminalOf(await h.events(jobId, token))).toMatchObject({ type: 'completed', summary: { counts: { provider_unavailable: 1 } } });
  });

  it('1,000 ISBNs cost a handful of bulk calls, and a second job is served from the cache', async () => {
    const catalogue = syntheticCatalogue(1000);
    h = await startEnrichmentHarness({ catalogue, env: { ENRICH_PROVIDERS: 'openlibrary,google-books' } });
    const books = catalogue.map((b) => ({ title: b.title, author: b.authors[0] ?? '', isbn: b.isbn13 ?? '' }));
    const first = await h.caller.enrichment.start({ books });
    expect(terminalOf(await h.events(first.jobId, first.token))).toMatchObject({ type: 'completed', summary: { counts: { matched: 1000 }, details: { upstreamCalls: 20 } } });
    expect(h.fakes.openlibrary.calls).toHaveLength(20);
    expect(h.fakes.googleBooks.calls).toHaveLength(0);
    const second = await h.caller.enrichment.start({ books: books.slice(0, 10) });
    expect(terminalOf(await h.events(second.jobId, second.token))).toMatchObject({ type: 'completed', summary: { counts: { matched: 10 }, details: { upstreamCalls: 0 } } });
    expect(h.fakes.openlibrary.calls).toHaveLength(20);
  });

  it('rejects bad input with the field and index at fault', async () => {
    h = await startEnrichmentHarness();
    expect(await rejection(h.caller.enrichment.start({ books: [] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'books' });
    const books = [{ title: 'Dune' }, { title: 'Dune', isbn: '9780441172718' }];
    expect(await rejection(h.caller.enrichment.start({ books }))).toMatchObject({ code: 'BAD_REQUEST', field: 'books.1.isbn' });
    expect(await rejection(h.caller.enrichment.start({ books: [{ title: 'x'.repeat(501) }] }))).toMatchObject({ field: 'books.0.title' });
    // A NUL character, which PostgreSQL cannot store: a 400 naming the field, on every store.
    expect(await rejection(h.caller.enrichment.start({ books: [{ title: 'Dune', author: 'Frank\u0000Herbert' }] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'books.0.author' });
    const many = Array.from({ length: 1001 }, () => ({ title: 'Dune' }));
    expect(await rejection(h.caller.enrichment.start({ books: many }))).toMatchObject({ field: 'books' });
  });
});

describe('books.lookupIsbn and books.search', () => {
  it('merges every provider that knows the ISBN, field by field, and serves repeats from the cache', async () => {
    h = await startEnrichmentHarness();
    const record = await h.caller.books.lookupIsbn({ isbn: '978-1-5344-3100-3' });
    expect(record).toMatchObject({
      providers: ['openlibrary', 'google-books', 'isbndb'],
      work: { title: 'This Is How You Lose the Time War', subjectTags: ['Science Fiction'] },
      edition: { isbn: FIXTURE_ISBNS.everywhere, pageCount: 208, format: 'Hardcover', coverImageURL: `${h.fakes.covers.url}/b/id/8739161-L.jpg?default=false` },
      provenance: { 'work.description': 'google-books', 'edition.pageCount': 'google-books', 'edition.coverImageURL': 'openlibrary', 'edition.format': 'isbndb' },
    });
    const calls = () => h?.fakes.all().reduce((n, f) => n + f.calls.length, 0);
    const before = calls();
    expect(await h.caller.books.lookupIsbn({ isbn: FIXTURE_ISBNS.everywhere })).toEqual(record);
    expect(calls()).toBe(before);
    expect(await h.caller.books.lookupIsbn({ isbn: FIXTURE_ISBNS.unknown })).toBeNull();
  });

  it('answers 503 rather than null when the providers that might know are down', async () => {
    h = await startEnrichmentHarness();
    for (const fake of h.fakes.all()) fake.faults.down = true;
    expect(await rejection(h.caller.books.lookupIsbn({ isbn: FIXTURE_ISBNS.unknown }))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', appCode: 'PROVIDER_UNAVAILABLE' });
    expect(await rejection(h.caller.books.lookupIsbn({ isbn: '9780441172718' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'isbn' });
  });

  it('ranks search candidates, the right book first, the sequel below it', async () => {
    h = await startEnrichmentHarness();
    const { candidates, unavailable } = await h.caller.books.search({ title: 'Dune', author: 'Frank Herbert' });
    expect(unavailable).toEqual([]);
    expect(candidates.map((c) => c.work.title)).toEqual(['Dune', 'Dune Messiah']);
    expect(candidates[0]?.providers).toEqual(['openlibrary', 'google-books']);
    expect(candidates[0]?.score).toBe(1);
    expect(candidates[1]?.score).toBeLessThan(0.8);
  });
});
