import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { range } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * `jobs.onProgress` over WebSocket is served by our own layer (`JobStreams`), on tRPC's wire
 * protocol. These tests speak that protocol on a bare socket, so they see the exact frames a
 * tRPC client gets, and check them against what tRPC's own adapter sends for its procedures.
 */

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Frame {
  id: number | string | null;
  jsonrpc?: string;
  result?: { type: string; id?: string; data?: unknown };
  error?: { message: string; code: number; data: Record<string, unknown> };
}

/** A raw socket on `/trpc` that records every frame it gets. */
async function rawSocket(url: string, query = ''): Promise<{ ws: WebSocket; frames: Frame[]; until: (pred: (f: Frame) => boolean) => Promise<Frame> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc${query}`);
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw: Buffer) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (!w.pred(frame)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const until = (pred: (f: Frame) => boolean): Promise<Frame> => {
    const seen = frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error(`no such frame within 5 s; got ${JSON.stringify(frames).slice(0, 800)}`)), 5000).unref();
    });
  };
  return { ws, frames, until };
}

const subscribe = (id: number | string, input: unknown, extra: Record<string, unknown> = {}) => ({ id, method: 'subscription', params: { path: 'jobs.onProgress', input }, ...extra });

describe('jobs.onProgress over WebSocket (our layer on tRPC’s protocol)', () => {
  it('sends started, one tracked data frame per event (id = seq, the event exactly as logged), then stopped', async () => {
    server = await startTestServer();
    const { jobId, token } = await server.app.jobs.engine.enqueue('test.steps', { steps: 4, delayMs: 5 }, { clientKey: 't' });
    const { ws, frames, until } = await rawSocket(server.url);
    ws.send(JSON.stringify(subscribe(7, { jobId, token }, { jsonrpc: '2.0' })));
    await until((f) => f.result?.type === 'stopped');
    ws.close();

    const log = (await server.app.jobs.queries.events(jobId, 0, 100)).events;
    expect(frames[0]).toEqual({ id: 7, jsonrpc: '2.0', result: { type: 'started' } });
    expect(frames.slice(1, -1)).toEqual(log.map((event) => ({ id: 7, jsonrpc: '2.0', result: { type: 'data', id: String(event.seq), data: { id: String(event.seq), data: event } } })));
    expect(frames.at(-1)).toEqual({ id: 7, jsonrpc: '2.0', result: { type: 'stopped' } });
    expect(log.map((e) => e.seq)).toEqual(range(1, log.length));
  });

  it('refuses a wrong token, a bad lastEventId and a duplicate id with the error shape tRPC gives its own procedures', async () => {
    server = await startTestServer();
    const { jobId, token } = await server.app.jobs.engine.enqueue('test.sleep', { ms: 2000 }, { clientKey: 't' });
    const { ws, until } = await rawSocket(server.url);
    // tRPC's own adapter answers this query: the reference shape.
    ws.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'jobs.get', input: { jobId, token: 'wrong' } } }));
    ws.send(JSON.stringify(subscribe(2, { jobId, token: 'wrong' })));
    const reference = await until((f) => f.id === 1);
    const refused = await until((f) => f.id === 2);
    expect(reference.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED', field: 'token', path: 'jobs.get' });
    expect(refused).toEqual({ id: 2, error: { ...reference.error, data: { ...reference.error?.data, path: 'jobs.onProgress' } } });

    ws.send(JSON.stringify({ ...subscribe(3, { jobId, token }), params: { path: 'jobs.onProgress', input: { jobId, token }, lastEventId: 'abc' } }));
    const badResume = await until((f) => f.id === 3);
    expect(badResume.error).toMatchObject({ code: -32600, data: { appCode: 'INVALID_INPUT', httpStatus: 400, path: 'jobs.onProgress' } });

    ws.send(JSON.stringify(subscribe(4, { jobId, token })));
    await until((f) => f.id === 4 && f.result?.type === 'started');
    ws.send(JSON.stringify(subscribe(4, { jobId, token })));
    const duplicate = await until((f) => f.id === 4 && f.error !== undefined);
    expect(duplicate.error).toMatchObject({ message: 'Duplicate id 4', data: { appCode: 'INVALID_INPUT', httpStatus: 400 } });
    ws.close();
  });

  it('answers subscription.stop with stopped and sends nothing more for it; other messages of a batch still go to tRPC', async () => {
    server = await startTestServer();
    const { jobId, token } = await server.app.jobs.engine.enqueue('test.steps', { steps: 40, delayMs: 10 }, { clientKey: 't' });
    const { ws, frames, until } = await rawSocket(server.url);
    ws.send(JSON.stringify([{ id: 1, method: 'query', params: { path: 'jobs.get', input: { jobId, token } } }, subscribe(2, { jobId, token })]));
    const snapshot = await until((f) => f.id === 1);
    expect(snapshot.result).toMatchObject({ type: 'data', data: { jobId } });
    await until((f) => f.id === 2 && f.result?.type === 'data' && (f.result.data as { data: TJobEvent }).data.type === 'progress');
    ws.send(JSON.stringify({ id: 2, method: 'subscription.stop' }));
    await until((f) => f.id === 2 && f.result?.type === 'stopped');
    const count = frames.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(frames.length).toBe(count);
    ws.close();
  });

  it('waits for connectionParams when the client announces them, and uses their token', async () => {
    const ADMIN = 'admin-token-for-ws-streams';
    server = await startTestServer({ BOOKSTRACK_ADMIN_TOKEN: ADMIN });
    const { jobId } = await server.app.jobs.engine.enqueue('test.steps', { steps: 2 }, { clientKey: 't' });
    const { ws, until } = await rawSocket(server.url, '?connectionParams=1');
    ws.send(JSON.stringify({ method: 'connectionParams', data: { token: ADMIN } }));
    ws.send(JSON.stringify(subscribe(1, { jobId })));
    const end = await until((f) => f.id === 1 && (f.result?.type === 'stopped' || f.error !== undefined));
    expect(end.result).toEqual({ type: 'stopped' });
    ws.close();
  });
});
