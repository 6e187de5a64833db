import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { watchJob } from '../../src/client/watch-job.js';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/server/ws-send-window.js';
import { range, seqs, terminalOf } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The client's sockets, so the test can stop one reading (`ws.pause()`: its TCP socket stops being read). */
function recordingWebSocket() {
  const sockets: WebSocket[] = [];
  const closeCodes: number[] = [];
  class Recording extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
      this.on('close', (code) => closeCodes.push(code));
    }
  }
  return { sockets, closeCodes, WebSocket: Recording as unknown as typeof globalThis.WebSocket };
}

const EVENTS = 10_000;
const SUBSCRIPTIONS = 10;
const LIMIT = 256 * 1024;

/**
 * Starts a job of `EVENTS` progress events followed by `SUBSCRIPTIONS` subscriptions on one
 * socket, stops that socket reading after the first events, and samples the server side's unsent
 * bytes until the job ends. The stream is ~20 MB: far past what loopback's kernel buffers hold.
 */
async function runWithPausedReader(s: TestServer, rec: ReturnType<typeof recordingWebSocket>, hold: { ms: number; untilClosed: boolean }) {
  const { trpc } = s.client({ WebSocket: rec.WebSocket });
  const { jobId, token } = await s.app.jobs.engine.enqueue('test.progress', { events: EVENTS, every: 200 }, { clientKey: 'slow' });
  let paused = false;
  const runs = Array.from({ length: SUBSCRIPTIONS }, async () => {
    const events: TJobEvent[] = [];
    for await (const event of watchJob(trpc, jobId, token)) {
      events.push(event);
      if (!paused && event.seq >= 5) {
        paused = true;
        rec.sockets[0]?.pause();
      }
    }
    return events;
  });
  let maxBuffered = 0;
  const sampler = setInterval(() => {
    for (const c of s.app.wss.clients) maxBuffered = Math.max(maxBuffered, c.bufferedAmount);
  }, 2);
  // Paused until the server holds more than the window (so the window is what stopped it), then a
  // little longer; well under the client's keep-alive (a ping unanswered for 7 s closes it).
  const pausedAt = Date.now();
  while (maxBuffered <= LIMIT && Date.now() - pausedAt < 5_000) await new Promise((r) => setTimeout(r, 20));
  // Held past the window: for `ms`, or, when a close is expected, until it came (a loaded machine
  // fires the server's close timer late; the hold stays under the keep-alive either way).
  const heldAt = Date.now();
  while (Date.now() - heldAt < hold.ms && !(hold.untilClosed && rec.closeCodes.length > 0)) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  for (const socket of rec.sockets) socket.resume();
  const received = await Promise.all(runs);
  return { received, maxBuffered, lastSeq: (await s.app.jobs.queries.snapshot(jobId)).lastSeq };
}

describe('a WebSocket client that stops reading', () => {
  it('holds the server to its send window, then gets every event exactly once when it reads again', async () => {
    server = await startTestServer({}, {}, { wsSendWindow: { maxBufferedBytes: LIMIT, closeAfterMs: 60_000 } });
    const rec = recordingWebSocket();
    const { received, maxBuffered, lastSeq } = await runWithPausedReader(server, rec, { ms: 500, untilClosed: false });
    expect(rec.sockets[0]).toBeDefined();
    // Past the limit, by at most a few frames of the tick that crossed it.
    expect(maxBuffered).toBeGreaterThan(LIMIT);
    expect(maxBuffered).toBeLessThan(LIMIT + 64 * 1024);
    for (const events of received) {
      expect(seqs(events)).toEqual(range(1, lastSeq));
      expect(terminalOf(events)?.type).toBe('completed');
    }
    expect(rec.closeCodes).not.toContain(SLOW_CONSUMER_CLOSE_CODE);
  }, 60_000);

  it('is closed with the slow-consumer code when it stays past the window, and resumes from its lastEventId', async () => {
    server = await startTestServer({}, {}, { wsSendWindow: { maxBufferedBytes: LIMIT, closeAfterMs: 100 } });
    const rec = recordingWebSocket();
    const { received, maxBuffered, lastSeq } = await runWithPausedReader(server, rec, { ms: 1_500, untilClosed: true });
    expect(maxBuffered).toBeLessThan(LIMIT + 64 * 1024);
    expect(rec.closeCodes).toContain(SLOW_CONSUMER_CLOSE_CODE);
    expect(rec.sockets.length).toBeGreaterThanOrEqual(2);
    for (const events of received) {
      expect(seqs(events)).toEqual(range(1, lastSeq));
      expect(terminalOf(events)?.type).toBe('completed');
    }
  }, 60_000);
});
