import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../src/errors.js';
import { parseConfig } from '../../src/server/config.js';
import type { Context, RouterDeps } from '../../src/router/context.js';
import { checkStart } from '../../src/router/trpc.js';
import { DENIED, gemini, geminiEnv, jpeg, JSON_HEADERS, OK, type Outcome, outcomeOf, runCleanups, server, settle, wsClient } from '../helpers/access.js';

/** The access suite of the hardening issue (with access.test.ts and the other access-*.test.ts): the real start routes on every transport (limits, keys, refusal before a multipart body is read), body limits and WebSocket message size. */
afterEach(runCleanups);

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

  it('the start check refuses with SHUTTING_DOWN once intake has stopped, before the key check or the limit', async () => {
    const checks: string[] = [];
    const deps = {
      acceptingWork: () => false,
      auth: { adminToken: undefined, apiKeys: [] },
      rateLimits: { starts: { check: (key: string) => Promise.resolve(void checks.push(key)) } },
    } as unknown as RouterDeps;
    const ctx: Context = { deps, req: { transport: 'http', ip: '127.0.0.9', bearer: undefined, apiKey: undefined, setHeader: () => undefined } };
    const refused = await checkStart(ctx).then(
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

