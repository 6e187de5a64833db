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
  it('writes a tracked event message as the same JSON tRPC’s own encoder would', () => {
    const encoder = connectionEncoder(fakeSocket());
    for (const jsonrpc of [undefined, '2.0'] as const) {
      for (const id of [3, 'sub-3']) {
        const message = { id, ...(jsonrpc ? { jsonrpc } : {}), result: { type: 'data', id: '7', data: { id: '7', data: event } } };
        const text = encoder.encode(message);
        expect(JSON.parse(String(text))).toEqual(JSON.parse(String(jsonEncoder.encode(message))));
      }
    }
  });

  it('serialises an event object once, whatever number of subscribers it goes to', () => {
    const shared = { ...event, seq: 8 };
    const first = jsonOnce(shared);
    expect(jsonOnce(shared)).toBe(first);
    expect(first).toBe(JSON.stringify(shared));
  });

  it('leaves every other message to the JSON encoder', () => {
    const encoder = connectionEncoder(fakeSocket());
    const others = [
      { id: 1, result: { type: 'started' } },
      { id: 1, result: { type: 'data', data: { untracked: true } } },
      { id: 1, error: { code: -32600, message: 'bad' } },
      { id: null, method: 'reconnect' },
    ];
    for (const m of others) expect(encoder.encode(m)).toBe(JSON.stringify(m));
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
