import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Outcome = { status: number; appCode: string | undefined };

async function outcomeOf(res: Response): Promise<Outcome> {
  const body = (await res.json()) as { data?: { appCode?: string }; error?: { data?: { appCode?: string } } };
  return { status: res.status, appCode: body.data?.appCode ?? body.error?.data?.appCode };
}

const auth = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** One read of a job on each transport, reduced to (HTTP status, app code). */
const transports = {
  async trpcHttp(s: TestServer, jobId: string, token: string | undefined): Promise<Outcome> {
    const input = encodeURIComponent(JSON.stringify({ jobId }));
    return outcomeOf(await fetch(`${s.url}/trpc/jobs.get?input=${input}`, { headers: auth(token) }));
  },
  async rest(s: TestServer, jobId: string, token: string | undefined): Promise<Outcome> {
    return outcomeOf(await fetch(`${s.url}/api/v1/jobs/${jobId}`, { headers: auth(token) }));
  },
  async sse(s: TestServer, jobId: string, token: string | undefined): Promise<Outcome> {
    const res = await fetch(`${s.url}/api/v1/jobs/${jobId}/stream`, { headers: auth(token) });
    if (res.status === 200) {
      await res.body?.cancel();
      return { status: 200, appCode: undefined };
    }
    return outcomeOf(res);
  },
  /** WebSocket has no HTTP status per call: the error carries the same httpStatus and appCode. */
  async ws(s: TestServer, jobId: string, token: string | undefined): Promise<Outcome> {
    const { trpc, close } = s.client();
    try {
      return await new Promise<Outcome>((resolve) => {
        const sub = trpc.jobs.onProgress.subscribe(
          { jobId, ...(token ? { token } : {}) },
          {
            onData: () => {
              sub.unsubscribe();
              resolve({ status: 200, appCode: undefined });
            },
            onError: (err) => {
              const data = err instanceof TRPCClientError ? (err.data as { httpStatus: number; appCode: string }) : undefined;
              resolve({ status: data?.httpStatus ?? -1, appCode: data?.appCode });
            },
          },
        );
      });
    } finally {
      await close();
    }
  },
};

describe('access to a job, on every transport', () => {
  it('401 without or with a wrong token, 404 for an unknown job, 200 with the right token', async () => {
    server = await startTestServer();
    const { trpc } = server.client();
    const a = await trpc.test.items.mutate({ input: { count: 1 } });
    const b = await trpc.test.items.mutate({ input: { count: 1 } });
    const unknown = randomUUID();
    for (const [name, read] of Object.entries(transports)) {
      const results = {
        right: await read(server, a.jobId, a.token),
        none: await read(server, a.jobId, undefined),
        otherJobsToken: await read(server, a.jobId, b.token),
        garbage: await read(server, a.jobId, 'x'.repeat(43)),
        unknownJob: await read(server, unknown, a.token),
      };
      expect({ name, ...results }).toEqual({
        name,
        right: { status: 200, appCode: undefined },
        none: { status: 401, appCode: 'UNAUTHORIZED' },
        otherJobsToken: { status: 401, appCode: 'UNAUTHORIZED' },
        garbage: { status: 401, appCode: 'UNAUTHORIZED' },
        unknownJob: { status: 404, appCode: 'NOT_FOUND' },
      });
    }
  });

  it('rejects the 11th start in a minute with 429, Retry-After and rate-limit headers (tRPC and REST share the budget)', async () => {
    server = await startTestServer();
    const startTrpc = () =>
      fetch(`${server?.url}/trpc/test.items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { count: 1 } }) });
    const startRest = () =>
      fetch(`${server?.url}/api/v1/test/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { count: 1 } }) });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await (i % 2 === 0 ? startTrpc() : startRest());
      statuses.push(res.status);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(9 - i));
    }
    expect(statuses).toEqual(Array(10).fill(200));
    for (const start of [startTrpc, startRest]) {
      const res = await start();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('x-ratelimit-limit')).toBe('10');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      expect((await outcomeOf(res)).appCode).toBe('RATE_LIMITED');
    }
  });

  it('requires a configured API key to start jobs, and limits each key separately', async () => {
    server = await startTestServer({ BOOKSTRACK_API_KEYS: 'key-one,key-two', RATE_LIMIT_STARTS_PER_MINUTE: '2' });
    const start = (key?: string) =>
      fetch(`${server?.url}/api/v1/test/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body: JSON.stringify({ input: { count: 1 } }),
      });
    expect(await outcomeOf(await start())).toEqual({ status: 401, appCode: 'UNAUTHORIZED' });
    expect(await outcomeOf(await start('wrong'))).toEqual({ status: 401, appCode: 'UNAUTHORIZED' });
    expect((await start('key-one')).status).toBe(200);
    expect((await start('key-one')).status).toBe(200);
    expect((await start('key-one')).status).toBe(429);
    expect((await start('key-two')).status).toBe(200);
    // The typed client sends the key too.
    const { trpc } = server.client({ apiKey: 'key-two' });
    await expect(trpc.test.items.mutate({ input: { count: 1 } })).resolves.toMatchObject({ status: 'queued' });
  });
});

describe('unexpected errors', () => {
  it('reach clients as a generic 500 with a code, never a message or stack from inside', async () => {
    server = await startTestServer();
    for (const url of [`${server.url}/trpc/test.boom?input=%7B%7D`, `${server.url}/api/v1/test/boom`]) {
      const res = await fetch(url);
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).toContain('"appCode":"INTERNAL"');
      expect(text).toContain('Internal server error');
      expect(text).not.toContain('secret');
      expect(text).not.toContain('.ts:');
    }
  });
});
