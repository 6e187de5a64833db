import { describe, expect, it } from 'vitest';
import type { TEnrichmentOutcome, TMetadataProvider } from '../../src/contract/books.js';
import { createTestStore } from '../helpers/job-system.js';
import { CachedLookups } from '../../src/jobs/enrichment/cached-lookups.js';
import { estimateRemaining, waitingMessage, type StageLoad } from '../../src/jobs/enrichment/pipeline/estimate.js';
import { LookupPipeline } from '../../src/jobs/enrichment/pipeline/lookup-pipeline.js';
import type { BookProvider, ProviderCall, ProviderRecord } from '../../src/providers/types.js';

/** An in-memory provider at a given pace, knowing the ISBNs given, logging each call in order. */
function provider(name: TMetadataProvider, knows: readonly string[], log: string[], pace = { requestsPerMinute: 1_200, concurrency: 1 }): BookProvider {
  const record = (isbn: string): ProviderRecord => ({ provider: name, id: isbn, title: `Book ${isbn}`, authors: ['Ann Author'], isbn13s: [isbn], subjects: [], ids: {} });
  return {
    name,
    isbnBatchSize: 1,
    pace,
    lookupIsbns(isbns: readonly string[], call: ProviderCall) {
      call.onRequestSent?.(name);
      log.push(`${name}:${isbns.join('+')}`);
      return Promise.resolve(new Map(isbns.filter((i) => knows.includes(i)).map((i) => [i, record(i)])));
    },
    search(_query, call: ProviderCall) {
      call.onRequestSent?.(name);
      log.push(`${name}:search`);
      return Promise.resolve([]);
    },
  };
}

const isbns = Array.from({ length: 6 }, (_, i) => `97800000000${String(i).padStart(2, '0')}`);
const lookups = () => new CachedLookups(createTestStore().store.cache, Date.now);

describe('LookupPipeline', () => {
  it('passes what one provider misses to the next while the first goes on, each at its own pace', async () => {
    const log: string[] = [];
    const outcomes = new Map<number, TEnrichmentOutcome>();
    const call: ProviderCall = { signal: new AbortController().signal };
    const pipeline = new LookupPipeline([provider('openlibrary', [], log), provider('google-books', isbns, log)], lookups(), call, 5, (index, outcome) => outcomes.set(index, outcome));
    await pipeline.add(isbns.map((isbn13, index) => ({ index, isbn13, title: `Book ${isbn13}`, author: 'Ann Author' })));
    await pipeline.settled();
    pipeline.close();
    expect([...outcomes.values()].map((o) => o.status)).toEqual(isbns.map(() => 'matched'));
    // One after the other would be six OpenLibrary calls, then six Google calls.
    const firstGoogle = log.findIndex((l) => l.startsWith('google-books'));
    const lastOpenLibrary = log.findLastIndex((l) => l.startsWith('openlibrary'));
    expect(firstGoogle).toBeLessThan(lastOpenLibrary);
    expect(pipeline.requestsSent).toBe(12);
  });

  it('asks a provider once for an ISBN that several rows share, and answers from the cache after', async () => {
    const log: string[] = [];
    const cache = lookups();
    const call: ProviderCall = { signal: new AbortController().signal };
    const outcomes: number[] = [];
    const make = () => new LookupPipeline([provider('openlibrary', isbns, log)], cache, call, 5, (index) => outcomes.push(index));
    const first = make();
    await first.add([0, 1, 2].map((index) => ({ index, isbn13: isbns[0] ?? '', title: `Book ${isbns[0] ?? ''}` })));
    await first.settled();
    const second = make();
    await second.add([{ index: 3, isbn13: isbns[0] ?? '' }]);
    await second.settled();
    expect(log).toEqual([`openlibrary:${isbns[0] ?? ''}`]);
    expect(outcomes.sort()).toEqual([0, 1, 2, 3]);
    expect(second.requestsSent).toBe(0);
  });

  it('rejects settled() when the job is aborted, and sends nothing more', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const slow = provider('openlibrary', [], log, { requestsPerMinute: 60, concurrency: 1 });
    const pipeline = new LookupPipeline([slow], lookups(), { signal: controller.signal }, 5, () => undefined);
    await pipeline.add(isbns.map((isbn13, index) => ({ index, isbn13 })));
    const settled = pipeline.settled();
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error('canceled'));
    await expect(settled).rejects.toThrow('canceled');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(log).toHaveLength(1);
  });
});

describe('estimateRemaining', () => {
  const stage = (provider: TMetadataProvider, kind: 'isbn' | 'search', waiting: number, answered = 0, passedOn = 0, perCall = 1): StageLoad => ({ provider, kind, waiting, answered, passedOn, perCall });
  const lanes = [
    { provider: 'openlibrary' as const, intervalMs: 350, requestsPerMinute: 180 },
    { provider: 'google-books' as const, intervalMs: 1_050, requestsPerMinute: 60 },
  ];

  it('counts the calls each provider still owes, passing items on in the proportion seen so far', () => {
    // 100 ISBNs at OpenLibrary (2 bulk calls); it passed on 1 in 4 of the 98 it answered, so about
    // a quarter of the 100 reach Google Books' ISBN stage, which also has 10 waiting.
    const estimate = estimateRemaining([stage('openlibrary', 'isbn', 100, 98, 24, 50), stage('google-books', 'isbn', 10), stage('openlibrary', 'search', 0, 0, 0), stage('google-books', 'search', 0)], lanes);
    expect(estimate.calls['openlibrary']).toBe(2 + Math.ceil(((100 * 25) / 100 + 10) / 2));
    expect(estimate.calls['google-books']).toBeGreaterThanOrEqual(35);
    expect(estimate.busiest).toBe('google-books');
    expect(estimate.etaMs).toBe((estimate.calls['google-books'] ?? 0) * 1_050);
    expect(waitingMessage(estimate, lanes)).toBe(`waiting for Google Books: 60 requests a minute, about ${estimate.calls['google-books'] ?? 0} calls to go`);
  });

  it('says nothing is left when nothing waits', () => {
    const estimate = estimateRemaining([stage('openlibrary', 'isbn', 0, 10, 3, 50), stage('google-books', 'search', 0)], lanes);
    expect(estimate).toEqual({ calls: { openlibrary: 0, 'google-books': 0 }, etaMs: 0, busiest: undefined });
    expect(waitingMessage(estimate, lanes)).toBeUndefined();
  });
});
