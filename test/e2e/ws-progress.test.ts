import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { watchJob } from '../../src/client/watch-job.js';
import { range, seqs, terminalOf } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('job progress over a tRPC WebSocket', () => {
  it('streams the whole event sequence of a job started through the router, then ends', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const { jobId, token, kind, status } = await trpc.test.steps.mutate({ input: { steps: 5, delayMs: 20 } });
    expect({ kind, status }).toEqual({ kind: 'test.steps', status: 'queued' });

    const received: TJobEvent[] = [];
    for await (const { id, data } of trpc.jobs.onProgress.subscribe({ jobId, token })) {
      expect(id).toBe(String(data.seq));
      received.push(data);
    }
    expect(received.map((e) => e.type)).toEqual(['status', 'status', 'phase', 'progress', 'progress', 'progress', 'progress', 'progress', 'completed']);
    expect(seqs(received)).toEqual(range(1, received.length));
    // What the subscriber saw is exactly the persisted log.
    const log = await trpc.jobs.events.query({ jobId }, { context: { token } });
    expect(log.events).toEqual(received);
    expect(log.nextAfter).toBeNull();
  });

  it('replays after lastEventId and ends at once for a finished job', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 2 } });
    const all = [];
    for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId, token })) all.push(data);
    const tail = [];
    for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId, token, lastEventId: '3' })) tail.push(data);
    expect(seqs(tail)).toEqual(range(4, all.length));
  });

  it('delivers every event exactly once when the server drops all sockets mid-job', async () => {
    server = await startTestServer();
    let opens = 0;
    const { trpc } = server.client({ onConnectionChange: (s) => (s === 'open' ? opens++ : undefined) });
    const { jobId, token } = await trpc.test.steps.mutate({ input: { steps: 12, delayMs: 60 } });
    const received: TJobEvent[] = [];
    let dropped = 0;
    for await (const event of watchJob(trpc, jobId, token)) {
      received.push(event);
      if (event.seq === 5 && dropped === 0) dropped = server.dropConnections();
    }
    expect(dropped).toBeGreaterThan(0);
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(seqs(received)).toEqual(range(1, received.length));
    expect(terminalOf(received)?.type).toBe('completed');
    expect(received.filter((e) => e.type === 'progress')).toHaveLength(12);
  });

  it('lets one socket watch several jobs, each with its own token', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const a = await trpc.test.steps.mutate({ input: { steps: 3, delayMs: 10 } });
    const b = await trpc.test.items.mutate({ input: { count: 4 } });
    const watch = async (jobId: string, token: string) => {
      const out: TJobEvent[] = [];
      for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId, token })) out.push(data);
      return out;
    };
    const [ea, eb] = await Promise.all([watch(a.jobId, a.token), watch(b.jobId, b.token)]);
    expect(new Set(ea.map((e) => e.jobId))).toEqual(new Set([a.jobId]));
    expect(new Set(eb.map((e) => e.jobId))).toEqual(new Set([b.jobId]));
    expect(terminalOf(ea)?.type).toBe('completed');
    expect(terminalOf(eb)).toMatchObject({ type: 'completed', summary: { counts: { matched: 4 } } });
  });
});
