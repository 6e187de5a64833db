/**
 * bench:loop — does anything a job does delay the serving thread? The server's event-loop delay
 * and a live subscriber's event latency while a 10,000-row import, a 5-photo scan and 10 small
 * imports run together.
 *
 *   npm run bench:loop -- [--workers 1] [--rows 10000] [--small 10] [--upload json|multipart] [--json]
 *
 * The server runs alone in this process (production composition: a file database, the app's job
 * kinds, providers from the configuration, rate limits too high to matter, so the jobs are
 * CPU-bound: the worst case for the loop). `--workers 0` runs handlers on the serving thread, as
 * before job workers. The clients and the fake upstreams run in a child process
 * (bench/loop-clients.ts): one WebSocket follows every job, and an event's latency is from its
 * publication on the serving thread's bus to its arrival there (epoch clocks of one machine).
 * Event-loop delay: `monitorEventLoopDelay` (1 ms resolution; p50, p99, max) over the whole run.
 * Aims: delay p99 ≤ 10 ms and max ≤ 50 ms; live-event p99 ≤ 20 ms.
 * `--upload multipart` sends the large import and the scan through the REST routes' streamed
 * uploads instead of as JSON bodies through the tRPC client (the default), whose parsing is one
 * block on the serving thread (25 MB of base64 photos: ~150 ms).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { TJobEvent } from '../src/contract/job-events.js';
import { appJobRegistry } from '../src/jobs/registry.js';
import { createBooksTrackApp } from '../src/server/app.js';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { Histogram } from './histogram.js';
import type { LoopClientsMessage, LoopClientsStart } from './loop-clients.js';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    rows: { type: 'string', default: '10000' },
    small: { type: 'string', default: '10' },
    upload: { type: 'string', default: 'json' },
    json: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const SMALL = Number(args.small);

const clients = fork(new URL('./loop-clients.ts', import.meta.url), [String(ROWS), String(SMALL)], { execArgv: ['--import', 'tsx'] });
const message = (type: LoopClientsMessage['type']) =>
  new Promise<LoopClientsMessage>((resolve, reject) => {
    const onMessage = (m: LoopClientsMessage) => {
      if (m.type !== type) return;
      clients.off('message', onMessage);
      resolve(m);
    };
    clients.on('message', onMessage);
    clients.once('exit', (code) => reject(new Error(`the client process exited with ${String(code)}`)));
  });
const ready = await message('ready');
if (ready.type !== 'ready') throw new Error('unexpected message');
const dir = mkdtempSync(join(tmpdir(), 'bookstrack-bench-loop-'));
const config = parseConfig({
  PORT: '0',
  DATA_DIR: dir,
  LOG_LEVEL: 'warn',
  JOB_WORKERS: args.workers,
  ...ready.env,
  OPENLIBRARY_REQUESTS_PER_MINUTE: '100000',
  GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '100000',
  ISBNDB_REQUESTS_PER_MINUTE: '100000',
  RATE_LIMIT_STARTS_PER_MINUTE: '1000',
});
const app = createBooksTrackApp({ config, logger: createLogger({ level: 'warn' }), registry: appJobRegistry });
const url = await app.listen();

// When each event was published on the serving thread (epoch ms), to time its way to the client.
const epoch = (): number => performance.timeOrigin + performance.now();
const publishedAt = new Map<string, number>();
const publish = app.jobs.bus.publish.bind(app.jobs.bus);
app.jobs.bus.publish = (event: TJobEvent) => {
  // Only events a live subscriber is there to receive: one published before the client subscribed
  // reaches it later through the log replay, which is not live latency.
  if (app.jobs.bus.subscriberCount(event.jobId) > 0) publishedAt.set(`${event.jobId}:${event.seq}`, epoch());
  publish(event);
};

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const t0 = performance.now();
clients.send({ url, upload: z.enum(['json', 'multipart']).parse(args.upload) } satisfies LoopClientsStart);
const done = await message('done');
loop.disable();
const wallS = (performance.now() - t0) / 1000;
if (done.type !== 'done') throw new Error('unexpected message');
const ends = done.jobs;
const latencies = new Histogram();
for (const [key, arrived] of done.arrivals) {
  const at = publishedAt.get(key);
  if (at !== undefined) latencies.add(arrived - at);
}

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
const round1 = (n: number) => Math.round(n * 10) / 10;
const report = {
  workers: config.JOB_WORKERS,
  rows: ROWS,
  wallS: Math.round(wallS * 10) / 10,
  jobs: ends,
  loopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
  eventLatencyMs: { events: latencies.count, p50: round1(latencies.percentile(50)), p99: round1(latencies.percentile(99)), max: round1(latencies.max) },
};
const aims = {
  loopP99: report.loopDelayMs.p99 <= 10,
  loopMax: report.loopDelayMs.max <= 50,
  eventP99: report.eventLatencyMs.p99 <= 20,
};
if (args.json) process.stdout.write(`${JSON.stringify({ ...report, aims })}\n`);
else {
  process.stdout.write(
    [
      `workers ${report.workers}  rows ${ROWS} + scan of 5 photos (${args.upload}) + ${SMALL} small imports  wall ${report.wallS} s`,
      `jobs    ${ends.map((e) => `${e.kind}:${e.end ?? 'none'}`).join(' ')}`,
      `loop    delay p50 ${report.loopDelayMs.p50} ms  p99 ${report.loopDelayMs.p99} ms  max ${report.loopDelayMs.max} ms`,
      `events  ${report.eventLatencyMs.events} live  latency p50 ${String(report.eventLatencyMs.p50)} ms  p99 ${String(report.eventLatencyMs.p99)} ms  max ${String(report.eventLatencyMs.max)} ms`,
      `aims    loop p99 ≤ 10 ms: ${aims.loopP99 ? 'pass' : 'FAIL'};  loop max ≤ 50 ms: ${aims.loopMax ? 'pass' : 'FAIL'};  event p99 ≤ 20 ms: ${aims.eventP99 ? 'pass' : 'FAIL'}`,
      '',
    ].join('\n'),
  );
}
await app.close();
rmSync(dir, { recursive: true, force: true });
process.exit(ends.every((e) => e.end === 'completed') ? 0 : 1);
