import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { range, seqs, terminalOf } from '../helpers/events.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const streamUrl = (s: TestServer, jobId: string, query = '') => `${s.url}/api/v1/jobs/${jobId}/stream${query}`;

describe('job progress over Server-Sent Events', () => {
  it('streams every event with id: seq and closes after the terminal event', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 4, delayMs: 10 } });
    const run = followSse(streamUrl(server, jobId), token);
    await run.ended;
    expect(seqs(run.events)).toEqual(range(1, run.events.length));
    expect(terminalOf(run.events)?.type).toBe('completed');
    const log = await trpc.jobs.events.query({ jobId }, { context: { token } });
    expect(log.events).toEqual(run.events);
  });

  it('resumes with Last-Event-ID after the server drops the connection: no gap, no duplicate', async () => {
    server = await startTestServer();
    const lastEventIds: (string | undefined)[] = [];
    server.app.server.on('request', (req: IncomingMessage) => {
      if (req.url?.includes('/stream')) lastEventIds.push(req.headers['last-event-id'] as string | undefined);
    });
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 10, delayMs: 150 } });
    let dropped = false;
    const run = followSse(streamUrl(server, jobId), token, (e) => {
      if (e.seq === 4 && !dropped) {
        dropped = true;
        server?.dropConnections();
      }
    });
    await run.ended;
    expect(dropped).toBe(true);
    expect(lastEventIds[0]).toBeUndefined();
    expect(lastEventIds[1]).toBe('4');
    expect(seqs(run.events)).toEqual(range(1, run.events.length));
    expect(run.events.filter((e) => e.type === 'progress')).toHaveLength(10);
  });

  it('resumes from ?after= and accepts ?token= for clients that cannot set headers', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 3 } });
    const full = followSse(streamUrl(server, jobId), token);
    await full.ended;
    const tail = followSse(streamUrl(server, jobId, `?after=2&token=${encodeURIComponent(token)}`), undefined);
    await tail.ended;
    expect(seqs(tail.events)).toEqual(range(3, full.events.length));
  });

  it('sends heartbeat comments while a job is quiet', async () => {
    server = await startTestServer({ SSE_HEARTBEAT_MS: '30' });
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.sleep.mutate({ input: { ms: 400 } });
    const res = await fetch(streamUrl(server, jobId), { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).toContain(': ping\n\n');
    expect(text).toMatch(/id: \d+\ndata: \{[^\n]*"type":"completed"/);
    // The last frame names the end and carries no data (a typed decoder sees an event without data).
    expect(text).toMatch(/\ndata: \{[^\n]*"type":"completed"[^\n]*\n\nevent: end\n\n$/);
  });

  it('answers 204 to a reconnect after the stream has ended, so EventSource stops; review events after the end are still sent', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 2 } });
    await followSse(streamUrl(server, jobId), token).ended;
    const { lastSeq } = await trpc.jobs.get.query({ jobId }, { context: { token } });
    const headers = { authorization: `Bearer ${token}` };
    const again = await fetch(streamUrl(server, jobId), { headers: { ...headers, 'last-event-id': String(lastSeq) } });
    expect(again.status).toBe(204);
    expect(await again.text()).toBe('');
    const earlier = await fetch(streamUrl(server, jobId), { headers: { ...headers, 'last-event-id': String(lastSeq - 1) } });
    expect(earlier.status).toBe(200);
    expect(await earlier.text()).toMatch(new RegExp(`^retry: 2000\n\nid: ${lastSeq}\ndata: [{][^\n]*"type":"completed"[^\n]*\n\nevent: end\n\n$`));
  });
});
