import { randomBytes, randomUUID } from 'node:crypto';
import { type TRPCClient } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeUpstreams } from '../fakes/index.js';
import { followSse } from '../helpers/sse.js';
import { type TestServer } from '../helpers/test-server.js';
import type { TestRouter } from '../helpers/test-router.js';
import { bearer, cleanups, DENIED, firstEvent, gemini, geminiEnv, jpeg, JSON_HEADERS, NOT_FOUND, OK, type Outcome, outcomeOf, runCleanups, server, settle, streamOutcome, trpcQuery, trpcSseOutcome, wsClient } from '../helpers/access.js';

/** The access suite of the hardening issue (with access.test.ts and the other access-*.test.ts): every per-job route on every transport, purged jobs, the admin token and jobs.list. */
afterEach(runCleanups);


/**
 * One way of reaching a job: (server, jobId, token) → outcome. `token` undefined means none sent.
 * `allowed` is what the right token gets on this route for the scan job used below (a finished
 * job whose item is not in review, so `review.resolve` and `retryFailed` answer 409).
 */
interface Access {
  name: string;
  allowed: Outcome;
  read(s: TestServer, jobId: string, token: string | undefined): Promise<Outcome>;
}

const CONFLICT = (appCode: string): Outcome => ({ status: 409, appCode });
const RESOLVE = { decision: { action: 'accept' } };

const HTTP_ACCESS: Access[] = [
  // tRPC over HTTP: queries are GETs, mutations POSTs; a subscription over HTTP is served as SSE by tRPC itself.
  ...(['jobs.get', 'jobs.events', 'jobs.results', 'review.list'] as const).map((proc) => ({
    name: `tRPC HTTP ${proc}`,
    allowed: OK,
    read: async (s: TestServer, jobId: string, token: string | undefined) => outcomeOf(await fetch(s.url + trpcQuery(proc, { jobId }), { headers: bearer(token) })),
  })),
  ...(
    [
      ['jobs.cancel', {}, OK],
      ['jobs.retryFailed', {}, CONFLICT('JOB_NOT_RETRYABLE')],
      ['review.resolve', { itemId: 0, ...RESOLVE }, CONFLICT('CONFLICT')],
    ] as const
  ).map(([proc, extra, allowed]) => ({
    name: `tRPC HTTP ${proc}`,
    allowed,
    read: async (s: TestServer, jobId: string, token: string | undefined) =>
      outcomeOf(await fetch(`${s.url}/trpc/${proc}`, { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(token) }, body: JSON.stringify({ jobId, ...extra }) })),
  })),
  {
    name: 'tRPC HTTP jobs.onProgress (SSE)',
    allowed: OK,
    read: async (s, jobId, token) => trpcSseOutcome(await fetch(s.url + trpcQuery('jobs.onProgress', { jobId }), { headers: bearer(token) })),
  },
  // REST.
  ...(
    [
      ['GET', '', undefined, OK],
      ['GET', '/events', undefined, OK],
      ['GET', '/results', undefined, OK],
      ['POST', '/cancel', undefined, OK],
      ['POST', '/retry', undefined, CONFLICT('JOB_NOT_RETRYABLE')],
      ['GET', '/review', undefined, OK],
      ['POST', '/review/0', RESOLVE, CONFLICT('CONFLICT')],
    ] as const
  ).map(([method, suffix, body, allowed]) => ({
    name: `REST ${method} /jobs/{id}${suffix}`,
    allowed,
    read: async (s: TestServer, jobId: string, token: string | undefined) =>
      outcomeOf(
        await fetch(`${s.url}/api/v1/jobs/${jobId}${suffix}`, {
          method,
          headers: { ...(body ? JSON_HEADERS : {}), ...bearer(token) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }),
      ),
  })),
  // SSE and the photo route, with the token in the header or in `?token=`.
  { name: 'SSE (header)', allowed: OK, read: async (s, jobId, token) => streamOutcome(await fetch(`${s.url}/api/v1/jobs/${jobId}/stream`, { headers: bearer(token) })) },
  {
    name: 'SSE (?token=)',
    allowed: OK,
    read: async (s, jobId, token) => streamOutcome(await fetch(`${s.url}/api/v1/jobs/${jobId}/stream${token ? `?token=${token}` : ''}`)),
  },
  { name: 'photo (header)', allowed: OK, read: async (s, jobId, token) => outcomeOf(await fetch(`${s.url}/api/v1/jobs/${jobId}/photos/0`, { headers: bearer(token) })) },
  {
    name: 'photo crop (?token=)',
    allowed: OK,
    read: async (s, jobId, token) => outcomeOf(await fetch(`${s.url}/api/v1/jobs/${jobId}/photos/0?item=0${token ? `&token=${token}` : ''}`)),
  },
];

/** WebSocket calls: the token in `connectionParams` (one socket per token), or in the subscription's input. */
function wsAccess(clients: Map<string, TRPCClient<TestRouter>>): Access[] {
  const clientFor = (s: TestServer, token: string | undefined) => {
    const key = token ?? '';
    let c = clients.get(key);
    if (!c) {
      c = wsClient(s.url, token ? { token } : {}).trpc;
      clients.set(key, c);
    }
    return c;
  };
  return [
    { name: 'WS jobs.get', allowed: OK, read: (s, jobId, token) => settle(clientFor(s, token).jobs.get.query({ jobId })) },
    { name: 'WS jobs.events', allowed: OK, read: (s, jobId, token) => settle(clientFor(s, token).jobs.events.query({ jobId })) },
    { name: 'WS jobs.results', allowed: OK, read: (s, jobId, token) => settle(clientFor(s, token).jobs.results.query({ jobId })) },
    { name: 'WS review.list', allowed: OK, read: (s, jobId, token) => settle(clientFor(s, token).review.list.query({ jobId })) },
    { name: 'WS jobs.cancel', allowed: OK, read: (s, jobId, token) => settle(clientFor(s, token).jobs.cancel.mutate({ jobId })) },
    { name: 'WS jobs.retryFailed', allowed: CONFLICT('JOB_NOT_RETRYABLE'), read: (s, jobId, token) => settle(clientFor(s, token).jobs.retryFailed.mutate({ jobId })) },
    {
      name: 'WS review.resolve',
      allowed: CONFLICT('CONFLICT'),
      read: (s, jobId, token) => settle(clientFor(s, token).review.resolve.mutate({ jobId, itemId: 0, decision: { action: 'accept' } })),
    },
    { name: 'WS jobs.onProgress (connectionParams)', allowed: OK, read: (s, jobId, token) => firstEvent(clientFor(s, token), { jobId }) },
    { name: 'WS jobs.onProgress (input token)', allowed: OK, read: (s, jobId, token) => firstEvent(clientFor(s, undefined), { jobId, ...(token ? { token } : {}) }) },
  ];
}

/** One line per (route, case) whose outcome is not the one wanted: a failure names every hole at once. */
function mismatches(seen: Record<string, Record<string, Outcome>>, wanted: Record<string, Record<string, Outcome>>): string[] {
  const show = (o: Outcome | undefined) => (o ? `${o.status} ${o.appCode ?? ''}`.trim() : 'nothing');
  return Object.entries(wanted).flatMap(([name, cases]) =>
    Object.entries(cases)
      .filter(([c, want]) => show(seen[name]?.[c]) !== show(want))
      .map(([c, want]) => `${name} / ${c}: got ${show(seen[name]?.[c])}, want ${show(want)}`),
  );
}

const ADMIN = `admin-${randomBytes(12).toString('hex')}`;

describe('access matrix: every per-job route on every transport', () => {
  it('401 without or with another job’s token, 404 for unknown and purged jobs, allowed with the job’s or the admin token', async () => {
    const g = await gemini();
    // The fakes know the book the scan reads, so its one item is matched: nothing to retry or review.
    const fakes = await startFakeUpstreams();
    cleanups.push(() => fakes.close());
    // A tiny results TTL (0.36 s): jobs expire almost at once, and are gone once purgeNow runs.
    const s = await server({ ...fakes.env, ...geminiEnv(g), BOOKSTRACK_ADMIN_TOKEN: ADMIN, RESULTS_TTL_HOURS: '0.0001' });
    const { trpc } = s.client();
    const form = new FormData();
    form.append('photos', new Blob([await jpeg()], { type: 'image/jpeg' }), 'shelf.jpg');
    const started = await fetch(`${s.url}/api/v1/scans`, { method: 'POST', body: form });
    expect(started.status).toBe(200);
    const job = (await started.json()) as { jobId: string; token: string };
    const other = await trpc.test.items.mutate({ input: { count: 1 } });
    await followSse(`${s.url}/api/v1/jobs/${job.jobId}/stream`, job.token).ended;
    await followSse(`${s.url}/api/v1/jobs/${other.jobId}/stream`, other.token).ended;

    const access = [...HTTP_ACCESS, ...wsAccess(new Map())];
    const unknown = randomUUID();
    const seen: Record<string, Record<string, Outcome>> = {};
    const wanted: Record<string, Record<string, Outcome>> = {};
    for (const a of access) {
      seen[a.name] = {
        none: await a.read(s, job.jobId, undefined),
        otherJobsToken: await a.read(s, job.jobId, other.token),
        unknownJob: await a.read(s, unknown, job.token),
        unknownJobAdmin: await a.read(s, unknown, ADMIN),
        admin: await a.read(s, job.jobId, ADMIN),
        right: await a.read(s, job.jobId, job.token),
      };
      wanted[a.name] = { none: DENIED, otherJobsToken: DENIED, unknownJob: NOT_FOUND, unknownJobAdmin: NOT_FOUND, admin: a.allowed, right: a.allowed };
    }
    expect(mismatches(seen, wanted)).toEqual([]);

    // Past the TTL and purged: the job and its token are gone, on every route and transport.
    await new Promise((r) => setTimeout(r, 400));
    expect((await s.app.jobs.purgeNow()).jobs).toBeGreaterThanOrEqual(2);
    const purged: Record<string, Record<string, Outcome>> = {};
    for (const a of access) purged[a.name] = { token: await a.read(s, job.jobId, job.token), admin: await a.read(s, job.jobId, ADMIN) };
    expect(mismatches(purged, Object.fromEntries(access.map((a) => [a.name, { token: NOT_FOUND, admin: NOT_FOUND }])))).toEqual([]);
  });

  it('jobs.list is for the admin token only: 403 when the admin API is off, 401 for any other token', async () => {
    const on = await server({ BOOKSTRACK_ADMIN_TOKEN: ADMIN });
    const job = await on.client().trpc.test.items.mutate({ input: { count: 1 } });
    const list = async (s: TestServer, token: string | undefined) => {
      const rest = await outcomeOf(await fetch(`${s.url}/api/v1/jobs`, { headers: bearer(token) }));
      const trpcHttp = await outcomeOf(await fetch(s.url + trpcQuery('jobs.list', {}), { headers: bearer(token) }));
      const ws = await settle(wsClient(s.url, token ? { token } : {}).trpc.jobs.list.query({}));
      return { rest, trpcHttp, ws };
    };
    const all = (o: Outcome) => ({ rest: o, trpcHttp: o, ws: o });
    expect(await list(on, ADMIN)).toEqual(all(OK));
    expect(await list(on, undefined)).toEqual(all(DENIED));
    expect(await list(on, job.token)).toEqual(all(DENIED));
    expect(await list(on, `${ADMIN}x`)).toEqual(all(DENIED));
    const listed = (await (await fetch(`${on.url}/api/v1/jobs`, { headers: bearer(ADMIN) })).json()) as { jobs?: { jobId: string }[]; items?: { jobId: string }[] };
    expect(JSON.stringify(listed)).toContain(job.jobId);

    const off = await server({});
    expect(await list(off, ADMIN)).toEqual(all({ status: 403, appCode: 'FORBIDDEN' }));
  });
});

