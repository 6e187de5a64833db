/**
 * `npm run hardening:load`: 50 concurrent imports for a minute, each watched by 10 WebSocket and 2
 * SSE subscribers (500 and 100 at any time), against a server in its own process on loopback.
 *
 *   npm run hardening:load -- [--seconds 60] [--imports 50] [--rows 100] [--json]
 *
 * Every subscriber must see contiguous seqs from 1 to the terminal event. Reported: imports and
 * rows finished, events delivered per second, delivery latency of live events (`latencyMs`: the
 * time the server made the event, to the millisecond as its log stores it, read from the server's
 * database after the run, → receipt; only events made after the subscriber's first frame count:
 * the ones before were replayed to it, and their wait includes its connection's setup), the fan-out lag (`fanOutLagMs`: each receipt after the first receipt of the same
 * event by any of its job's 12 subscribers: what a slow fan-out adds), the
 * server's RSS over the run (from /proc), and errors. The read limit is raised for the run: 600
 * subscribers from one address are far over the default 600 reads a minute. Exits non-zero on a
 * gap, a duplicate, a subscriber without its terminal event, or an import that did not complete.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createTRPCClient } from '@trpc/client';
import Database from 'better-sqlite3';
import { createBooksTrackLinks } from '../../src/client/create-client.js';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { AppRouter } from '../../src/router/app.js';
import { Histogram } from '../../bench/histogram.js';
import { syntheticCatalogue } from '../../test/fakes/catalogue.js';
import { goodreadsCsv } from '../../test/fakes/goodreads-csv.js';
import { startFakeUpstreams } from '../../test/fakes/index.js';
import { exited, startChild } from '../../test/helpers/child-process.js';
import { followSse } from '../../test/helpers/sse.js';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, imports: { type: 'string', default: '50' }, rows: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } },
});
const SECONDS = Number(args.seconds);
const CONCURRENT = Number(args.imports);
const ROWS = Number(args.rows);
const WS_PER_JOB = 10;
const SSE_PER_JOB = 2;

const catalogue = syntheticCatalogue(5_000, 11);
const fakes = await startFakeUpstreams({ catalogue });
const dir = mkdtempSync(join(tmpdir(), 'bookstrack-load-'));
const children: ChildProcess[] = [];
const server = await startChild(
  {
    ...fakes.env,
    DATA_DIR: dir,
    DATABASE_PATH: join(dir, 'bookstrack.db'),
    EXEC_LOG: join(dir, 'exec.log'),
    OPENLIBRARY_REQUESTS_PER_MINUTE: '100000',
    GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '100000',
    ISBNDB_REQUESTS_PER_MINUTE: '100000',
    RATE_LIMIT_STARTS_PER_MINUTE: '100000',
    RATE_LIMIT_READS_PER_MINUTE: '1000000',
  },
  children,
);
const pid = server.child.pid ?? 0;
const rssMb = (): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * Receipts per job: seq, epoch ms (sub-ms) and when that subscriber joined, matched with the log's
 * times after the run (an event made before its subscriber joined was replayed, not live).
 */
interface Receipts {
  seq: number[];
  at: number[];
  since: number[];
}
const receipts = new Map<string, Receipts>();
const stats = { imports: 0, failedImports: 0, rows: 0, events: 0, violations: 0, missingTerminal: 0, errors: 0, subscribers: 0, maxLive: 0 };
let liveSubscribers = 0;
const rss: number[] = [];
const sampler = setInterval(() => rss.push(rssMb()), 1_000);

/** One subscriber's view: seqs must run 1, 2, 3 … and end with a terminal event. */
function check(events: readonly TJobEvent[]): void {
  events.forEach((e, i) => {
    if (e.seq !== i + 1) stats.violations++;
  });
  const last = events.at(-1);
  if (!last || !['completed', 'failed', 'canceled'].includes(last.type)) stats.missingTerminal++;
}

async function oneImport(n: number): Promise<void> {
  const books = catalogue.slice((n * 37) % (catalogue.length - ROWS), ((n * 37) % (catalogue.length - ROWS)) + ROWS);
  const res = await fetch(`${server.url}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csv: goodreadsCsv(books) }) });
  if (res.status !== 200) {
    stats.errors++;
    return;
  }
  const { jobId, token } = (await res.json()) as { jobId: string; token: string };
  const { links, close } = createBooksTrackLinks({ url: server.url });
  const trpc = createTRPCClient<AppRouter>({ links });
  liveSubscribers += WS_PER_JOB + SSE_PER_JOB;
  stats.maxLive = Math.max(stats.maxLive, liveSubscribers);
  // Latency counts live events only: the ones replayed to a late subscriber are as old as they are.
  const mine: Receipts = { seq: [], at: [], since: [] };
  receipts.set(jobId, mine);
  /** One subscriber's receipt; it counts as live from its first frame on (its stream was set up by then). */
  const live = (subscriber: { since?: number }, event: TJobEvent) => {
    const now = performance.timeOrigin + performance.now();
    subscriber.since ??= now;
    mine.seq.push(event.seq);
    mine.at.push(now);
    mine.since.push(subscriber.since);
  };
  const ws = Array.from({ length: WS_PER_JOB }, async () => {
    const subscriber = {};
    const events: TJobEvent[] = [];
    for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId, token })) {
      live(subscriber, data);
      events.push(data);
    }
    return events;
  });
  const sse = Array.from({ length: SSE_PER_JOB }, async () => {
    const subscriber = {};
    const run = followSse(`${server.url}/api/v1/jobs/${jobId}/stream`, token, (e) => live(subscriber, e));
    await run.ended;
    return run.events;
  });
  const all = await Promise.allSettled([...ws, ...sse]);
  liveSubscribers -= WS_PER_JOB + SSE_PER_JOB;
  await close();
  for (const r of all) {
    stats.subscribers++;
    if (r.status === 'rejected') {
      stats.errors++;
      continue;
    }
    stats.events += r.value.length;
    check(r.value);
  }
  const terminal = all.find((r) => r.status === 'fulfilled')?.value.at(-1);
  if (terminal?.type === 'completed') {
    stats.imports++;
    stats.rows += ROWS;
  } else stats.failedImports++;
}

/**
 * From the receipts and the server's log (its `at`, in ms): `latency`, receipt minus the time the
 * event was made, and `fanOutLag`, receipt minus the first receipt of the same event by any of its
 * job's subscribers (what a slow fan-out adds), both for live receipts only.
 */
function liveTimes(dbPath: string): { latency: Histogram; fanOutLag: Histogram } {
  const latency = new Histogram();
  const fanOutLag = new Histogram();
  const db = new Database(dbPath, { readonly: true });
  const timesOf = db.prepare<[string], { seq: number; at: number }>('SELECT seq, at FROM job_events WHERE job_id = ?');
  for (const [jobId, r] of receipts) {
    const madeAt = new Map(timesOf.all(jobId).map((row) => [row.seq, row.at]));
    const firstAt = new Map<number, number>();
    r.seq.forEach((seq, i) => firstAt.set(seq, Math.min(firstAt.get(seq) ?? Infinity, r.at[i] ?? Infinity)));
    r.seq.forEach((seq, i) => {
      const made = madeAt.get(seq);
      const at = r.at[i] ?? 0;
      if (made === undefined || made < (r.since[i] ?? Infinity)) return;
      latency.add(at - made);
      fanOutLag.add(at - (firstAt.get(seq) ?? at));
    });
  }
  db.close();
  return { latency, fanOutLag };
}

const started = Date.now();
const endAt = started + SECONDS * 1_000;
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENT }, async () => {
    while (Date.now() < endAt) await oneImport(next++);
  }),
);
const wallS = (Date.now() - started) / 1_000;
clearInterval(sampler);
server.child.kill('SIGTERM');
await exited(server.child);
const { latency, fanOutLag } = liveTimes(join(dir, 'bookstrack.db'));
await fakes.close();
rmSync(dir, { recursive: true, force: true });

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const tenth = Math.max(1, Math.floor(rss.length / 10));
const result = {
  wallS: round(wallS),
  imports: { completed: stats.imports, failed: stats.failedImports, perMinute: round((stats.imports / wallS) * 60), rowsPerS: round(stats.rows / wallS) },
  subscribers: { total: stats.subscribers, maxLive: stats.maxLive, eventsDelivered: stats.events, eventsPerS: round(stats.events / wallS), violations: stats.violations, missingTerminal: stats.missingTerminal },
  latencyMs: { p50: round(latency.percentile(50)), p95: round(latency.percentile(95)), p99: round(latency.percentile(99)), max: round(latency.max) },
  fanOutLagMs: { p50: round(fanOutLag.percentile(50)), p95: round(fanOutLag.percentile(95)), p99: round(fanOutLag.percentile(99)), max: round(fanOutLag.max) },
  serverRssMb: { first10pct: round(Math.max(...rss.slice(0, tenth))), max: round(Math.max(...rss)), last10pct: round(Math.max(...rss.slice(-tenth))) },
  errors: stats.errors,
};
process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${Object.entries(result).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
const bad = stats.violations > 0 || stats.missingTerminal > 0 || stats.failedImports > 0 || stats.errors > 0;
process.exit(bad ? 1 : 0);
