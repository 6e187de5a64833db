import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import type { paths } from '../generated/openapi.js';
import { range } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const ADMIN = 'admin-token-for-tests-0123456789';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The REST client a Swift or TS app generates from openapi.json. */
function restClient(s: TestServer) {
  return createClient<paths>({ baseUrl: `${s.url}/api/v1` });
}

/** Starts a test job over REST (test routes are not part of the public document). */
async function startRest(s: TestServer, kind: 'steps' | 'sleep' | 'items', input: unknown) {
  const res = await fetch(`${s.url}/api/v1/test/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { jobId: string; token: string };
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function untilFinished(api: ReturnType<typeof restClient>, jobId: string, token: string) {
  for (let i = 0; i < 200; i++) {
    const { data } = await api.GET('/jobs/{jobId}', { params: { path: { jobId } }, ...bearer(token) });
    if (data && ['completed', 'failed', 'canceled'].includes(data.status)) return data;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

describe('REST bridge through a client generated from openapi.json', () => {
  it('serves the snapshot, the event log page by page and results page by page', async () => {
    server = await startTestServer();
    const api = restClient(server);
    const { jobId, token } = await startRest(server, 'items', { count: 5 });
    const done = await untilFinished(api, jobId, token);
    expect(done).toMatchObject({ jobId, kind: 'test.items', status: 'completed', itemCount: 5, counts: { matched: 5 } });

    const eventsPage = (after: number) => api.GET('/jobs/{jobId}/events', { params: { path: { jobId }, query: { after, limit: 2 } }, ...bearer(token) });
    const seen: number[] = [];
    for (let after: number | null = 0; after !== null; ) {
      const { data, response } = await eventsPage(after);
      expect(response.status).toBe(200);
      seen.push(...(data?.events ?? []).map((e) => e.seq));
      after = data?.nextAfter ?? null;
    }
    expect(seen).toEqual(range(1, done.lastSeq));

    const indexes: number[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await api.GET('/jobs/{jobId}/results', { params: { path: { jobId }, query: { limit: 2, status: 'matched', ...(cursor ? { cursor } : {}) } }, ...bearer(token) });
      expect(data?.total).toBe(5);
      indexes.push(...(data?.items ?? []).map((i) => i.index));
      cursor = data?.nextCursor ?? undefined;
    } while (cursor);
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
  });

  it('cancels a running job and answers the same for a second cancel', async () => {
    server = await startTestServer();
    const api = restClient(server);
    const { jobId, token } = await startRest(server, 'sleep', { ms: 30_000 });
    await expect.poll(async () => (await api.GET('/jobs/{jobId}', { params: { path: { jobId } }, ...bearer(token) })).data?.status).toBe('running');
    const first = await api.POST('/jobs/{jobId}/cancel', { params: { path: { jobId } }, ...bearer(token) });
    expect(first.response.status).toBe(200);
    expect((await untilFinished(api, jobId, token)).status).toBe('canceled');
    const again = await api.POST('/jobs/{jobId}/cancel', { params: { path: { jobId } }, ...bearer(token) });
    expect(again.data?.status).toBe('canceled');
  });

  it('retries transiently failed items and refuses a retry with nothing to retry (409)', async () => {
    server = await startTestServer();
    const api = restClient(server);
    server.probe.providerDown = true;
    const { jobId, token } = await startRest(server, 'items', { count: 4 });
    expect((await untilFinished(api, jobId, token)).counts).toEqual({ matched: 2, provider_unavailable: 2 });
    server.probe.providerDown = false;
    const retry = await api.POST('/jobs/{jobId}/retry', { params: { path: { jobId } }, ...bearer(token) });
    expect(retry.data?.retriedItems).toBe(2);
    expect((await untilFinished(api, jobId, token)).counts).toEqual({ matched: 4 });
    const none = await api.POST('/jobs/{jobId}/retry', { params: { path: { jobId } }, ...bearer(token) });
    expect(none.response.status).toBe(409);
    expect(none.error?.data.appCode).toBe('JOB_NOT_RETRYABLE');
  });

  it('lists jobs for the admin token only', async () => {
    server = await startTestServer({ BOOKSTRACK_ADMIN_TOKEN: ADMIN });
    const api = restClient(server);
    const a = await startRest(server, 'items', { count: 1 });
    const b = await startRest(server, 'items', { count: 1 });
    const page1 = await api.GET('/jobs', { params: { query: { limit: 1 } }, ...bearer(ADMIN) });
    expect(page1.data?.jobs.map((j) => j.jobId)).toEqual([b.jobId]);
    const page2 = await api.GET('/jobs', { params: { query: { limit: 1, cursor: page1.data?.nextCursor ?? '' } }, ...bearer(ADMIN) });
    expect(page2.data?.jobs.map((j) => j.jobId)).toEqual([a.jobId]);
    expect(page2.data?.nextCursor).toBeNull();
    const asJob = await api.GET('/jobs', { params: { query: {} }, ...bearer(a.token) });
    expect(asJob.response.status).toBe(401);
    // The admin token opens any job.
    expect((await api.GET('/jobs/{jobId}', { params: { path: { jobId: a.jobId } }, ...bearer(ADMIN) })).response.status).toBe(200);
  });

  it('answers bad input with 400, the field at fault and a code', async () => {
    server = await startTestServer();
    const api = restClient(server);
    const { jobId, token } = await startRest(server, 'items', { count: 1 });
    const bad = await api.GET('/jobs/{jobId}/events', { params: { path: { jobId }, query: { limit: 0 } }, ...bearer(token) });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'limit' });
    const cursor = await api.GET('/jobs/{jobId}/results', { params: { path: { jobId }, query: { cursor: 'not-ours' } }, ...bearer(token) });
    expect(cursor.response.status).toBe(400);
    expect(cursor.error?.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'cursor' });
    const res = await fetch(`${server.url}/api/v1/test/items`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"input": {"count": 0}}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ data: { appCode: 'INVALID_INPUT', field: 'input.count' } });
    const broken = await fetch(`${server.url}/api/v1/test/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input": ' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ data: { appCode: 'INVALID_INPUT' } });
  });

  it('serves the same document it has committed, and the docs page from local files', async () => {
    server = await startTestServer();
    const { readFile } = await import('node:fs/promises');
    const committed = JSON.parse(await readFile(new URL('../../openapi.json', import.meta.url), 'utf8')) as { paths: object };
    const served = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: object; openapi: string };
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths)).toEqual(Object.keys(committed.paths));
    // Every per-job route takes the job (or admin) token, never an API key; starts and lookups take an optional API key.
    const paths = served.paths as Record<string, Record<string, { security?: unknown }>>;
    const ops = Object.entries(paths).flatMap(([path, item]) => Object.values(item).map((op) => ({ path, security: op.security })));
    // 11 before review and scans; + review.list, review.resolve; + scans.start; + the photo route (by hand).
    expect(ops.length).toBe(15);
    expect(paths['/jobs/{jobId}/photos/{photoIndex}']).toHaveProperty(['get', 'responses', '200', 'content', 'image/jpeg']);
    expect(paths['/jobs/{jobId}/review']).toHaveProperty('get');
    expect(paths['/jobs/{jobId}/review/{itemId}']).toHaveProperty('post');
    // The stream and the photo route also take the job token as `?token=` (EventSource, <img>).
    const byQuery = (path: string) => path.endsWith('/stream') || path.includes('/photos/');
    for (const op of ops) {
      const expected = op.path.startsWith('/jobs') ? [{ Authorization: [] }, ...(byQuery(op.path) ? [{ JobTokenQuery: [] }] : [])] : [{ ApiKey: [] }, {}];
      expect(op.security).toEqual(expected);
    }
    expect(ops.filter((op) => !op.path.startsWith('/jobs')).map((op) => op.path).sort()).toEqual(['/books/isbn/{isbn}', '/books/search', '/enrichment', '/imports/csv', '/scans']);
    // The bridge knows JSON only; the multipart form the CSV import also takes is described by hand.
    expect(paths['/imports/csv']?.post).toHaveProperty(['requestBody', 'content', 'multipart/form-data', 'schema', 'required'], ['file']);
    expect(paths['/scans']?.post).toHaveProperty(['requestBody', 'content', 'multipart/form-data', 'schema', 'required'], ['photos']);
    const docs = await fetch(`${server.url}/api/docs`);
    const html = await docs.text();
    expect(html).toContain('/api/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
