import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { syntheticCatalogue, type FakeBook } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startEnrichmentHarness, type EnrichmentHarness, type HarnessOptions } from '../helpers/enrichment-harness.js';
import { terminalOf } from '../helpers/events.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Progress = Extract<TJobEvent, { type: 'progress' }>;
const csvOf = (books: readonly FakeBook[]) => ({ csvBase64: Buffer.from(goodreadsCsv(books)).toString('base64'), filename: 'goodreads_library_export.csv' });

/** Starts an import and follows it live, noting when each event arrived (performance.now()). */
async function importTimed(harness: EnrichmentHarness, books: readonly FakeBook[]) {
  const started = await harness.caller.imports.startCsv(csvOf(books));
  const arrivals: number[] = [];
  const unsubscribe = harness.system.bus.subscribe(started.jobId, () => arrivals.push(performance.now()));
  const t0 = performance.now();
  const events = await harness.events(started.jobId, started.token, 60_000);
  unsubscribe();
  const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
  return { ...started, events, terminal: terminalOf(events), wallMs: performance.now() - t0, longestGapMs: Math.max(0, ...gaps) };
}

async function harness(opts: HarnessOptions): Promise<EnrichmentHarness> {
  h = await startEnrichmentHarness(opts);
  return h;
}

describe('imports at the providers’ real pace', () => {
  it('completes an import that runs many stall periods long, because it keeps progressing', async () => {
    // Google Books only, 600 a minute: 20 ISBN lookups take about two seconds, five stall periods.
    const books = syntheticCatalogue(20, 3, { openlibrary: false, googleBooks: true });
    const run = await importTimed(await harness({ catalogue: books, env: { ENRICH_PROVIDERS: 'openlibrary,google-books', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '600' }, jobOptions: { stallTimeoutMs: 400 } }), books);
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 20 } } });
    expect(run.wallMs).toBeGreaterThan(1_600);
  });

  it('ends a stalled import retryable with its unfinished rows pending, and retryFailed finishes them', async () => {
    const books = syntheticCatalogue(6, 4);
    const hh = await harness({ catalogue: books, env: { ENRICH_PROVIDERS: 'openlibrary' }, policy: { timeoutMs: 20_000 }, jobOptions: { stallTimeoutMs: 300 } });
    hh.fakes.openlibrary.faults.latencyMs = 5_000;
    const stalled = await importTimed(hh, books);
    expect(stalled.terminal).toMatchObject({ type: 'failed', error: { code: 'JOB_TIMEOUT', retryable: true } });
    expect((await hh.system.queries.snapshot(stalled.jobId)).counts).toEqual({ pending: 6 });

    hh.fakes.openlibrary.faults.latencyMs = 0;
    await hh.reader(stalled.token).jobs.retryFailed({ jobId: stalled.jobId });
    const again = await hh.events(stalled.jobId, stalled.token);
    expect(terminalOf(again)).toMatchObject({ type: 'completed', summary: { counts: { matched: 6 } } });
    const snapshot = await hh.system.queries.snapshot(stalled.jobId);
    expect(snapshot.counts.pending).toBeUndefined();
    // A snapshot's phase and its progress's phase agree (the finalizing phase has no progress).
    expect(snapshot.phase).toBe('finalizing');
    expect(snapshot.progress?.phase ?? 'finalizing').toBe(snapshot.phase);
  });

  it('keeps talking while it waits on a rate limit: what it waits for, an estimate, and no gap over the heartbeat', async () => {
    // 40 a minute: one lookup settles every 1.6 s; the heartbeat speaks every 200 ms meanwhile.
    const books = syntheticCatalogue(3, 5, { openlibrary: false, googleBooks: true });
    const run = await importTimed(
      await harness({ catalogue: books, env: { ENRICH_PROVIDERS: 'openlibrary,google-books', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '40' }, jobOptions: { progressHeartbeatMs: 200 } }),
      books,
    );
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 3 } } });
    expect(run.wallMs).toBeGreaterThan(3_000);
    expect(run.longestGapMs).toBeLessThan(800);
    const enriching = run.events.filter((e): e is Progress => e.type === 'progress' && e.phase === 'enriching');
    const waiting = enriching.filter((e) => /^waiting for Google Books: 40 requests a minute, about \d+ calls? to go$/.test(e.message ?? ''));
    expect(waiting.length).toBeGreaterThan(5);
    expect(enriching[0]?.etaSeconds).toBeGreaterThanOrEqual(3);
    expect(enriching.at(-1)).toMatchObject({ done: 3, total: 3, etaSeconds: 0 });
  });

  it('counts every request sent, retries included, and says what was looked up for a book nobody knows', async () => {
    const books = [...syntheticCatalogue(1, 6), { ...syntheticCatalogue(1, 7)[0], title: 'A Book Nobody Has Written', in: { openlibrary: false, googleBooks: false, isbndb: false } } as FakeBook];
    const hh = await harness({ catalogue: books, env: { ENRICH_PROVIDERS: 'openlibrary' } });
    hh.fakes.openlibrary.faults.script = [{ status: 500 }];
    const run = await importTimed(hh, books);
    const calls = hh.fakes.openlibrary.calls.length;
    // The bulk ISBN call twice (a 500, then the answer) and one search for the unknown book.
    expect(calls).toBe(3);
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 1, not_found: 1 }, details: { upstreamCalls: calls } } });
    const notFound = run.events.find((e) => e.type === 'item' && e.status === 'not_found');
    const unknown = books[1];
    expect(notFound).toMatchObject({ reason: `no match for ISBN ${unknown?.isbn13 ?? ''}, or title "A Book Nobody Has Written" and author "${unknown?.authors[0] ?? ''}" at OpenLibrary` });
  });
});
