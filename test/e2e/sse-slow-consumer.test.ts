import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { range } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** 10,000 events of ~2 KB: a 20 MB stream, far past what loopback's kernel buffers hold. */
const EVENTS = 10_000;
const LIMIT = 256 * 1024;

/** A bare SSE reader that can stop reading (`pause()`: its socket is no longer read, so TCP pushes back). */
function sseReader(url: string, token: string) {
  const seqs: number[] = [];
  let buffer = '';
  let response: IncomingMessage | undefined;
  const ended = new Promise<void>((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      response = res;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (data !== undefined) seqs.push((JSON.parse(data) as TJobEvent).seq);
          if (frame === 'event: end') resolve();
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  return { seqs, ended, pause: () => response?.pause(), resume: () => response?.resume() };
}

describe('an SSE client that stops reading', () => {
  it('holds the server to its buffer limit, then gets every event exactly once, from the log, when it reads again', async () => {
    server = await startTestServer({}, {}, { sseMaxBufferedBytes: LIMIT });
    const s = server;
    // The server's side of each stream, to watch what it holds unsent.
    const responses: ServerResponse[] = [];
    s.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.endsWith('/stream')) responses.push(res);
    });
    const { jobId, token } = await s.app.jobs.engine.enqueue('test.progress', { events: EVENTS, every: 200, padding: 2_000 }, { clientKey: 'slow' });
    const reader = sseReader(`${s.url}/api/v1/jobs/${jobId}/stream`, token);
    while (reader.seqs.length < 5) await new Promise((r) => setTimeout(r, 5));
    reader.pause();

    let maxBuffered = 0;
    const sampler = setInterval(() => {
      for (const res of responses) maxBuffered = Math.max(maxBuffered, res.writableLength);
    }, 2);
    const pausedAt = Date.now();
    while (maxBuffered <= LIMIT && Date.now() - pausedAt < 10_000) await new Promise((r) => setTimeout(r, 20));
    // Held past the limit while the job goes on writing thousands more events.
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(sampler);
    reader.resume();
    await reader.ended;

    expect(responses).toHaveLength(1);
    // The limit is what stopped it, and it held no more than the limit and a frame or two past it.
    expect(maxBuffered).toBeGreaterThan(LIMIT);
    expect(maxBuffered).toBeLessThan(LIMIT + 16 * 1024);
    expect(reader.seqs).toEqual(range(1, (await s.app.jobs.queries.snapshot(jobId)).lastSeq));
  }, 60_000);
});
