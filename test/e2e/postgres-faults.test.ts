import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient, type BooksTrackClient, type TJobEvent, type TResultItem } from '../../src/client/index.js';
import { isTerminalEvent } from '../../src/contract/job-events.js';
import { openPgDatabase } from '../../src/db/pg/client.js';
import { syntheticCatalogue, type FakeBook } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeUpstreams } from '../fakes/index.js';
import { exited, killChildren, startChild, within } from '../helpers/child-process.js';
import { range, seqs } from '../helpers/events.js';
import { OFFLINE_PROVIDER_ENV } from '../helpers/offline-env.js';
import { freshPgDatabase, testPostgresUrl } from '../helpers/postgres.js';
import { startRestartablePostgres, unusedLoopbackPort } from '../helpers/restartable-postgres.js';
import { followSse, type SseRun } from '../helpers/sse.js';
import { testTempDir } from '../helpers/temp-dir.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SERVER_SCRIPT = 'test/helpers/child-production-server.ts';

const children: ChildProcess[] = [];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  // Processes first: a database is dropped, and a server stopped, with nobody connected to it.
  await killChildren(children);
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Books with no ISBN: each is a title search, so with the fake's latency an import runs for seconds. */
function slowBooks(n: number, seed: number): FakeBook[] {
  return syntheticCatalogue(n, seed).map((book) => ({ ...book, isbn13: undefined }));
}

/** A job's events as a follower received them, with when each came. */
interface FollowedJob {
  events: TJobEvent[];
  receivedAt: number[];
  ended: Promise<void>;
}

/** Follows a job over the typed client (WebSocket) until its terminal event, or fails after `timeoutMs`. */
function followOverClient(client: BooksTrackClient, jobId: string, token: string, timeoutMs: number): FollowedJob {
  const followed: FollowedJob = { events: [], receivedAt: [], ended: Promise.resolve() };
  followed.ended = within(
    (async () => {
      for await (const event of client.watchJob(jobId, token)) {
        followed.events.push(event);
        followed.receivedAt.push(Date.now());
      }
    })(),
    timeoutMs,
    () => `job ${jobId} did not end over the client; got ${followed.events.map((e) => `${e.seq}:${e.type}`).join(' ')}`,
  );
  return followed;
}

/** Follows a job over SSE too: EventSource drops nothing and repeats nothing by itself, so a duplicate the server sent shows. */
function followOverSse(apiUrl: string, jobId: string, token: string, timeoutMs: number): { run: SseRun; ended: Promise<void> } {
  const run = followSse(`${apiUrl}/api/v1/jobs/${jobId}/stream`, token);
  cleanup.push(() => run.close());
  const ended = within(run.ended, timeoutMs, () => `job ${jobId} did not end over SSE; got ${run.events.map((e) => `${e.seq}:${e.type}`).join(' ')}`);
  return { run, ended };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  await within(
    (async () => {
      while (!(await condition())) await sleep(50);
    })(),
    timeoutMs,
    what,
  );
}

/** Every result item of a job, page after page. */
async function allResults(client: BooksTrackClient, jobId: string, token: string): Promise<TResultItem[]> {
  const items: TResultItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.trpc.jobs.results.query({ jobId, limit: 100, ...(cursor ? { cursor } : {}) }, { context: { token } });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** True when the job has stored enrichment progress with at least one item done. */
const enrichedSome = (events: readonly TJobEvent[]) => events.some((e) => e.type === 'progress' && e.phase === 'enriching' && e.done > 0);

describe('PostgreSQL unreachable at start', () => {
  const starts = [
    { how: 'node --import tsx src/server/main.ts', args: ['--import', 'tsx', 'src/server/main.ts'] },
    { how: 'bookstrack serve', args: ['bin/bookstrack.js', 'serve', '--port', '0'] },
  ];
  for (const { how, args } of starts) {
    it(`${how}: one line on stderr naming DATABASE_URL with the password redacted, and exit code 1`, { timeout: 30_000 }, async () => {
      const port = await unusedLoopbackPort();
      // A password with a character URLs escape: neither its escaped nor its plain form may show.
      const password = 'pw@that-must-not-leak-5c1e';
      const url = `postgres://bookstrack:${encodeURIComponent(password)}@127.0.0.1:${String(port)}/bookstrack`;
      const started = Date.now();
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, ...OFFLINE_PROVIDER_ENV, DATABASE_URL: url, DATA_DIR: testTempDir('pg-unreachable-'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await within(exited(child), 20_000, () => `${how} did not exit; stderr: ${stderr}`);
      const tookMs = Date.now() - started;

      expect(child.exitCode, `stderr: ${stderr}`).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toContain('DATABASE_URL');
      expect(lines[0]).toContain(`postgres://bookstrack:***@127.0.0.1:${String(port)}/bookstrack`);
      for (const secret of [password, encodeURIComponent(password), 'that-must-not-leak']) {
        expect(stderr).not.toContain(secret);
        expect(stdout).not.toContain(secret);
      }
      // Nothing listened: no start-up line, no log of a running server.
      expect(stdout).not.toMatch(/listening/i);
      // A refused connection is known at once: the time is the process's own start (tsx), not a wait.
      expect(tookMs).toBeLessThan(15_000);
    });
  }
});

describe('PostgreSQL mode under faults', () => {
  it(
    'the LISTEN connections cut mid-job: the follower gets every event once on the log poll, and both processes listen again within seconds',
    { timeout: 120_000 },
    async () => {
      const db = await freshPgDatabase();
      cleanup.push(db.drop);
      const dbName = new URL(db.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: testPostgresUrl() });
      await admin.connect();
      cleanup.push(() => admin.end());
      const listeningPids = async () =>
        (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'", [dbName])).rows.map((r) => r.pid);
      const cutListeners = async () =>
        (await admin.query<{ pid: number; terminated: boolean }>("SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'", [dbName])).rows
          .filter((r) => r.terminated)
          .map((r) => r.pid);

      const books = slowBooks(80, 61);
      const fakes = await startFakeUpstreams({ catalogue: books });
      cleanup.push(() => fakes.close());
      fakes.openlibrary.faults.latencyMs = 250;
      const env = { ...fakes.env, DATABASE_URL: db.url, DATA_DIR: testTempDir('pg-listen-cut-'), ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '6000', EVENT_POLL_MS: '100' };
      const api = await startChild({ ...env, BOOKSTRACK_ROLE: 'api' }, children, SERVER_SCRIPT);
      await startChild({ ...env, BOOKSTRACK_ROLE: 'worker' }, children, SERVER_SCRIPT);
      const client = createBooksTrackClient({ url: api.url });
      cleanup.push(() => client.close());
      // One listening connection per process, each opened before the process printed LISTENING.
      expect(await listeningPids()).toHaveLength(2);

      const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books) });
      const followed = followOverClient(client, jobId, token, 90_000);
      const sse = followOverSse(api.url, jobId, token, 90_000);
      await waitFor(() => enrichedSome(followed.events), 60_000, () => `the import never got to enriching; got ${followed.events.map((e) => `${e.seq}:${e.type}`).join(' ')}`);

      // Mid-job: both processes lose their LISTEN connection.
      const cut = await cutListeners();
      const cutAt = Date.now();
      expect(cut).toHaveLength(2);
      expect(followed.events.some(isTerminalEvent)).toBe(false);
      // For 1.5 s, any LISTEN connection that comes back is cut again within tens of ms: notices are
      // lost, and what the follower gets in that time comes from the api's log poll (with
      // EVENT_POLL_MS at a minute, the follower gets nothing in that window and this test fails).
      const blackoutEnds = Date.now() + 1_500;
      const cutAgain: number[] = [];
      while (Date.now() < blackoutEnds) {
        cutAgain.push(...(await cutListeners()));
        await sleep(20);
      }
      const blackoutEnded = Date.now();
      const receivedInBlackout = followed.receivedAt.filter((t) => t >= cutAt && t <= blackoutEnded).length;

      // Both listen again (new connections), within a few seconds.
      const gone = new Set([...cut, ...cutAgain]);
      await waitFor(async () => (await listeningPids()).filter((pid) => !gone.has(pid)).length === 2, 5_000, () => 'a process did not open a new LISTEN connection');

      await followed.ended;
      await sse.ended;
      expect(receivedInBlackout, 'events reached the follower while nobody listened').toBeGreaterThan(0);
      expect(followed.receivedAt.filter((t) => t > blackoutEnded).length, 'events after listening again').toBeGreaterThan(0);
      expect(seqs(followed.events)).toEqual(range(1, followed.events.length));
      expect(followed.events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: books.length } } });
      // The server sent each event once (EventSource would show a repeat).
      expect(seqs(sse.run.events)).toEqual(seqs(followed.events));
    },
  );

  it('a connection cut in the middle of a transaction fails that transaction only: no uncaught error (it would end the process), and the pool answers again', { timeout: 30_000 }, async () => {
    const fresh = await freshPgDatabase();
    cleanup.push(fresh.drop);
    const dbName = new URL(fresh.url).pathname.slice(1);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    cleanup.push(() => {
      process.off('uncaughtException', onUncaught);
    });
    const db = await openPgDatabase(fresh.url, { poolSize: 2 });
    cleanup.push(() => db.$client.end());
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    cleanup.push(() => admin.end());

    // A transaction holds a checked-out connection (the store's writes all do) while the server ends it.
    const outcome = db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_sleep(30)`);
      })
      .then(
        () => 'committed',
        (error: unknown) => error,
      );
    const sleeping = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()";
    await waitFor(async () => (await admin.query(sleeping, [dbName])).rowCount === 1, 10_000, () => 'the transaction never ran its statement');
    const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM (${sleeping}) AS s`, [dbName]);
    expect(cut.rowCount).toBe(1);

    expect(await outcome).toBeInstanceOf(Error);
    // The connection's end (and its error event) comes after the statement's failure.
    await sleep(300);
    expect(uncaught).toEqual([]);
    expect((await db.execute<{ one: number }>(sql`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
  });

  it(
    'PostgreSQL restarted while three imports run: both processes reconnect, every job completes with each row once, every event once, and they serve afterwards',
    { timeout: 180_000 },
    async () => {
      const postgres = await startRestartablePostgres(testTempDir('pg-restart-'));
      cleanup.push(() => postgres.destroy());
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bookstrack');
      await admin.end();
      const dbUrl = new URL(postgres.url);
      dbUrl.pathname = '/bookstrack';

      const ROWS = 40;
      const books = slowBooks(3 * ROWS, 62);
      const fakes = await startFakeUpstreams({ catalogue: books });
      cleanup.push(() => fakes.close());
      fakes.openlibrary.faults.latencyMs = 200;
      const env = {
        ...fakes.env,
        DATABASE_URL: dbUrl.toString(),
        DATA_DIR: testTempDir('pg-restart-data-'),
        ENRICH_PROVIDERS: 'openlibrary',
        OPENLIBRARY_REQUESTS_PER_MINUTE: '6000',
        RATE_LIMIT_STARTS_PER_MINUTE: '1000',
        EVENT_POLL_MS: '100',
      };
      const api = await startChild({ ...env, BOOKSTRACK_ROLE: 'api' }, children, SERVER_SCRIPT);
      const worker = await startChild({ ...env, BOOKSTRACK_ROLE: 'worker' }, children, SERVER_SCRIPT);
      const client = createBooksTrackClient({ url: api.url });
      cleanup.push(() => client.close());

      const jobs = await Promise.all(range(0, 2).map((i) => client.trpc.imports.startCsv.mutate({ csv: goodreadsCsv(books.slice(i * ROWS, (i + 1) * ROWS)) })));
      const followers = jobs.map((job) => ({ ...job, client: followOverClient(client, job.jobId, job.token, 150_000), sse: followOverSse(api.url, job.jobId, job.token, 150_000) }));
      // Two imports run at once per worker (the kind's concurrency): both are mid-enrichment when PostgreSQL goes.
      await waitFor(() => followers.filter((f) => enrichedSome(f.client.events)).length >= 2, 60_000, () => 'two imports never got to enriching');
      expect(followers.every((f) => !f.client.events.some(isTerminalEvent))).toBe(true);

      await postgres.stop();
      await sleep(1_500);
      await postgres.start();

      // A run whose write met the outage is put back in the queue (its attempt refunded) and its
      // outcome recorded once the database answers again, not left for its lease to run out.
      await Promise.all(followers.flatMap((f) => [f.client.ended, f.sse.ended]));
      const warnings = followers.flatMap((f) => f.client.events.flatMap((e) => (e.type === 'warning' ? [e.code] : [])));
      expect(warnings).toContain('database_unavailable');
      expect(warnings).not.toContain('resumed');
      const describeJob = (f: (typeof followers)[number]) => `job ${f.jobId}: ${f.client.events.map((e) => `${e.seq}:${e.type}${e.type === 'status' ? `(${e.status})` : ''}`).join(' ')} last=${JSON.stringify(f.client.events.at(-1))}`;
      for (const [i, f] of followers.entries()) {
        expect(seqs(f.client.events), describeJob(f)).toEqual(range(1, f.client.events.length));
        expect(seqs(f.sse.run.events), describeJob(f)).toEqual(seqs(f.client.events));
        expect(f.client.events.at(-1)?.type, describeJob(f)).toBe('completed');
        const items = await allResults(client, f.jobId, f.token);
        expect(items.map((item) => item.index)).toEqual(range(0, ROWS - 1));
        expect(items.map((item) => item.input.title)).toEqual(books.slice(i * ROWS, (i + 1) * ROWS).map((b) => b.title));
        expect(items.filter((item) => item.status !== 'matched').map((item) => `${item.index}:${item.status}`)).toEqual([]);
      }
      // Both processes are still up and their database answers.
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
      expect(api.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
    },
  );
});
