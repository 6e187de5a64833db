import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeBook } from '../fakes/catalogue.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import type { paths } from '../generated/openapi.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
afterEach(async () => {
  await server?.close();
  await fakes?.close();
  server = undefined;
  fakes = undefined;
});

const fakeBook = (n: number, title: string): FakeBook => ({
  title,
  authors: ['Ada Palmer'],
  subjects: ['Fiction'],
  olEditionKey: `OL${7_000_000 + n}M`,
  olWorkKey: `OL${6_000_000 + n}W`,
  googleVolumeId: `REV${n}`,
  in: { openlibrary: true, googleBooks: false, isbndb: false },
});

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe('review over REST (real sockets, a client generated from openapi.json)', () => {
  it('GET /jobs/{jobId}/review lists what needs a decision and POST /jobs/{jobId}/review/{itemId} decides it', async () => {
    // "Garden" scores between the review and match thresholds against "The Shadow Garden".
    fakes = await startFakeUpstreams({ catalogue: [fakeBook(1, 'The Shadow Garden'), fakeBook(2, 'The Shadow Garden Returns')] });
    server = await startTestServer({ ...fakes.env, OPENLIBRARY_REQUESTS_PER_MINUTE: '60000' });
    const api = createClient<paths>({ baseUrl: `${server.url}/api/v1` });
    const started = await api.POST('/enrichment', { body: { books: [{ title: 'Garden', author: 'Ada Palmer' }, { title: 'Garden', author: 'Ada Palmer' }] } });
    const { jobId, token } = started.data ?? { jobId: '', token: '' };
    const run = followSse(`${server.url}/api/v1/jobs/${jobId}/stream`, token);
    await run.ended;
    const terminalSeq = run.events.at(-1)?.seq ?? 0;
    expect(run.events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { needs_review: 2 } } });

    const list = await api.GET('/jobs/{jobId}/review', { params: { path: { jobId }, query: { limit: 1 } }, ...bearer(token) });
    expect(list.response.status).toBe(200);
    expect(list.data).toMatchObject({ jobId, total: 2, items: [{ index: 0, status: 'needs_review', match: { work: { title: 'The Shadow Garden' } } }] });
    expect(list.data?.items[0]?.candidates.map((c) => c.work.title)).toEqual(['The Shadow Garden Returns']);
    expect(list.data?.nextCursor).not.toBeNull();

    // The path's index arrives as text and is read as a number.
    const chosen = await api.POST('/jobs/{jobId}/review/{itemId}', { params: { path: { jobId, itemId: 1 } }, body: { decision: { action: 'choose', candidate: 0 } }, ...bearer(token) });
    expect(chosen.response.status).toBe(200);
    expect(chosen.data).toMatchObject({ item: { index: 1, status: 'matched' }, counts: { needs_review: 1, matched: 1 }, remaining: 1, seq: terminalSeq + 1 });
    expect(chosen.data?.item.result).toMatchObject({ match: { work: { title: 'The Shadow Garden Returns' } }, review: { action: 'choose', candidate: 0 } });

    const again = await api.POST('/jobs/{jobId}/review/{itemId}', { params: { path: { jobId, itemId: 1 } }, body: { decision: { action: 'accept' } }, ...bearer(token) });
    expect(again.response.status).toBe(409);
    expect(again.error?.data.appCode).toBe('CONFLICT');
    const post = (path: string, body: unknown, auth = token) =>
      fetch(`${server?.url ?? ''}/api/v1/jobs/${jobId}/review/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` }, body: JSON.stringify(body) });
    const badIndex = await post('first', { decision: { action: 'accept' } });
    expect(badIndex.status).toBe(400);
    expect(await badIndex.json()).toMatchObject({ data: { appCode: 'INVALID_INPUT', field: 'itemId' } });
    const badCandidate = await post('0', { decision: { action: 'choose', candidate: 5 } });
    expect(badCandidate.status).toBe(400);
    expect(await badCandidate.json()).toMatchObject({ data: { appCode: 'INVALID_INPUT', field: 'decision.candidate' } });
    expect((await post('7', { decision: { action: 'accept' } })).status).toBe(404);
    expect((await post('0', { decision: { action: 'accept' } }, 'wrong-token')).status).toBe(401);

    const job = await api.GET('/jobs/{jobId}', { params: { path: { jobId } }, ...bearer(token) });
    expect(job.data?.summary?.counts).toEqual({ needs_review: 1, matched: 1 });

    // SSE resumed after the terminal event gets the decision, then `end`.
    const resumed = followSse(`${server.url}/api/v1/jobs/${jobId}/stream?after=${terminalSeq}`, token);
    await resumed.ended;
    expect(resumed.events).toMatchObject([{ seq: terminalSeq + 1, type: 'review', index: 1, action: 'choose', status: 'matched' }]);
  });
});
