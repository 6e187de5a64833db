import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type BooksTrackClient, type TJobEvent } from '../../src/client/index.js';
import { syntheticCatalogue, type FakeBook } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeGemini, startFakeUpstreams } from '../fakes/index.js';
import { killChildren, startChild, within } from '../helpers/child-process.js';
import { range, seqs } from '../helpers/events.js';
import { freshPgDatabase } from '../helpers/postgres.js';
import { testTempDir } from '../helpers/temp-dir.js';

const children: ChildProcess[] = [];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killChildren(children);
  for (const step of cleanup.splice(0).reverse()) await step();
});

const SCRIPT = 'test/helpers/child-production-server.ts';
const IMPORTS = 20;
const ROWS = 8;
const SCANS = 5;
const PHOTOS_PER_SCAN = 2;

/** Photo `k` of the run: its width tells the fake Gemini which photo it was sent (the server keeps sizes this small). */
const photo = (k: number) => sharp({ create: { width: 200 + k, height: 120, channels: 3, background: { r: (k * 37) % 256, g: 90, b: 30 } } }).jpeg().toBuffer();

/** The most calls in any rolling second. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function follow(client: BooksTrackClient, jobId: string, token: string): Promise<TJobEvent[]> {
  const events: TJobEvent[] = [];
  await within(
    (async () => {
      for await (const event of client.watchJob(jobId, token)) events.push(event);
    })(),
    100_000,
    () => `job ${jobId} did not end; got ${events.map((e) => `${e.seq}:${e.type}`).join(' ')}`,
  );
  return events;
}

describe('PostgreSQL mode: one api and two worker processes on one database', () => {
  it(
    'runs 20 imports and 5 scans with a worker SIGKILLed mid-job: all complete, every row once, no photo read twice after its done event, every event once on the api, the provider paced for both workers',
    { timeout: 180_000 },
    async () => {
      const db = await freshPgDatabase();
      cleanup.push(db.drop);
      const books: FakeBook[] = syntheticCatalogue(IMPORTS * ROWS + SCANS * PHOTOS_PER_SCAN, 41);
      const fakes = await startFakeUpstreams({ catalogue: books });
      cleanup.push(() => fakes.close());
      // The provider's own limit: more than 3 requests in a rolling second is a 429.
      fakes.openlibrary.faults.rateLimit = { perSecond: 3 };
      fakes.openlibrary.faults.latencyMs = 60;
      const gemini = await startFakeGemini();
      cleanup.push(() => gemini.close());
      // Each photo shows one book of the catalogue, found by its width; a slow read, so that the kill lands mid-scan.
      const sentAt = new Map<number, number[]>();
      gemini.setDefault(async (call) => {
        const data = call.body.contents?.flatMap((c) => c.parts ?? []).find((p) => p.inlineData)?.inlineData?.data ?? '';
        const k = ((await sharp(Buffer.from(data, 'base64')).metadata()).width) - 200;
        sentAt.set(k, [...(sentAt.get(k) ?? []), Date.now()]);
        const book = books[IMPORTS * ROWS + k];
        const title = book?.title ?? 'Unknown';
        return { delayMs: 700, then: { json: { books: [{ title, author: book?.authors.join(', ') ?? null, isbn: null, format: 'paperback', confidence: 0.95, box: { x: 0.1, y: 0.05, width: 0.2, height: 0.9 } }] } } };
      });
      const env = {
        ...fakes.env,
        DATABASE_URL: db.url,
        DATA_DIR: testTempDir('pg-cluster-'),
        ENRICH_PROVIDERS: 'openlibrary',
        OPENLIBRARY_REQUESTS_PER_MINUTE: '180',
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        RATE_LIMIT_STARTS_PER_MINUTE: '1000',
        // A killed worker's jobs move on once its lease runs out.
        JOB_LEASE_MS: '3000',
        EVENT_POLL_MS: '1000',
        JOB_WORKERS: '1',
      };
      const api = await startChild({ ...env, BOOKSTRACK_ROLE: 'api' }, children, SCRIPT);
      const workers = await Promise.all([1, 2].map(() => startChild({ ...env, BOOKSTRACK_ROLE: 'worker' }, children, SCRIPT)));
      const client = createBooksTrackClient({ url: api.url });
      cleanup.push(() => client.close());

      const imports = await Promise.all(
        range(0, IMPORTS - 1).map((i) => client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books.slice(i * ROWS, (i + 1) * ROWS)) })),
      );
      const scans = await Promise.all(
        range(0, SCANS - 1).map(async (s) => {
          const photos = await Promise.all(range(0, PHOTOS_PER_SCAN - 1).map(async (p) => ({ data: (await photo(s * PHOTOS_PER_SCAN + p)).toString('base64') })));
          return client.trpc.scans.start.mutate({ photos });
        }),
      );
      const jobs = [...imports, ...scans];
      const followed = Promise.all(jobs.map((job) => follow(client, job.jobId, job.token)));

      // Mid-run: some photos read, jobs still running; one worker dies without a word.
      await within(
        (async () => {
          while ([...sentAt.values()].flat().length < 3) await new Promise((r) => setTimeout(r, 50));
        })(),
        60_000,
        () => 'no photo was sent to Gemini',
      );
      workers[0]?.child.kill('SIGKILL');

      const streams = await followed;
      for (const [i, events] of streams.entries()) {
        expect(seqs(events), `job ${jobs[i]?.jobId}`).toEqual(range(1, events.length));
        expect(events.at(-1)?.type, `job ${jobs[i]?.jobId}`).toBe('completed');
      }
      // The kill landed mid-job: the surviving worker took over at least one run once its lease ran out.
      expect(streams.flat().filter((e) => e.type === 'warning' && e.code === 'resumed').length).toBeGreaterThanOrEqual(1);

      // Every row exactly once, matched.
      for (const [i, job] of imports.entries()) {
        const page = await client.trpc.jobs.results.query({ jobId: job.jobId, limit: 500 }, { context: { token: job.token } });
        expect(page.items.map((item) => item.index)).toEqual(range(0, ROWS - 1));
        expect(page.items.map((item) => item.input.title)).toEqual(books.slice(i * ROWS, (i + 1) * ROWS).map((b) => b.title));
        expect(page.items.every((item) => item.status === 'matched')).toBe(true);
      }

      // No photo sent to Gemini again once its `done` event was stored (the log's millisecond `at`).
      const store = new pg.Client({ connectionString: db.url });
      await store.connect();
      cleanup.push(() => store.end());
      const done = await store.query<{ job_id: string; idx: number; at: string }>(
        "SELECT job_id, (event->>'index')::int AS idx, at::text FROM job_events WHERE type = 'photo' AND event->>'status' = 'done'",
      );
      expect(done.rows).toHaveLength(SCANS * PHOTOS_PER_SCAN);
      for (const row of done.rows) {
        const k = scans.findIndex((s) => s.jobId === row.job_id) * PHOTOS_PER_SCAN + row.idx;
        const calls = sentAt.get(k) ?? [];
        expect(calls.length, `photo ${k}`).toBeGreaterThanOrEqual(1);
        // A read already under way when its done event was stored cannot be a second one.
        expect(calls.filter((t) => t > Number(row.at)), `photo ${k} sent again after its done event`).toEqual([]);
      }

      // Two workers (and the killed one) together kept to the provider's 3 requests a second.
      const olCalls = fakes.openlibrary.calls;
      expect(olCalls.filter((c) => c.status === 429)).toEqual([]);
      expect(busiestSecond(olCalls.map((c) => c.at))).toBeLessThanOrEqual(3);
      // The surviving worker answers health; the api served everything above.
      expect((await fetch(`${workers[1]?.url ?? ''}/readyz`)).status).toBe(200);
    },
  );

  it('holds a start limit of 3 a minute across two api processes', { timeout: 60_000 }, async () => {
    const db = await freshPgDatabase();
    cleanup.push(db.drop);
    const env = { DATABASE_URL: db.url, DATA_DIR: testTempDir('pg-limits-'), RATE_LIMIT_STARTS_PER_MINUTE: '3', BOOKSTRACK_ROLE: 'api' };
    const apis = await Promise.all([1, 2].map(() => startChild(env, children, SCRIPT)));
    const csv = 'Title,Author\nDune,Frank Herbert\n';
    const statuses: number[] = [];
    // Alternating between the two processes: each would allow 3 on its own.
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${apis[i % 2]?.url ?? ''}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csv }) });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});
