import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type TJobEvent } from '../../src/client/index.js';
import type { AppJobCatalog } from '../../src/jobs/catalog.js';
import { appJobRegistry } from '../../src/jobs/registry.js';
import { createBooksTrackApp, type BooksTrackApp } from '../../src/server/app.js';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini } from '../fakes/index.js';
import { testLogger } from '../helpers/job-system.js';
import { scrape, scrapeUntil as scrapeUntilWith, type Scrape } from '../helpers/prometheus.js';
import { followSse } from '../helpers/sse.js';
import { testTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'metrics-token-0123456789';
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The production composition (file database, the app's job kinds, a job worker thread) with `env`. */
async function startApp(env: Record<string, string>): Promise<{ app: BooksTrackApp<AppJobCatalog>; url: string }> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: testTempDir('metrics-'), LOG_LEVEL: 'silent', JOB_WORKERS: '1', ...env });
  const app = createBooksTrackApp({ config, logger: testLogger, registry: appJobRegistry, version: '9.9.9' });
  const url = await app.listen();
  cleanup.push(() => app.close());
  return { app, url };
}

/** Counter movements between two scrapes. */
const delta = (before: Scrape, after: Scrape) => (name: string, labels: Record<string, string> = {}) => after.sum(name, labels) - before.sum(name, labels);

const scrapeUntil = (url: string, done: (s: Scrape) => boolean) => scrapeUntilWith(url, TOKEN, done);

/** The prompt tokens the fake Gemini reports for a call (its usageMetadata), and the output tokens (always 25). */
const promptTokens = (gemini: FakeGemini, from: number) => gemini.calls.slice(from).reduce((n, c) => n + Math.ceil(JSON.stringify(c.body).length / 4), 0);

describe('/metrics', () => {
  it('moves by what an import, a scan, an outage and a refused start did, including what the job worker thread recorded', { timeout: 60_000 }, async () => {
    const books = syntheticCatalogue(24, 31);
    const fakes = await startFakeUpstreams({ catalogue: books });
    cleanup.push(() => fakes.close());
    const gemini = await startFakeGemini();
    cleanup.push(() => gemini.close());
    const { app, url } = await startApp({
      ...fakes.env,
      ENRICH_PROVIDERS: 'openlibrary',
      OPENLIBRARY_REQUESTS_PER_MINUTE: '60000',
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      METRICS_TOKEN: TOKEN,
      RATE_LIMIT_STARTS_PER_MINUTE: '3',
    });
    const metricsUrl = `${url}/metrics`;
    expect(app.metricsUrl).toBeUndefined();

    // Only with the token.
    expect((await fetch(metricsUrl)).status).toBe(401);
    const wrong = await fetch(metricsUrl, { headers: { authorization: 'Bearer not-the-metrics-token' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'UNAUTHORIZED', data: { field: 'Authorization' } });
    expect((await fetch(metricsUrl, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);

    // The job worker thread reports its clients once it has started.
    const s0 = await scrapeUntil(metricsUrl, (s) => s.sum('bookstrack_provider_breakers', { provider: 'openlibrary' }) >= 2);
    expect(s0.sum('bookstrack_info', { version: '9.9.9', role: 'all', database: 'sqlite' })).toBe(1);
    expect(s0.typeOf('bookstrack_jobs_started_total')).toBe('counter');
    expect(s0.typeOf('bookstrack_job_duration_seconds')).toBe('histogram');
    // Node's own: event-loop delay and memory.
    expect(s0.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(s0.sum('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    // One OpenLibrary client on this thread (books.*) and one on the job worker, both closed.
    expect(s0.sum('bookstrack_provider_breakers', { provider: 'openlibrary', state: 'closed' })).toBe(2);
    expect(s0.sum('bookstrack_jobs_started_total', { kind: 'csv-import' })).toBe(0);

    const client = createBooksTrackClient({ url });
    cleanup.push(() => client.close());

    // 1. An import of 12 books OpenLibrary knows, watched over WebSocket.
    const olCalls0 = fakes.openlibrary.calls.length;
    const imported = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books.slice(0, 12)) });
    const events: TJobEvent[] = [];
    for await (const event of client.watchJob(imported.jobId, imported.token)) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: 12 } } });
    const s1 = await scrapeUntil(metricsUrl, (s) => s.sum('bookstrack_jobs_finished_total', { kind: 'csv-import' }) >= 1);
    const d1 = delta(s0, s1);
    expect(d1('bookstrack_jobs_started_total', { kind: 'csv-import' })).toBe(1);
    expect(d1('bookstrack_jobs_finished_total', { kind: 'csv-import', outcome: 'completed' })).toBe(1);
    expect(d1('bookstrack_job_duration_seconds_count', { kind: 'csv-import', outcome: 'completed' })).toBe(1);
    expect(d1('bookstrack_job_queue_seconds_count', { kind: 'csv-import' })).toBe(1);
    expect(d1('bookstrack_items_decided_total', { kind: 'csv-import', status: 'matched' })).toBe(12);
    expect(d1('bookstrack_items_decided_total')).toBe(12);
    const olCalls1 = fakes.openlibrary.calls.length - olCalls0;
    expect(olCalls1).toBeGreaterThan(0);
    expect(d1('bookstrack_provider_requests_total', { provider: 'openlibrary', outcome: 'ok' })).toBe(olCalls1);
    expect(d1('bookstrack_provider_requests_total')).toBe(olCalls1);
    expect(d1('bookstrack_provider_request_duration_seconds_count', { provider: 'openlibrary' })).toBe(olCalls1);
    // Every event of the job was persisted once and sent once to its one subscriber.
    expect(d1('bookstrack_job_events_appended_total')).toBe(events.length);
    expect(d1('bookstrack_job_events_appended_total', { type: 'completed' })).toBe(1);
    expect(d1('bookstrack_stream_frames_sent_total', { transport: 'ws' })).toBe(events.length);
    expect(s1.sum('bookstrack_live_subscribers', { transport: 'ws' })).toBe(0);
    expect(s1.sum('bookstrack_jobs_queued')).toBe(0);
    expect(s1.sum('bookstrack_jobs_running')).toBe(0);

    // 2. A one-photo scan of three books, watched over SSE.
    const gemini0 = gemini.calls.length;
    const shelfBooks = books.slice(12, 15);
    gemini.script({ json: { books: shelfBooks.map((b, i) => ({ title: b.title, author: b.authors[0], isbn: null, format: 'paperback', confidence: 0.95, box: { x: 0.1 + 0.3 * i, y: 0.05, width: 0.2, height: 0.9 } })) } });
    const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 90, b: 30 } } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('photos', new Blob([photo], { type: 'image/jpeg' }), 'shelf.jpg');
    const scanned = (await (await fetch(`${url}/api/v1/scans`, { method: 'POST', body: form })).json()) as { jobId: string; token: string };
    const sse = followSse(`${url}/api/v1/jobs/${scanned.jobId}/stream`, scanned.token);
    cleanup.push(() => sse.close());
    await sse.ended;
    expect(sse.events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: 3 } } });
    const s2 = await scrapeUntil(metricsUrl, (s) => s.sum('bookstrack_jobs_finished_total', { kind: 'shelf-scan' }) >= 1);
    const d2 = delta(s1, s2);
    const geminiCalls = gemini.calls.length - gemini0;
    expect(geminiCalls).toBe(1);
    expect(d2('bookstrack_jobs_started_total', { kind: 'shelf-scan' })).toBe(1);
    expect(d2('bookstrack_jobs_finished_total', { kind: 'shelf-scan', outcome: 'completed' })).toBe(1);
    expect(d2('bookstrack_items_decided_total', { kind: 'shelf-scan', status: 'matched' })).toBe(3);
    expect(d2('bookstrack_provider_requests_total', { provider: 'gemini', outcome: 'ok' })).toBe(1);
    expect(d2('bookstrack_gemini_tokens_total', { type: 'prompt' })).toBe(promptTokens(gemini, gemini0));
    expect(d2('bookstrack_gemini_tokens_total', { type: 'output' })).toBe(25);
    expect(d2('bookstrack_stream_frames_sent_total', { transport: 'sse' })).toBe(sse.events.length);
    expect(s2.sum('bookstrack_live_subscribers', { transport: 'sse' })).toBe(0);

    // 3. OpenLibrary down: every request answers 503, the items are provider_unavailable, the breaker opens.
    fakes.openlibrary.faults.down = true;
    const olCalls2 = fakes.openlibrary.calls.length;
    const outage = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books.slice(15, 24).map((b) => ({ ...b, isbn13: undefined }))) });
    let last: TJobEvent | undefined;
    for await (const event of client.watchJob(outage.jobId, outage.token)) last = event;
    expect(last).toMatchObject({ type: 'completed', summary: { counts: { provider_unavailable: 9 } } });
    const s3 = await scrapeUntil(metricsUrl, (s) => s.sum('bookstrack_jobs_finished_total', { kind: 'csv-import' }) >= 2);
    const d3 = delta(s2, s3);
    const failedCalls = fakes.openlibrary.calls.length - olCalls2;
    expect(failedCalls).toBeGreaterThanOrEqual(5);
    expect(d3('bookstrack_provider_requests_total', { provider: 'openlibrary', outcome: '5xx' })).toBe(failedCalls);
    expect(d3('bookstrack_provider_requests_total')).toBe(failedCalls);
    expect(d3('bookstrack_items_decided_total', { kind: 'csv-import', status: 'provider_unavailable' })).toBe(9);
    expect(d3('bookstrack_items_decided_total', { kind: 'csv-import', status: 'matched' })).toBe(0);
    // Five failures in a row open the worker's breaker; this thread's client made no call and stays closed.
    expect(s3.sum('bookstrack_provider_breakers', { provider: 'openlibrary', state: 'open' })).toBe(1);
    expect(s3.sum('bookstrack_provider_breakers', { provider: 'openlibrary', state: 'closed' })).toBe(1);

    // 4. A fourth start in the minute is over RATE_LIMIT_STARTS_PER_MINUTE=3.
    await expect(client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books.slice(0, 1)) })).rejects.toThrow(/too many job starts/);
    const s4 = await scrape(metricsUrl, TOKEN);
    expect(delta(s3, s4)('bookstrack_rate_limit_refusals_total', { limit: 'starts' })).toBe(1);
    expect(delta(s3, s4)('bookstrack_jobs_started_total')).toBe(0);

    // The README's table names every BooksTrack series this scrape has, and no other.
    const families = [...s4.text.matchAll(/^# TYPE (bookstrack_\w+) /gm)].map((m) => m[1]);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### Metrics'), readme.indexOf('## Enrichment'));
    const documented = new Set([...table.matchAll(/^\| `(bookstrack_\w+)`(?:, `(bookstrack_\w+)`)?/gm)].flatMap((m) => [m[1], m[2]]).filter((n) => n !== undefined));
    expect(families.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...families].sort());
  });

  it('is off by default, and METRICS_PORT serves it on a listener of its own (the main port then has none)', async () => {
    const off = await startApp({ JOB_WORKERS: '0' });
    expect(off.app.metrics).toBeUndefined();
    expect((await fetch(`${off.url}/metrics`)).status).toBe(404);

    const own = await startApp({ JOB_WORKERS: '0', METRICS_PORT: '0' });
    expect(own.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(`${own.url}/metrics`)).status).toBe(404);
    const s = await scrape(own.app.metricsUrl ?? '');
    expect(s.sum('bookstrack_info', { role: 'all' })).toBe(1);
    expect((await fetch(own.app.metricsUrl?.replace('/metrics', '/healthz') ?? '')).status).toBe(404);

    const both = await startApp({ JOB_WORKERS: '0', METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    expect((await fetch(both.app.metricsUrl ?? '')).status).toBe(401);
    expect((await scrape(both.app.metricsUrl ?? '', TOKEN)).has('bookstrack_jobs_started_total')).toBe(true);
    expect((await scrape(`${both.url}/metrics`, TOKEN)).has('bookstrack_jobs_started_total')).toBe(true);
  });

  it('refuses a METRICS_PORT equal to PORT and a short METRICS_TOKEN', () => {
    expect(() => parseConfig({ PORT: '9100', METRICS_PORT: '9100' })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
