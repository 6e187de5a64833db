import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type TJobEvent } from '../../src/client/index.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeUpstreams } from '../fakes/index.js';
import { killChildren, startChild, within } from '../helpers/child-process.js';
import { range, seqs } from '../helpers/events.js';
import { scrape, scrapeUntil } from '../helpers/prometheus.js';
import { testTempDir } from '../helpers/temp-dir.js';

const children: ChildProcess[] = [];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killChildren(children);
  for (const step of cleanup.splice(0).reverse()) await step();
});

const SCRIPT = 'test/helpers/child-production-server.ts';
const METRICS_TOKEN = 'roles-metrics-token-0123';

describe('an api process and a worker process on one database file', () => {
  it('the api starts and streams jobs the worker runs: every event once, cancel within 2 s; the worker answers only health and metrics', { timeout: 90_000 }, async () => {
    const books = syntheticCatalogue(60, 21);
    const fakes = await startFakeUpstreams({ catalogue: books });
    cleanup.push(() => fakes.close());
    const env = { ...fakes.env, DATA_DIR: testTempDir('roles-'), ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '6000', EVENT_POLL_MS: '100', PROGRESS_HEARTBEAT_MS: '200', STALL_AFTER_MS: '800', METRICS_TOKEN: METRICS_TOKEN };
    const api = await startChild({ ...env, BOOKSTRACK_ROLE: 'api' }, children, SCRIPT);
    const client = createBooksTrackClient({ url: api.url });
    cleanup.push(() => client.close());
    const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books) });
    // The api process runs nothing: with no worker yet, the job waits, and says why; readiness is degraded.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await client.trpc.jobs.get.query({ jobId }, { context: { token } })).toMatchObject({ status: 'queued', stalled: { reason: 'no_worker' } });
    const degraded = await fetch(`${api.url}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: 'degraded', checks: { database: 'ok', queue: expect.stringMatching(/^no worker is taking jobs: 1 queued/) as unknown } });
    // Its metrics say so too: one import queued, stalled for want of a worker.
    const waiting = await scrape(`${api.url}/metrics`, METRICS_TOKEN);
    expect(waiting.sum('bookstrack_info', { role: 'api' })).toBe(1);
    expect(waiting.sum('bookstrack_jobs_queued', { kind: 'csv-import' })).toBe(1);
    expect(waiting.sum('bookstrack_jobs_stalled', { reason: 'no_worker' })).toBe(1);
    expect(waiting.sum('bookstrack_jobs_started_total', { kind: 'csv-import' })).toBe(1);

    const worker = await startChild({ ...env, BOOKSTRACK_ROLE: 'worker' }, children, SCRIPT);
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    // Once the worker runs it, the api is plainly ready again.
    await within(
      (async () => {
        while (((await (await fetch(`${api.url}/readyz`)).json()) as { status: string }).status !== 'ready') await new Promise((r) => setTimeout(r, 100));
      })(),
      10_000,
      () => 'the api stayed degraded with a worker running',
    );
    const refused = await fetch(`${worker.url}/api/openapi.json`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('worker process');

    const events: TJobEvent[] = [];
    await within(
      (async () => {
        for await (const event of client.watchJob(jobId, token)) events.push(event);
      })(),
      30_000,
      () => `the import did not end; got ${events.map((e) => `${e.seq}:${e.type}`).join(' ')}`,
    );
    expect(seqs(events)).toEqual(range(1, events.length));
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: 60 } } });
    // Each process counts what it did: the api started the job, the worker ran it and called OpenLibrary.
    const workerMetrics = await scrapeUntil(`${worker.url}/metrics`, METRICS_TOKEN, (s) => s.sum('bookstrack_jobs_finished_total') >= 1);
    const apiMetrics = await scrape(`${api.url}/metrics`, METRICS_TOKEN);
    expect(apiMetrics.sum('bookstrack_jobs_finished_total')).toBe(0);
    expect(apiMetrics.sum('bookstrack_jobs_stalled')).toBe(0);
    expect(workerMetrics.sum('bookstrack_info', { role: 'worker' })).toBe(1);
    expect(workerMetrics.sum('bookstrack_jobs_started_total')).toBe(0);
    expect(workerMetrics.sum('bookstrack_jobs_finished_total', { kind: 'csv-import', outcome: 'completed' })).toBe(1);
    expect(workerMetrics.sum('bookstrack_items_decided_total', { kind: 'csv-import', status: 'matched' })).toBe(60);
    expect(workerMetrics.sum('bookstrack_provider_requests_total', { provider: 'openlibrary', outcome: 'ok' })).toBe(fakes.openlibrary.calls.length);

    // Cancel through the api reaches the worker running the job.
    fakes.openlibrary.faults.latencyMs = 300;
    const slow = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(syntheticCatalogue(200, 22).map((b) => ({ ...b, isbn13: undefined }))) });
    const running = client.watchJob(slow.jobId, slow.token);
    for await (const event of running) if (event.type === 'phase' && event.phase === 'enriching') break;
    const asked = Date.now();
    await client.trpc.jobs.cancel.mutate({ jobId: slow.jobId }, { context: { token: slow.token } });
    let last: TJobEvent | undefined;
    await within(
      (async () => {
        for await (const event of client.watchJob(slow.jobId, slow.token)) last = event;
      })(),
      10_000,
      () => 'the canceled job did not end',
    );
    // Asked of the api, seen by the worker at its next poll, its terminal event back through the api's log poll.
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(last?.type).toBe('canceled');
    expect((await client.trpc.jobs.get.query({ jobId: slow.jobId }, { context: { token: slow.token } })).status).toBe('canceled');
  });
});
