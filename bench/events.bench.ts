/**
 * bench:events — one job emitting N progress reports to M WebSocket subscribers on loopback.
 *
 *   npm run bench:events -- [--events 20000] [--rate 2000] [--subscribers 1000] [--sockets 100]
 *                           [--raw-events 500] [--raw-rate 25] [--scenario raw|coalesced|both]
 *                           [--client trpc|light] [--json]
 *
 * coalesced: the production path: 250 ms coalescing; `--events` reports emitted at `--rate`/s.
 * raw:       no coalescing: every report is persisted and sent to every subscriber. This measures
 *            fan-out capacity; 20,000 × 1,000 = 20M frames is far beyond it on two cores, which is
 *            why production coalesces. Its own size and pace: `--raw-events` at `--raw-rate`/s (0: unpaced).
 * Reports events persisted and their rate, emit→receipt latency (p50/p90/p99/max), frames delivered,
 * subscribers that saw the terminal event, seq violations, and server RSS. `--client light`
 * subscribes through bare sockets on the same protocol instead of the tRPC client (see
 * `events-clients.ts`): the client process's own decoding then weighs less in the latency. Exits non-zero when a
 * subscriber missed the terminal event or saw a gap or duplicate.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defineJob, defineRegistry } from '../src/jobs/define.js';
import { createBooksTrackApp } from '../src/server/app.js';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import type { ClientsMessage, ClientsStart } from './events-clients.js';
import { Histogram } from './histogram.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    subscribers: { type: 'string', default: '1000' },
    sockets: { type: 'string', default: '100' },
    rate: { type: 'string', default: '2000' },
    'raw-events': { type: 'string', default: '500' },
    'raw-rate': { type: 'string', default: '25' },
    scenario: { type: 'string', default: 'both' },
    client: { type: 'string', default: 'trpc' },
    json: { type: 'boolean', default: false },
  },
});
const SUBSCRIBERS = Number(args.subscribers);
const SOCKETS = Math.min(Number(args.sockets), SUBSCRIBERS);
const PLAN = {
  coalesced: { events: Number(args.events), rate: Number(args.rate) },
  raw: { events: Number(args['raw-events']), rate: Number(args['raw-rate']) },
};
const CLIENT = z.enum(['trpc', 'light']).parse(args.client);
const GLOBAL_TIMEOUT_MS = 5 * 60_000;

/** Opened once every subscriber has seen the job start, so no subscriber misses the emitting. */
let openGate: () => void = () => undefined;
const emitStats = { first: 0, last: 0 };

const ZBenchInput = z.object({ events: z.number().int().positive(), rate: z.number().int().nonnegative() });
const registry = defineRegistry<{ 'bench.emit': typeof ZBenchInput }>()({
  'bench.emit': defineJob({
    kind: 'bench.emit',
    input: ZBenchInput,
    async run(ctx, input) {
      await new Promise<void>((resolve) => (openGate = resolve));
      emitStats.first = performance.now();
      for (let done = 1; done <= input.events; done++) {
        // Epoch ms with sub-ms precision: the client process computes latency from it.
        ctx.progress({ phase: 'enriching', done, total: input.events, message: String(performance.timeOrigin + performance.now()) });
        if (input.rate > 0) {
          const due = emitStats.first + (done / input.rate) * 1000;
          if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        } else if (done % 100 === 0) {
          await new Promise((r) => setImmediate(r));
        }
      }
      emitStats.last = performance.now();
      return undefined;
    },
  }),
});

interface Result {
  scenario: string;
  events: number;
  subscribers: number;
  sockets: number;
  rate: number;
  eventsPersisted: number;
  persistRate: number;
  framesPerSecond: number;
  emitSeconds: number;
  framesDelivered: number;
  terminalReceived: number;
  seqViolations: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; samples: number };
  slowestEvents: { seq: number; ms: number }[];
  rssMb: { start: number; peak: number; end: number };
  heapUsedMb: number;
  wallSeconds: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function runScenario(scenario: 'raw' | 'coalesced'): Promise<Result> {
  const wall = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'bookstrack-bench-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', RATE_LIMIT_READS_PER_MINUTE: '1000000' });
  const app = createBooksTrackApp({
    config,
    logger: createLogger({ level: 'warn' }),
    registry,
    providers: { metadata: [] },
    jobOptions: { progressIntervalMs: scenario === 'raw' ? 0 : 250, subscriberHighWaterMark: 10_000 },
  });
  const url = await app.listen();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);

  const { events, rate } = PLAN[scenario];
  const { jobId, token } = await app.jobs.engine.enqueue('bench.emit', { events, rate }, { clientKey: 'bench' });
  const clients = fork(new URL('./events-clients.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const done = new Promise<Extract<ClientsMessage, { type: 'done' }>>((resolve, reject) => {
    clients.on('message', (m: ClientsMessage) => {
      if (m.type === 'subscribed') openGate();
      else resolve(m);
    });
    clients.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`client process exited with ${String(code)}`))));
  });
  clients.send({ url, jobId, token, sockets: SOCKETS, perSocket: Math.ceil(SUBSCRIBERS / SOCKETS), client: CLIENT } satisfies ClientsStart);
  const report = await done;

  clearInterval(sampler);
  const persisted = (await app.jobs.queries.events(jobId, 0, 1)).lastSeq;
  const progressEvents = { n: (await app.jobs.queries.events(jobId, 0, 1_000_000)).events.filter((e) => e.type === 'progress').length };
  const emitSeconds = (emitStats.last - emitStats.first) / 1000;
  const hist = new Histogram();
  hist.merge(report.hist, report.count, report.max);
  const heapUsedMb = mb(process.memoryUsage().heapUsed);
  const rssEnd = process.memoryUsage().rss;
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    scenario,
    events,
    subscribers: report.subscribers,
    sockets: SOCKETS,
    rate,
    eventsPersisted: persisted,
    persistRate: Math.round(progressEvents.n / Math.max(emitSeconds, 0.001)),
    // From the first emit to the last frame received, in the client process's clock.
    framesPerSecond: Math.round(report.frames / Math.max((report.lastReceiptEpoch - (performance.timeOrigin + emitStats.first)) / 1000, 0.001)),
    emitSeconds: round(emitSeconds),
    framesDelivered: report.frames,
    terminalReceived: report.terminal,
    seqViolations: report.violations,
    latencyMs: { p50: round(hist.percentile(50)), p90: round(hist.percentile(90)), p99: round(hist.percentile(99)), max: round(hist.max), samples: hist.count },
    slowestEvents: report.slowest,
    rssMb: { start: mb(rssStart), peak: mb(rssPeak), end: mb(rssEnd) },
    heapUsedMb,
    wallSeconds: round((performance.now() - wall) / 1000),
  };
}

function print(r: Result): void {
  const rows: [string, string][] = [
    ['scenario', `${r.scenario} (${r.events} reports, ${r.subscribers} ${CLIENT} subscribers on ${r.sockets} sockets, rate ${r.rate || 'unpaced'}/s)`],
    ['events persisted', `${r.eventsPersisted} (progress events at ${r.persistRate}/s over ${r.emitSeconds} s of emitting)`],
    ['frames delivered', `${r.framesDelivered} (${r.framesPerSecond}/s from first emit to last receipt)`],
    ['terminal received', `${r.terminalReceived} / ${r.subscribers}`],
    ['seq violations', String(r.seqViolations)],
    ['latency emit→receipt', `p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms (${r.latencyMs.samples} samples)`],
    ['slowest events', r.slowestEvents.map((e) => `seq ${e.seq}: ${e.ms} ms`).join(', ')],
    ['server RSS', `start ${r.rssMb.start} MB, peak ${r.rssMb.peak} MB, end ${r.rssMb.end} MB; heap used ${r.heapUsedMb} MB`],
    ['wall time', `${r.wallSeconds} s`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(22)} ${v}`);
  console.log('');
}

const timeout = setTimeout(() => {
  console.error(`bench:events did not finish within ${GLOBAL_TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, GLOBAL_TIMEOUT_MS);

const scenarios = args.scenario === 'both' ? (['raw', 'coalesced'] as const) : [z.enum(['raw', 'coalesced']).parse(args.scenario)];
const results: Result[] = [];
for (const s of scenarios) {
  const r = await runScenario(s);
  results.push(r);
  if (!args.json) print(r);
}
if (args.json) console.log(JSON.stringify(results, null, 2));
clearTimeout(timeout);
const failed = results.some((r) => r.terminalReceived !== r.subscribers || r.seqViolations > 0);
process.exit(failed ? 1 : 0);
