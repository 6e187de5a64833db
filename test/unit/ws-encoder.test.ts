import { jsonEncoder } from '@trpc/server/adapters/ws';
import { describe, expect, it } from 'vitest';
import { jsonOnce } from '../../src/server/event-json.js';
import { connectionEncoder } from '../../src/server/ws-encoder.js';

const event = { jobId: 'job_1', seq: 7, at: '2026-12-02T23:14:50Z', type: 'progress', phase: 'enriching', done: 3, total: 9, message: 'quote " and \\ and ü' };

function fakeSocket() {
  const calls: string[] = [];
  return { calls, cork: () => calls.push('cork'), uncork: () => calls.push('uncork') };
}

describe('connectionEncoder', () => {
  it('serialises an event object once, whatever number of subscribers it goes to', () => {
    const shared = { ...event, seq: 8 };
    const first = jsonOnce(shared);
    expect(jsonOnce(shared)).toBe(first);
    expect(first).toBe(JSON.stringify(shared));
  });

  it('writes what tRPC’s own JSON encoder writes', () => {
    const encoder = connectionEncoder(fakeSocket());
    const messages = [
      { id: 1, result: { type: 'started' } },
      { id: 1, result: { type: 'data', id: '7', data: { id: '7', data: event } } },
      { id: 1, error: { code: -32600, message: 'bad' } },
      { id: null, method: 'reconnect' },
    ];
    for (const m of messages) expect(encoder.encode(m)).toBe(jsonEncoder.encode(m));
  });

  it('hands each decoded message or batch to its router, and tRPC gets what the router returns', () => {
    const seen: unknown[] = [];
    const encoder = connectionEncoder(fakeSocket(), (decoded) => {
      seen.push(decoded);
      return Array.isArray(decoded) ? decoded.slice(1) : decoded;
    });
    const single = { id: 1, method: 'query', params: { path: 'jobs.get', input: { jobId: 'job_1' } } };
    expect(encoder.decode(JSON.stringify(single))).toEqual(single);
    expect(encoder.decode(JSON.stringify([single, { ...single, id: 2 }]))).toEqual([{ ...single, id: 2 }]);
    expect(seen).toEqual([single, [single, { ...single, id: 2 }]]);
  });

  it('corks the socket at the first frame and uncorks it once the frames queued with it are sent', async () => {
    const socket = fakeSocket();
    const encoder = connectionEncoder(socket);
    encoder.encode({ id: 1, result: { type: 'started' } });
    encoder.encode({ id: 2, result: { type: 'started' } });
    expect(socket.calls).toEqual(['cork']);
    await Promise.resolve();
    expect(socket.calls).toEqual(['cork', 'uncork']);
    encoder.encode({ id: 3, result: { type: 'started' } });
    expect(socket.calls).toEqual(['cork', 'uncork', 'cork']);
  });
});
