/**
 * The subscriber side of `bench:events`, run as a child process so the server's memory and CPU are
 * measured on their own. Opens `sockets` WebSockets with `perSocket` subscriptions each to one job,
 * checks every subscriber's seq sequence, and measures emit→receipt latency of progress events
 * (the bench job writes its emit time, epoch ms with sub-ms precision, into `message`).
 */
import { createTRPCClient } from '@trpc/client';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { TJobEvent } from '../src/contract/job-events.js';
import { createBooksTrackLinks } from '../src/client/create-client.js';
import type { AppRouter } from '../src/router/app.js';
import { Histogram } from './histogram.js';

export interface ClientsStart {
  url: string;
  jobId: string;
  token: string;
  sockets: number;
  perSocket: number;
  /**
   * `trpc`: the real tRPC client (`createBooksTrackLinks`). `light`: a bare \`ws\` socket speaking the
   * same protocol, one `JSON.parse` per frame: 1,000 tRPC client subscriptions in one process cost
   * the client ~27 ms of CPU per event, which the latency then includes; this shows the server's part.
   */
  client: 'trpc' | 'light';
}
export type ClientsMessage =
  | { type: 'subscribed' }
  | {
      type: 'done';
      terminal: number;
      violations: number;
      frames: number;
      hist: number[];
      count: number;
      max: number;
      subscribers: number;
      lastReceiptEpoch: number;
      /** The events with the worst latency (their slowest subscriber), to tell one late event from a slow pace. */
      slowest: { seq: number; ms: number }[];
    };

const now = (): number => performance.timeOrigin + performance.now();

async function run(start: ClientsStart): Promise<void> {
  const hist = new Histogram();
  let frames = 0;
  let violations = 0;
  let terminal = 0;
  let subscribed = 0;
  let lastReceiptEpoch = 0;
  const worstBySeq = new Map<number, number>();
  const total = start.sockets * start.perSocket;
  const closers: (() => Promise<void>)[] = [];
  const runs: Promise<void>[] = [];
  const onEvent = (data: TJobEvent, last: number): number => {
    const t = now();
    lastReceiptEpoch = t;
    frames++;
    if (data.seq !== last + 1) violations++;
    if (data.seq === 2 && ++subscribed === total) process.send?.({ type: 'subscribed' } satisfies ClientsMessage);
    if (data.type === 'progress' && data.message) {
      const ms = t - Number(data.message);
      hist.add(ms);
      worstBySeq.set(data.seq, Math.max(ms, worstBySeq.get(data.seq) ?? 0));
    }
    if (data.type === 'completed') terminal++;
    return data.seq;
  };
  for (let s = 0; s < start.sockets; s++) {
    if (start.client === 'light') {
      const { run: socketRun, close } = lightSocket(start, onEvent);
      runs.push(socketRun);
      closers.push(close);
      continue;
    }
    const { links, close } = createBooksTrackLinks({ url: start.url });
    closers.push(close);
    const trpc = createTRPCClient<AppRouter>({ links });
    for (let k = 0; k < start.perSocket; k++) {
      runs.push(
        (async () => {
          let last = 0;
          for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId: start.jobId, token: start.token })) last = onEvent(data, last);
        })(),
      );
    }
  }
  await Promise.all(runs);
  await Promise.all(closers.map((c) => c()));
  const slowest = [...worstBySeq].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([seq, ms]) => ({ seq, ms: Math.round(ms) }));
  const msg: ClientsMessage = { type: 'done', terminal, violations, frames, hist: Array.from(hist.buckets), count: hist.count, max: hist.max, subscribers: total, lastReceiptEpoch, slowest };
  process.send?.(msg, () => process.exit(0));
}

/** One socket with `perSocket` subscriptions on tRPC's wire protocol; settles when all have stopped. */
function lightSocket(start: ClientsStart, onEvent: (data: TJobEvent, last: number) => number): { run: Promise<void>; close: () => Promise<void> } {
  const ws = new WebSocket(start.url.replace(/^http/, 'ws') + '/trpc');
  const last = new Map<number, number>();
  const run = new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      for (let id = 1; id <= start.perSocket; id++) {
        last.set(id, 0);
        ws.send(JSON.stringify({ id, method: 'subscription', params: { path: 'jobs.onProgress', input: { jobId: start.jobId, token: start.token } } }));
      }
    });
    ws.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString()) as { id: number; error?: unknown; result?: { type: string; data?: { data: TJobEvent } } };
      if (m.error !== undefined) reject(new Error(JSON.stringify(m.error)));
      else if (m.result?.type === 'data' && m.result.data) last.set(m.id, onEvent(m.result.data.data, last.get(m.id) ?? 0));
      else if (m.result?.type === 'stopped' && last.delete(m.id) && last.size === 0) resolve();
    });
  });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
  return { run, close };
}

process.once('message', (start: ClientsStart) => {
  run(start).catch((error: unknown) => {
    process.stderr.write(`clients failed: ${String(error)}\n`);
    process.exit(1);
  });
});
