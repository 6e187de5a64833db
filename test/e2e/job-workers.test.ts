import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type TJobEvent } from '../../src/client/index.js';
import type { AppJobCatalog } from '../../src/jobs/catalog.js';
import { appJobRegistry } from '../../src/jobs/registry.js';
import { createBooksTrackApp, type BooksTrackApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { shareOfRates, WorkerPool } from '../../src/server/workers/worker-pool.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { range } from '../helpers/events.js';
import { testLogger } from '../helpers/job-system.js';
import { testTempDir } from '../helpers/temp-dir.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The production composition (file database, the app's job kinds, providers from the config) with job workers. */
async function startWithWorkers(fakes: FakeUpstreams): Promise<{ app: BooksTrackApp<AppJobCatalog>; url: string }> {
  const dataDir = testTempDir('workers-');
  const config = parseConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOB_WORKERS: '1', ENRICH_PROVIDERS: 'openlibrary', ...fakes.env, OPENLIBRARY_REQUESTS_PER_MINUTE: '60000' });
  const app = createBooksTrackApp({ config, logger: testLogger, registry: appJobRegistry });
  const url = await app.listen();
  cleanup.push(() => app.close());
  return { app, url };
}

describe('job workers (handlers off the serving thread)', () => {
  it('runs an import on a worker thread and streams its events, contiguous, to a WebSocket client', async () => {
    const books = syntheticCatalogue(300, 8);
    const fakes = await startFakeUpstreams({ catalogue: books });
    cleanup.push(() => fakes.close());
    const { app, url } = await startWithWorkers(fakes);
    expect(app.jobs.executor).toBeInstanceOf(WorkerPool);
    const client = createBooksTrackClient({ url });
    cleanup.push(() => client.close());
    const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books) });
    const events: TJobEvent[] = [];
    for await (const event of client.watchJob(jobId, token)) events.push(event);
    expect(events.map((e) => e.seq)).toEqual(range(1, events.length));
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { itemCount: 300, counts: { matched: 300 } } });
    // The serving thread's own runner never ran it.
    expect(app.jobs.runner.activeCount()).toBe(0);
    expect(fakes.openlibrary.calls.length).toBeGreaterThan(0);
  });

  it('cancels a job running on a worker within a second', async () => {
    const books = syntheticCatalogue(20, 9);
    const fakes = await startFakeUpstreams({ catalogue: books });
    cleanup.push(() => fakes.close());
    fakes.openlibrary.faults.latencyMs = 8_000;
    const { url } = await startWithWorkers(fakes);
    const client = createBooksTrackClient({ url });
    cleanup.push(() => client.close());
    const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books) });
    const events: TJobEvent[] = [];
    let canceledAt = 0;
    for await (const event of client.watchJob(jobId, token)) {
      events.push(event);
      if (event.type === 'phase' && event.phase === 'enriching' && canceledAt === 0) {
        canceledAt = Date.now();
        await client.trpc.jobs.cancel.mutate({ jobId }, { context: { token } });
      }
    }
    expect(events.at(-1)?.type).toBe('canceled');
    expect(Date.now() - canceledAt).toBeLessThan(1_500);
  });
});

describe('shareOfRates', () => {
  it("gives each of several workers its share of every provider's rate, never less than 1 a minute", () => {
    const config = parseConfig({ OPENLIBRARY_REQUESTS_PER_MINUTE: '180', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60', ISBNDB_REQUESTS_PER_MINUTE: '1' });
    expect(shareOfRates(config, 1)).toMatchObject({ OPENLIBRARY_REQUESTS_PER_MINUTE: 180, GOOGLE_BOOKS_REQUESTS_PER_MINUTE: 60, ISBNDB_REQUESTS_PER_MINUTE: 1 });
    expect(shareOfRates(config, 4)).toMatchObject({ OPENLIBRARY_REQUESTS_PER_MINUTE: 45, GOOGLE_BOOKS_REQUESTS_PER_MINUTE: 15, ISBNDB_REQUESTS_PER_MINUTE: 1 });
  });
});
