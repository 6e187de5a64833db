import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { createTRPCClient, createWSClient, TRPCClientError, wsLink, type TRPCClient } from '@trpc/client';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../src/errors.js';
import { describeConfig, parseConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import type { Context, RouterDeps } from '../../src/router/context.js';
import { precheckStart } from '../../src/router/trpc.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import type { TestRouter } from '../helpers/test-router.js';

/*
 * The access suite of the hardening issue. `access.test.ts` covers jobs.get on four transports, the
 * start limit on the test start route and API keys over REST JSON; this file covers every per-job
 * route on every transport, purged jobs, the admin token, jobs.list, the real start routes on
 * every transport (limits, keys, refusal before a multipart body is read), body limits, WebSocket
 * message size, and secrets in the logs.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(env: Record<string, string>, opts: Parameters<typeof startTestServer>[2] = {}): Promise<TestServer> {
  const s = await startTestServer(env, {}, opts);
  cleanups.push(() => s.close());
  return s;
}
async function gemini(): Promise<FakeGemini> {
  const g = await startFakeGemini();
  cleanups.push(() => g.close());
  // Every photo reads as one book, so scans finish with an item (review.resolve then has one to refuse).
  g.setDefault(() => ({ json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.9, box: { x: 0.1, y: 0.1, width: 0.3, height: 0.8 } }] } }));
  return g;
}
const geminiEnv = (g: FakeGemini) => ({ GEMINI_API_KEY: g.apiKey, GEMINI_BASE_URL: g.url });

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer();

type Outcome = { status: number; appCode: string | undefined };
const OK: Outcome = { status: 200, appCode: undefined };
const DENIED: Outcome = { status: 401, appCode: 'UNAUTHORIZED' };
const NOT_FOUND: Outcome = { status: 404, appCode: 'NOT_FOUND' };

async function outcomeOf(res: Response): Promise<Outcome> {
  const text = await res.text();
  if (res.status === 200) return OK;
  const body = JSON.parse(text) as { data?: { appCode?: string }; error?: { data?: { appCode?: string } } };
  return { status: res.status, appCode: body.data?.appCode ?? body.error?.data?.appCode };
}

function outcomeOfError(err: unknown): Outcome {
  const data = err instanceof TRPCClientError ? (err.data as { httpStatus?: number; appCode?: string } | undefined) : undefined;
  return { status: data?.httpStatus ?? -1, appCode: data?.appCode };
}

const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A tRPC client whose every call (queries and mutations too) goes over one WebSocket. */
function wsClient(url: string, connectionParams: Record<string, string>): { trpc: TRPCClient<TestRouter>; close: () => Promise<void> } {
  const client = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => connectionParams,
    retryDelayMs: () => 50,
  });
  cleanups.push(() => client.close());
  return { trpc: createTRPCClient<TestRouter>({ links: [wsLink<TestRouter>({ client })] }), close: () => client.close() };
}

async function settle(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return OK;
  } catch (err: unknown) {
    return outcomeOfError(err);
  }
}

/** The first event of a subscription (then unsubscribes), or its error. */
function firstEvent(trpc: TRPCClient<TestRouter>, input: { jobId: string; token?: string }): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const sub = trpc.jobs.onProgress.subscribe(input, {
      onData: () => {
        sub.unsubscribe();
        resolve(OK);
      },
      onError: (err) => resolve(outcomeOfError(err)),
    });
  });
}

/** A streamed response: 200 is enough (the body is an endless stream for a live job). */
async function streamOutcome(res: Response): Promise<Outcome> {
  if (res.status === 200) {
    await res.body?.cancel();
    return OK;
  }
  return outcomeOf(res);
}

/**
 * tRPC's own SSE transport for subscriptions (httpSubscriptionLink) answers 200 at once and sends a
 * refusal in the stream, as `event: serialized-error` with the httpStatus and appCode, as the
 * WebSocket does: read up to the first event or that error.
 */
async function trpcSseOutcome(res: Response): Promise<Outcome> {
  if (res.status !== 200 || !res.body) return outcomeOf(res);
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  let text = '';
  try {
    for (;;) {
      const error = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (error?.[1] !== undefined) {
        const data = (JSON.parse(error[1]) as { data?: { httpStatus?: number; appCode?: string } }).data;
        return { status: data?.httpStatus ?? -1, appCode: data?.appCode };
      }
      if (/\nid: \d+\n/.test(text)) return OK;
      const chunk: { done: boolean; value?: Uint8Array } = await reader.read();
      if (chunk.done || !chunk.value) return { status: -1, appCode: `stream ended: ${text}` };
      text += Buffer.from(chunk.value).toString('utf8');
    }
  } finally {
    await reader.cancel();
  }
}

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
const trpcQuery = (proc: string, input: Record<string, unknown>) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
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

/** Every start route on every HTTP transport, as (fetch with these headers) → Response. */
function starters(url: string, photo: Buffer) {
  const csv = 'Title,Author\nDune,Frank Herbert\n';
  const json = (path: string, body: unknown) => (headers: Record<string, string>) =>
    fetch(url + path, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
  const multipart = (path: string, field: string, bytes: Buffer, type: string, name: string) => (headers: Record<string, string>) => {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), name);
    if (field === 'file') form.append('enrich', 'false');
    return fetch(url + path, { method: 'POST', headers, body: form });
  };
  const enrichment = { books: [{ title: 'Dune', author: 'Frank Herbert' }] };
  const csvInput = { csv, enrich: false };
  const scanInput = { photos: [{ data: photo.toString('base64'), mimeType: 'image/jpeg' }] };
  return {
    'enrichment.start tRPC': json('/trpc/enrichment.start', enrichment),
    'enrichment.start REST': json('/api/v1/enrichment', enrichment),
    'imports.startCsv tRPC': json('/trpc/imports.startCsv', csvInput),
    'imports.startCsv REST': json('/api/v1/imports/csv', csvInput),
    'imports.startCsv multipart': multipart('/api/v1/imports/csv', 'file', Buffer.from(csv), 'text/csv', 'books.csv'),
    'scans.start tRPC': json('/trpc/scans.start', scanInput),
    'scans.start REST': json('/api/v1/scans', scanInput),
    'scans.start multipart': multipart('/api/v1/scans', 'photos', photo, 'image/jpeg', 'shelf.jpg'),
  };
}

/**
 * Sends the head of a multipart upload and then nothing more: the body never ends. A server that
 * decides before reading the body answers anyway; one that reads first never does (→ timeout).
 */
function unfinishedUpload(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const boundary = 'x-unfinished-boundary';
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50 * 1024 * 1024) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer to ${path} before the body was complete: the server waited for the upload`));
    }, 2_000);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\ncontent-type: text/csv\r\n\r\nTitle,Author\n`);
  });
}

describe('job starts on every transport', () => {
  it('the 4th start in a minute is 429 RATE_LIMITED with Retry-After and X-RateLimit-* on every start route and transport, counted once each', async () => {
    const g = await gemini();
    // One API key per route and transport, so each gets its own budget of 3.
    const names = Object.keys(starters('', Buffer.alloc(0)));
    const keys = names.map((_, i) => `rl-key-${i}`);
    const s = await server({ ...geminiEnv(g), RATE_LIMIT_STARTS_PER_MINUTE: '3', BOOKSTRACK_API_KEYS: keys.join(',') });
    const start = starters(s.url, await jpeg());
    const seen: Record<string, unknown> = {};
    for (const [i, [name, send]] of Object.entries(start).entries()) {
      const key = { 'x-api-key': keys[i] ?? '' };
      const remaining: (string | null)[] = [];
      for (let n = 0; n < 3; n++) {
        const res = await send(key);
        expect(res.status, `${name} #${n + 1}: ${await res.clone().text()}`).toBe(200);
        remaining.push(res.headers.get('x-ratelimit-remaining'));
      }
      const res = await send(key);
      seen[name] = {
        remaining,
        fourth: await outcomeOf(res.clone()),
        retryAfter: Number(res.headers.get('retry-after')) >= 1,
        limit: res.headers.get('x-ratelimit-limit'),
        left: res.headers.get('x-ratelimit-remaining'),
        reset: Number(res.headers.get('x-ratelimit-reset')) > Date.now() / 1000,
      };
    }
    const want = { remaining: ['2', '1', '0'], fourth: { status: 429, appCode: 'RATE_LIMITED' }, retryAfter: true, limit: '3', left: '0', reset: true };
    expect(seen).toEqual(Object.fromEntries(names.map((n) => [n, want])));

    // Over the limit, a multipart upload is refused before its body is read.
    for (const [path, i] of [['/api/v1/imports/csv', names.indexOf('imports.startCsv multipart')], ['/api/v1/scans', names.indexOf('scans.start multipart')]] as const) {
      const res = await unfinishedUpload(s.url, path, { 'x-api-key': keys[i] ?? '' });
      expect({ path, status: res.status, retryAfter: Number(res.headers['retry-after']) >= 1, left: res.headers['x-ratelimit-remaining'] }).toEqual({
        path,
        status: 429,
        retryAfter: true,
        left: '0',
      });
      expect(res.body).toContain('"appCode":"RATE_LIMITED"');
    }
  });

  it('with BOOKSTRACK_API_KEYS, every start route on every transport needs X-Api-Key (WebSocket: connectionParams.apiKey)', async () => {
    const g = await gemini();
    const s = await server({ ...geminiEnv(g), BOOKSTRACK_API_KEYS: 'k1,k2', RATE_LIMIT_STARTS_PER_MINUTE: '100' });
    const photo = await jpeg();
    const start = starters(s.url, photo);
    const seen: Record<string, unknown> = {};
    for (const [name, send] of Object.entries(start)) {
      seen[name] = {
        missing: await outcomeOf(await send({})),
        wrong: await outcomeOf(await send({ 'x-api-key': 'k3' })),
        right: await outcomeOf(await send({ 'x-api-key': 'k2' })),
      };
    }
    // Mutations go over the socket too when a client sends them there (a wsLink-only client).
    const wsStarts = async (params: Record<string, string>) => {
      const { trpc } = wsClient(s.url, params);
      return {
        enrichment: await settle(trpc.enrichment.start.mutate({ books: [{ title: 'Dune' }] })),
        csv: await settle(trpc.imports.startCsv.mutate({ csv: 'Title\nDune\n', enrich: false })),
        scan: await settle(trpc.scans.start.mutate({ photos: [{ data: photo.toString('base64') }] })),
      };
    };
    seen.ws = { missing: await wsStarts({}), wrong: await wsStarts({ apiKey: 'k3' }), right: await wsStarts({ apiKey: 'k1' }) };
    const want = { missing: DENIED, wrong: DENIED, right: OK };
    expect(seen).toEqual({
      ...Object.fromEntries(Object.keys(start).map((n) => [n, want])),
      ws: { missing: { enrichment: DENIED, csv: DENIED, scan: DENIED }, wrong: { enrichment: DENIED, csv: DENIED, scan: DENIED }, right: { enrichment: OK, csv: OK, scan: OK } },
    });

    // Multipart: a missing or wrong key is refused before the body is read.
    for (const path of ['/api/v1/imports/csv', '/api/v1/scans']) {
      for (const headers of [{}, { 'x-api-key': 'k3' }] as Record<string, string>[]) {
        const res = await unfinishedUpload(s.url, path, headers);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.body).toContain('"appCode":"UNAUTHORIZED"');
      }
    }
  });

  it('the pre-check refuses with SHUTTING_DOWN once intake has stopped, before the key check or the limit', async () => {
    const checks: string[] = [];
    const deps = {
      acceptingWork: () => false,
      auth: { adminToken: undefined, apiKeys: [] },
      rateLimits: { starts: { check: (key: string) => Promise.resolve(void checks.push(key)) } },
    } as unknown as RouterDeps;
    const ctx: Context = { deps, req: { transport: 'http', ip: '127.0.0.9', bearer: undefined, apiKey: undefined, setHeader: () => undefined } };
    const refused = await precheckStart(ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('SHUTTING_DOWN');
    expect(checks).toEqual([]);
  });
});

describe('body and message size limits', () => {
  const SMALL = { MAX_CSV_BYTES: '1000', MAX_PHOTO_BYTES: '1000' };

  it('413 PAYLOAD_TOO_LARGE over maxBodyBytes on tRPC HTTP and REST JSON, and for a multipart file over its limit', async () => {
    const g = await gemini();
    const s = await server({ ...geminiEnv(g), ...SMALL });
    const max = parseConfig({ ...SMALL }).maxBodyBytes;
    const big = JSON.stringify({ csv: `Title\n${'x'.repeat(max + 10)}\n` });
    const seen: Record<string, Outcome> = {};
    for (const path of ['/trpc/imports.startCsv', '/api/v1/imports/csv', '/trpc/enrichment.start', '/api/v1/enrichment']) {
      seen[path] = await outcomeOf(await fetch(s.url + path, { method: 'POST', headers: JSON_HEADERS, body: big }));
    }
    const upload = async (path: string, field: string, bytes: Buffer) => {
      const form = new FormData();
      form.append(field, new Blob([bytes]), 'f');
      return outcomeOf(await fetch(s.url + path, { method: 'POST', body: form }));
    };
    seen['multipart csv'] = await upload('/api/v1/imports/csv', 'file', Buffer.alloc(1001, 'a'));
    seen['multipart photo'] = await upload('/api/v1/scans', 'photos', Buffer.alloc(1001, 1));
    const tooLarge = { status: 413, appCode: 'PAYLOAD_TOO_LARGE' };
    expect(seen).toEqual({
      '/trpc/imports.startCsv': tooLarge,
      '/api/v1/imports/csv': tooLarge,
      '/trpc/enrichment.start': tooLarge,
      '/api/v1/enrichment': tooLarge,
      'multipart csv': tooLarge,
      'multipart photo': tooLarge,
    });
    // And the server is still serving.
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('a WebSocket message over maxPayload closes that socket with 1009; other sockets and the server carry on', async () => {
    const s = await server(SMALL);
    const max = parseConfig({ ...SMALL }).maxBodyBytes;
    const { trpc } = s.client();
    const job = await trpc.test.steps.mutate({ input: { steps: 6, delayMs: 40 } });
    // A bystander subscription on its own socket, before and after the big message.
    const bystander = wsClient(s.url, { token: job.token }).trpc;
    const events: number[] = [];
    const done = new Promise<void>((resolve, reject) => {
      bystander.jobs.onProgress.subscribe({ jobId: job.jobId }, { onData: ({ data }) => events.push(data.seq), onComplete: resolve, onError: reject });
    });

    const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/trpc`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'jobs.get', input: { jobId: job.jobId, pad: 'x'.repeat(max + 1) } } }));
    expect(await closed).toBe(1009);

    await done;
    expect(events.at(-1)).toBeGreaterThan(6);
    expect(await settle(bystander.jobs.get.query({ jobId: job.jobId }))).toEqual(OK);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('secrets never reach the logs', () => {
  it('no configured secret nor any job token appears in a trace-level log of starts, reads, failures, upstream and Gemini calls', async () => {
    const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
    const secrets = {
      BOOKSTRACK_ADMIN_TOKEN: secret('adm'),
      BOOKSTRACK_API_KEYS: `${secret('ka')},${secret('kb')}`,
      GOOGLE_BOOKS_API_KEY: secret('goog'),
      ISBNDB_API_KEY: secret('isbn'),
      GEMINI_API_KEY: secret('gem'),
    };
    const [keyA = '', keyB = ''] = secrets.BOOKSTRACK_API_KEYS.split(',');
    let log = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        log += chunk.toString('utf8');
        callback();
      },
    });
    const logger = createLogger({ level: 'trace', destination: sink });
    const fakes: FakeUpstreams = await startFakeUpstreams({ googleKey: secrets.GOOGLE_BOOKS_API_KEY, isbndbKey: secrets.ISBNDB_API_KEY });
    cleanups.push(() => fakes.close());
    const g = await startFakeGemini({ apiKey: secrets.GEMINI_API_KEY });
    cleanups.push(() => g.close());
    g.setDefault(() => ({ json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.5, box: { x: 0.1, y: 0.1, width: 0.3, height: 0.8 } }] } }));
    const fast = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };
    const env = { ...fakes.env, ...fast, ...secrets, GEMINI_BASE_URL: g.url, LOG_LEVEL: 'trace' };
    const s = await server(env, { logger, fastProviders: true });
    logger.info({ config: describeConfig(parseConfig(env)) }, 'BooksTrack is listening');
    // Defence in depth: the raw configuration and an upstream request's headers, were they ever logged, are redacted too.
    logger.debug({ config: parseConfig(env) }, 'raw configuration');
    logger.trace({ upstream: { headers: { 'x-goog-api-key': secrets.GEMINI_API_KEY, Authorization: secrets.ISBNDB_API_KEY } } }, 'upstream request');

    const tokens: string[] = [];
    const withKey = { 'x-api-key': keyA };
    const startJson = async (path: string, body: unknown) => {
      const res = await fetch(s.url + path, { method: 'POST', headers: { ...JSON_HEADERS, ...withKey }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { jobId: string; token: string } | { result: { data: { jobId: string; token: string } } };
      const started = 'result' in answer ? answer.result.data : answer;
      tokens.push(started.token);
      return started;
    };
    const enrich = await startJson('/api/v1/enrichment', { books: [{ title: 'Children of Time', isbn: FIXTURE_ISBNS.googleOnly }, { title: 'Nothing Like This Exists' }] });
    const form = new FormData();
    form.append('photos', new Blob([await jpeg()], { type: 'image/jpeg' }), 'shelf.jpg');
    const scanRes = await fetch(`${s.url}/api/v1/scans`, { method: 'POST', headers: { 'x-api-key': keyB }, body: form });
    expect(scanRes.status).toBe(200);
    const scan = (await scanRes.json()) as { jobId: string; token: string };
    tokens.push(scan.token);
    const csv = await startJson('/trpc/imports.startCsv', { csv: 'Book Name,Writer\nDune,Frank Herbert\n' });
    // Follow each to its end: over SSE with the header, with ?token=, and over a WebSocket.
    await followSse(`${s.url}/api/v1/jobs/${enrich.jobId}/stream`, enrich.token).ended;
    await (await fetch(`${s.url}/api/v1/jobs/${scan.jobId}/stream?token=${scan.token}`)).text();
    const wsEvents: number[] = [];
    for await (const { data } of s.client({ apiKey: keyA }).trpc.jobs.onProgress.subscribe({ jobId: csv.jobId, token: csv.token })) wsEvents.push(data.seq);
    expect(wsEvents.length).toBeGreaterThan(1);
    // The secrets really went over the wire (key= on Google's URLs, headers to ISBNdb and Gemini), so they could have leaked.
    expect(g.calls.some((c) => c.headers['x-goog-api-key'] === secrets.GEMINI_API_KEY)).toBe(true);
    expect(fakes.googleBooks.calls.some((c) => c.query.get('key') === secrets.GOOGLE_BOOKS_API_KEY)).toBe(true);
    expect(fakes.isbndb.calls.some((c) => c.headers.authorization === secrets.ISBNDB_API_KEY)).toBe(true);

    // Reads with job tokens (header, ?token=), the admin token, and failures (wrong token, wrong key).
    await fetch(`${s.url}/api/v1/jobs/${enrich.jobId}/results`, { headers: bearer(enrich.token) });
    await fetch(`${s.url}/api/v1/jobs/${scan.jobId}/photos/0?token=${scan.token}`);
    await fetch(`${s.url}/api/v1/jobs/${scan.jobId}/photos/0?item=0&token=${enrich.token}`);
    await fetch(`${s.url}/api/v1/jobs/${scan.jobId}/stream?token=${enrich.token}`);
    await fetch(`${s.url}/api/v1/jobs?token=${secrets.BOOKSTRACK_ADMIN_TOKEN}`, { headers: bearer(secrets.BOOKSTRACK_ADMIN_TOKEN) });
    await fetch(s.url + trpcQuery('jobs.get', { jobId: csv.jobId, token: csv.token }));
    await fetch(s.url + trpcQuery('jobs.get', { jobId: csv.jobId }), { headers: bearer(scan.token) });
    await fetch(`${s.url}/api/v1/enrichment`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-api-key': `${keyA}x` }, body: '{}' });
    await fetch(`${s.url}/api/v1/books/isbn/${FIXTURE_ISBNS.googleOnly}`, { headers: withKey });
    await fetch(`${s.url}/api/v1/books/search?title=Dune`, { headers: withKey });
    await settle(wsClient(s.url, { token: secrets.BOOKSTRACK_ADMIN_TOKEN, apiKey: keyB }).trpc.jobs.list.query({}));
    await settle(wsClient(s.url, { token: scan.token }).trpc.jobs.get.query({ jobId: csv.jobId }));
    // Upstream failures: errors (with their URLs and causes) are logged.
    for (const f of fakes.all()) f.faults.script = ['reset', 'reset', 'reset', 'reset'];
    await fetch(`${s.url}/api/v1/books/search?title=Something%20Else`, { headers: withKey });
    g.script({ status: 400 }, { reset: true });
    await startJson('/api/v1/scans', { photos: [{ data: (await jpeg()).toString('base64') }] });
    await s.close();

    expect(log.length).toBeGreaterThan(1000);
    // Client errors are logged at debug: the failing calls above are in the log.
    expect(log).toContain('"msg":"procedure rejected"');
    const leaks = [...Object.entries(secrets).flatMap(([k, v]) => v.split(',').map((part) => [k, part] as const)), ...tokens.map((t) => ['job token', t] as const)].filter(
      ([, v]) => log.includes(v),
    );
    expect(leaks.map(([name, value]) => `${name}: ${log.split('\n').find((l) => l.includes(value))?.slice(0, 400) ?? ''}`)).toEqual([]);
  });
});
