import { afterEach, describe, expect, it } from 'vitest';
import type { TItemStatus } from '../../src/contract/job-status.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startEnrichmentHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { terminalOf } from '../helpers/events.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const statusesOf = (items: readonly { status: TItemStatus }[]) => {
  const counts: Partial<Record<TItemStatus, number>> = {};
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return counts;
};

/**
 * Faults suite: every provider fails 30 % of requests at random (429 with Retry-After, 500, 503,
 * timeouts, garbage bodies). Every book of the file exists at the providers, so a `not_found` would
 * be an outage mistaken for an answer.
 */
describe('faults: providers failing 30 % of requests', () => {
  it('with retries and three providers, an import ends with every book found and none mistaken for not_found', { timeout: 60_000 }, async () => {
    const catalogue = syntheticCatalogue(120, 7, { openlibrary: true, googleBooks: true, isbndb: true });
    h = await startEnrichmentHarness({ catalogue, env: { PROVIDER_TIMEOUT_MS: '300' }, policy: { timeoutMs: 300, breakerThreshold: 50, maxRetryAfterMs: 1_500 } });
    for (const fake of [h.fakes.openlibrary, h.fakes.googleBooks, h.fakes.isbndb]) fake.faults.failRate = 0.3;
    const rows = catalogue.map((b, i) => (i % 2 === 0 ? b : { ...b, isbn13: undefined }));
    const started = await h.caller.imports.startCsv({ csv: goodreadsCsv(rows) });
    expect(terminalOf(await h.events(started.jobId, started.token, 50_000))?.type).toBe('completed');
    const statuses = statusesOf(await h.results(started.jobId, started.token));
    expect(statuses.not_found ?? 0).toBe(0);
    expect((statuses.matched ?? 0) + (statuses.provider_unavailable ?? 0)).toBe(120);
    const faults = h.fakes.all().flatMap((f) => f.calls).filter((c) => c.status !== 200).length;
    expect(faults).toBeGreaterThan(10);
  });

  it('failures that survive land as provider_unavailable (never not_found), and retryFailed completes them once the fakes recover', { timeout: 60_000 }, async () => {
    const catalogue = syntheticCatalogue(120, 7, { openlibrary: true, googleBooks: true, isbndb: true });
    // One provider and one attempt per call, so the faults reach the items.
    h = await startEnrichmentHarness({ catalogue, env: { ENRICH_PROVIDERS: 'openlibrary', PROVIDER_TIMEOUT_MS: '300' }, policy: { timeoutMs: 300, maxAttempts: 1, breakerThreshold: 50 } });
    h.fakes.openlibrary.faults.failRate = 0.3;
    // Half the rows carry their ISBN, half only title and author (searches).
    const rows = catalogue.map((b, i) => (i % 2 === 0 ? b : { ...b, isbn13: undefined }));
    const started = await h.caller.imports.startCsv({ csv: goodreadsCsv(rows) });
    const first = await h.events(started.jobId, started.token, 50_000);
    expect(terminalOf(first)?.type).toBe('completed');
    const before = statusesOf(await h.results(started.jobId, started.token));
    expect(before.not_found ?? 0).toBe(0);
    expect(before.needs_review ?? 0).toBe(0);
    expect((before.matched ?? 0) + (before.provider_unavailable ?? 0)).toBe(120);
    expect(before.provider_unavailable ?? 0).toBeGreaterThan(0);

    for (const fake of h.fakes.all()) fake.faults.failRate = 0;
    await new Promise((r) => setTimeout(r, 400)); // breakers' open period in tests
    const reader = h.reader(started.token);
    const { retriedItems } = await reader.jobs.retryFailed({ jobId: started.jobId });
    expect(retriedItems).toBe(before.provider_unavailable);
    const again = await h.events(started.jobId, started.token, 50_000);
    expect(terminalOf(again)).toMatchObject({ type: 'completed', summary: { counts: { matched: 120 } } });
  });
});
