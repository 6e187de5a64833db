import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contract/errors.js';
import { REST_BASE_PATH, restRoutes, type RestRoute } from '../../src/contract/routes.js';
import { appRouter } from '../../src/router/app.js';
import { parseConfig } from '../../src/server/config.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { runs } from './fuzz-config.js';

/*
 * The whole HTTP surface against malformed, mistyped, truncated, oversized and random requests:
 * whatever arrives, the server answers a 4xx with an error code a client can switch on (or closes
 * a connection whose body never came), never a 5xx, and keeps serving. Gemini and the metadata
 * providers are local fakes, so no answer may be a 503 either: every 5xx is a bug.
 */

const LIMIT = 64 * 1024;
const ADMIN = 'fuzz-admin-token-0123456789';
const ENV = {
  MAX_CSV_BYTES: String(LIMIT),
  MAX_PHOTO_BYTES: String(LIMIT),
  MAX_CSV_ROWS: '50',
  RATE_LIMIT_STARTS_PER_MINUTE: '100000',
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
  OPENLIBRARY_REQUESTS_PER_MINUTE: '60000',
  GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000',
  ISBNDB_REQUESTS_PER_MINUTE: '60000',
  BOOKSTRACK_ADMIN_TOKEN: ADMIN,
  SHUTDOWN_GRACE_MS: '0',
};

interface Started {
  jobId: string;
  token: string;
}

let server: TestServer;
let fakes: FakeUpstreams;
let gemini: FakeGemini;
let host: string;
let port: number;
/** Real jobs of each kind, so path parameters and tokens sometimes get past auth into the procedures. */
const jobs: Started[] = [];
let maxBodyBytes = 0;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on its own connection; an event stream is cut once its head arrives. */
function send(method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // An explicit length: for DELETE and OPTIONS node:http sends neither a length nor chunks, and
    // the server would read the body as the start of a next (malformed) request.
    const length = body === undefined ? {} : { 'content-length': Buffer.byteLength(body) };
    const req = request({ host, port, method, path, headers: { ...headers, ...length }, agent: false, timeout: 5000 }, (res) => {
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 5 s: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Raw bytes over TCP, for what `node:http` will not send: a Content-Length the body never reaches
 * (the client then half-closes, as a dropped upload would), or a body over the limit written
 * regardless of an early answer. Resolves with the status line's code, or null when the server
 * closed without answering.
 */
function sendRaw(head: string, body: Buffer, opts: { halfClose: boolean }): Promise<{ status: number | null; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within 5 s: ${head.split('\r\n')[0] ?? ''}`));
    }, 5000);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // A whole answer on a connection kept alive (tRPC streams say keep-alive): done, hang up.
      if (isCompleteResponse(Buffer.concat(chunks).toString('latin1'))) socket.destroy();
    });
    // A reset after (or instead of) the answer is the server refusing the rest of the body: allowed.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1];
      resolve({ status: status === undefined ? null : Number(status), raw });
    });
    socket.write(head);
    socket.write(body, () => {
      if (opts.halfClose) socket.end();
    });
  });
}

/** A response head and all of its body: by Content-Length, or up to the last chunk. */
function isCompleteResponse(raw: string): boolean {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = raw.slice(0, end).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
  if (length !== undefined) return raw.length - end - 4 >= Number(length);
  return /\r\ntransfer-encoding: *chunked/.test(head) && raw.endsWith('\r\n0\r\n\r\n');
}

const KNOWN_CODES: readonly string[] = ERROR_CODES;

/** The app code of an error body: REST `{data}`, tRPC `{error: {data}}`, or a tRPC batch of either. */
function appCodesOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body.flatMap((entry) => (typeof entry === 'object' && entry !== null && 'error' in entry ? appCodesOf(entry) : []));
  if (typeof body !== 'object' || body === null) return [undefined];
  const shape = 'error' in body && typeof body.error === 'object' && body.error !== null ? body.error : body;
  const data = 'data' in shape && typeof shape.data === 'object' && shape.data !== null ? shape.data : undefined;
  return [data && 'appCode' in data ? data.appCode : undefined];
}

/** Answers seen, by route and status: `FUZZ_STATS=1` prints them, to see how deep the inputs reach. */
const seen = new Map<string, number>();

/** The property every answer must have: below 500, and an error a client can read. */
function expectWellFormed(reply: Reply, what: string): void {
  const [verb, target] = what.split(' ');
  const route = (target ?? '').split('?')[0]?.replace(/\/jobs\/[^/]+/, '/jobs/:id').replace(/\/(photos|review|isbn)\/[^/]+/, '/$1/:n');
  const key = `${verb ?? ''} ${route ?? ''} ${reply.status}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
  const context = `${what} → ${reply.status} ${reply.body.slice(0, 300)}`;
  expect(reply.status, context).toBeGreaterThanOrEqual(100);
  expect(reply.status, context).toBeLessThan(500);
  if (reply.status < 400 || reply.body === '') {
    // HEAD answers carry no body; every other error must.
    if (reply.status >= 400) expect(what, context).toMatch(/^HEAD /);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch (error: unknown) {
    expect.fail(`${context}: the error body is not JSON (${String(error)})`);
  }
  const codes = appCodesOf(parsed);
  expect(codes.length, context).toBeGreaterThan(0);
  for (const code of codes) expect(KNOWN_CODES, context).toContain(code);
}

// ---- generators -------------------------------------------------------------------------------

/** Characters `node:http` lets through in a header value (it refuses control characters itself). */
const headerText = (maxLength: number) => fc.string({ maxLength, unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)) });

/** A path parameter: a real job id, a well-formed stranger, or anything (raw `%` and all). */
const pathParam = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 2).map((i) => jobs[i]?.jobId ?? 'missing') },
  { weight: 1, arbitrary: fc.uuid().map(String) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '%00', '%2F', '..', '.', '-1', '0', '1', '007', '4294967296', '1e3', 'NaN', '%F0%9F%98%80', '%C3%A9', '%20', ';', '@', '9780441172719', '044117271X') },
);

const queryValue = fc.oneof(fc.string({ maxLength: 10 }).map(encodeURIComponent), fc.constantFrom('', '%', '%zz', '-1', '0', '1', '500', '501', '99999999999999999999', 'null', 'true', 'read', 'matched', 'eyJ4Ijox', '%7B', '1.5', 'a%00b'));
const queryKey = fc.constantFrom('token', 'after', 'limit', 'cursor', 'status', 'item', 'input', 'batch', 'title', 'author', 'q', 'jobId', 'lastEventId', 'x');
const queryString = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.constantFrom('?', '?&&=', '?=%', '?token', '?input=%7B', '?batch=1&input=%7B%220%22%3A1%7D'),
);

/** Credentials: a job's own token, another job's, the admin token, nonsense, or none. */
const authHeaders = fc
  .record({
    auth: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(0, 1, 2).map((i) => `Bearer ${jobs[i]?.token ?? ''}`),
      fc.constant(`Bearer ${ADMIN}`),
      headerText(40).map((t) => `Bearer ${t}`),
      headerText(20),
    ),
    apiKey: fc.option(headerText(30), { nil: undefined }),
    lastEventId: fc.option(fc.oneof(headerText(12), fc.constantFrom('0', '1', '-1', '3.5', '99999999999999999999', '1e400', ' 2 ')), { nil: undefined }),
    forwarded: fc.option(headerText(20), { nil: undefined }),
  })
  .map(({ auth, apiKey, lastEventId, forwarded }) => ({
    ...(auth === undefined ? {} : { authorization: auth }),
    ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
    ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    ...(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }),
  }));

const base64ish = fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 20 }), fc.constant('/9j/4AAQSkZJRgABAQ=='));
/** Inputs shaped like the procedures' own, with values of any JSON type mixed in. */
const nearInput = fc.oneof(
  fc.record({ books: fc.oneof(fc.jsonValue(), fc.array(fc.record({ title: fc.oneof(fc.string(), fc.jsonValue()), author: fc.option(fc.string()), isbn: fc.option(fc.oneof(fc.string(), fc.constant('9780441172719'))) }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }),
  fc.record({ csv: fc.oneof(fc.string(), fc.constant('Title,Author\nDune,Frank Herbert\n'), fc.jsonValue()), csvBase64: base64ish, enrich: fc.jsonValue(), format: fc.oneof(fc.constantFrom('auto', 'goodreads', 'x'), fc.jsonValue()), filename: fc.string() }, { requiredKeys: [] }),
  fc.record({ photos: fc.oneof(fc.jsonValue(), fc.array(fc.record({ data: base64ish, mimeType: fc.oneof(fc.constantFrom('image/jpeg', 'image/png'), fc.string()) }, { requiredKeys: [] }), { maxLength: 6 })), idempotencyKey: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({
    jobId: pathParam,
    itemId: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.jsonValue()),
    decision: fc.oneof(fc.jsonValue(), fc.record({ action: fc.constantFrom('accept', 'choose', 'edit', 'reject', 'x'), candidate: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.jsonValue()), fields: fc.jsonValue() }, { requiredKeys: [] })),
    token: fc.string(),
    after: fc.oneof(fc.integer(), fc.jsonValue()),
    limit: fc.oneof(fc.integer({ min: -1, max: 600 }), fc.jsonValue()),
    cursor: fc.oneof(fc.string(), fc.jsonValue()),
    status: fc.oneof(fc.constantFrom('matched', 'invalid', 'x'), fc.jsonValue()),
    lastEventId: fc.oneof(fc.string(), fc.jsonValue()),
    isbn: fc.oneof(fc.string(), fc.constant('9780441172719')),
    title: fc.string(),
    q: fc.string(),
  }, { requiredKeys: [] }),
);

/** A body: JSON of the procedures' shape, any JSON, JSON that does not parse, or not JSON at all. */
const jsonBody = fc.oneof(
  { weight: 3, arbitrary: nearInput.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom('', '{', '{"a":', '[1,', 'nul', '"\\ud800"', '{"books":[{"title":"x"}]', '\u0000', '{"json":{"books":[]}}', '{"0":{"jobId":"x"}}', '{"__proto__":{"x":1}}', '1e999', '[]') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/jsonx',
  'text/plain',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=fuzz',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  ';',
);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

const procedures = Object.keys(appRouter._def.procedures);

function restPath(route: RestRoute, params: readonly string[]): string {
  let i = 0;
  return REST_BASE_PATH + route.path.replace(/\{\w+\}/g, () => params[i++] ?? 'x');
}

// ---- set-up -----------------------------------------------------------------------------------

async function startJob(path: string, body: unknown, headers: OutgoingHttpHeaders = { 'content-type': 'application/json' }): Promise<Started> {
  const reply = await send('POST', path, headers, JSON.stringify(body));
  expect(reply.status, reply.body).toBe(200);
  return JSON.parse(reply.body) as Started;
}

beforeAll(async () => {
  [fakes, gemini] = await Promise.all([startFakeUpstreams(), startFakeGemini()]);
  gemini.setDefault(() => ({ json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.5, box: { x: 0.1, y: 0.1, width: 0.3, height: 0.8 } }] } }));
  server = await startTestServer({ ...fakes.env, GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url, ...ENV });
  const url = new URL(server.url);
  host = url.hostname;
  port = Number(url.port);
  maxBodyBytes = parseConfig(ENV).maxBodyBytes;
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer();
  jobs.push(
    await startJob('/api/v1/enrichment', { books: [{ title: 'Dune' }] }),
    await startJob('/api/v1/imports/csv', { csv: 'Title,Author\nDune,Frank Herbert\n"Broken,\n', enrich: false }),
    await startJob('/api/v1/scans', { photos: [{ data: photo.toString('base64') }] }),
  );
}, 30_000);

afterAll(async () => {
  if (process.env.FUZZ_STATS) console.log([...seen].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`).join('\n'));
  await server.close();
  await Promise.all([fakes.close(), gemini.close()]);
});

// ---- properties -------------------------------------------------------------------------------

describe('HTTP fuzz: every route, any request', () => {
  it('REST routes answer below 500, with an app code on every error', async () => {
    const routeRequest = fc.record({
      route: fc.constantFrom(...restRoutes),
      params: fc.array(pathParam, { minLength: 2, maxLength: 2 }),
      method: fc.oneof({ weight: 4, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      query: queryString,
      headers: authHeaders,
      type: contentType,
      body: fc.option(jsonBody, { freq: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(routeRequest, async ({ route, params, method, query, headers, type, body }) => {
        const verb = method ?? route.method;
        const path = restPath(route, params) + query;
        const withBody = body !== null && verb !== 'GET' && verb !== 'HEAD';
        const reply = await send(verb, path, { ...headers, ...(type === undefined ? {} : { 'content-type': type }) }, withBody ? body : undefined);
        expectWellFormed(reply, `${verb} ${path} [${type ?? 'no type'}] ${withBody ? body.slice(0, 80) : ''}`);
      }),
      { numRuns: runs(700) },
    );
  });

  it('tRPC procedures over HTTP (GET, POST, batches, unknown paths) answer below 500 with an app code', async () => {
    const trpcRequest = fc.record({
      procs: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...procedures) }, { weight: 1, arbitrary: fc.constantFrom('jobs', 'nope.get', 'jobs.get.x', '', '%', 'jobs.get%00') }), { minLength: 1, maxLength: 3 }),
      batch: fc.boolean(),
      method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      input: fc.oneof(jsonBody, fc.constant(undefined)),
      query: queryString,
      headers: authHeaders,
      type: contentType,
      accept: fc.constantFrom(undefined, 'application/jsonl', 'text/event-stream'),
    });
    await fc.assert(
      fc.asyncProperty(trpcRequest, async ({ procs, batch, method, input, query, headers, type, accept }) => {
        const many = batch || procs.length > 1;
        const payload = input === undefined ? undefined : many ? `{${procs.map((_, i) => `"${i}":${input || 'null'}`).join(',')}}` : input;
        const params = [many ? 'batch=1' : '', method === 'GET' && payload !== undefined ? `input=${encodeURIComponent(payload)}` : '', query.replace(/^\?/, '')].filter((p) => p !== '');
        const path = `/trpc/${procs.join(',')}${params.length > 0 ? `?${params.join('&')}` : ''}`;
        const sendsBody = method !== 'GET' && method !== 'HEAD' && payload !== undefined;
        const reply = await send(method, path, { ...headers, ...(type === undefined ? {} : { 'content-type': type }), ...(accept === undefined ? {} : { 'trpc-accept': accept }) }, sendsBody ? payload : undefined);
        expectWellFormed(reply, `${method} ${path} [${type ?? 'no type'}] ${sendsBody ? payload.slice(0, 80) : ''}`);
      }),
      { numRuns: runs(700) },
    );
  });

  it('the SSE and photo routes answer below 500 whatever their parameters and tokens', async () => {
    const handRoute = fc.record({
      kind: fc.constantFrom('stream', 'photos'),
      jobId: pathParam,
      n: pathParam,
      query: queryString,
      token: fc.oneof(fc.constant(undefined), fc.constantFrom(0, 1, 2).map((i) => jobs[i]?.token ?? ''), headerText(20).map(encodeURIComponent)),
      headers: authHeaders,
    });
    await fc.assert(
      fc.asyncProperty(handRoute, async ({ kind, jobId, n, query, token, headers }) => {
        const base = kind === 'stream' ? `${REST_BASE_PATH}/jobs/${jobId}/stream` : `${REST_BASE_PATH}/jobs/${jobId}/photos/${n}`;
        const sep = query === '' ? '?' : '&';
        const path = base + query + (token === undefined ? '' : `${sep}token=${token}`);
        const reply = await send('GET', path, headers);
        expectWellFormed(reply, `GET ${path}`);
      }),
      { numRuns: runs(250) },
    );
  });

  it('multipart uploads: malformed forms, wrong fields, no boundary, over-limit files → 4xx with a code', async () => {
    const part = fc.record({
      name: fc.constantFrom('file', 'photos', 'enrich', 'format', 'filename', 'idempotencyKey', 'other', ''),
      filename: fc.option(fc.constantFrom('a.csv', 'b.jpg', 'x', '')),
      type: fc.option(fc.constantFrom('text/csv', 'image/jpeg', 'application/octet-stream')),
      content: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('Title\nDune\n', 'true', 'maybe', 'goodreads', '\u0000\u0001'), fc.constant('x'.repeat(LIMIT + 1))),
    });
    const form = fc.record({
      path: fc.constantFrom('/api/v1/imports/csv', '/api/v1/scans'),
      parts: fc.array(part, { maxLength: 7 }),
      boundary: fc.constantFrom('fuzz', 'other'),
      declared: fc.constantFrom('fuzz', '', '"fuzz"'),
      // Unbiased, so a cut lands anywhere in the body, inside a file part too.
      truncate: fc.option(fc.noBias(fc.nat())),
    });
    await fc.assert(
      fc.asyncProperty(form, async ({ path, parts, boundary, declared, truncate }) => {
        const body = `${parts
          .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === null ? '' : `; filename="${p.filename}"`}\r\n${p.type === null ? '' : `Content-Type: ${p.type}\r\n`}\r\n${p.content}\r\n`)
          .join('')}--${boundary}--\r\n`;
        const sent = truncate === null ? body : body.slice(0, truncate % (body.length + 1));
        const type = declared === '' ? 'multipart/form-data' : `multipart/form-data; boundary=${declared}`;
        const reply = await send('POST', path, { 'content-type': type }, sent);
        expectWellFormed(reply, `POST ${path} multipart(${declared}) ${sent.slice(0, 120)}`);
      }),
      { numRuns: runs(150) },
    );
  });

  it('a body shorter than its Content-Length gets a 4xx or a closed connection, never a 5xx', async () => {
    const targets = [
      ...restRoutes.filter((r) => r.method === 'POST').map((r) => restPath(r, [jobs[0]?.jobId ?? 'x', '0'])),
      ...procedures.map((p) => `/trpc/${p}`),
      `${REST_BASE_PATH}/imports/csv`,
    ];
    const truncated = fc.record({
      path: fc.constantFrom(...targets),
      type: fc.constantFrom('application/json', 'multipart/form-data; boundary=fuzz', 'text/plain'),
      body: fc.oneof(jsonBody, fc.constant('--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nTitle\nDu')),
      missing: fc.integer({ min: 1, max: 100_000 }),
    });
    await fc.assert(
      fc.asyncProperty(truncated, async ({ path, type, body, missing }) => {
        const bytes = Buffer.from(body, 'utf8');
        const head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: ${type}\r\nContent-Length: ${bytes.length + missing}\r\n\r\n`;
        const { status, raw } = await sendRaw(head, bytes, { halfClose: true });
        if (status !== null) expect(status, `POST ${path} (${bytes.length}/${bytes.length + missing} bytes) → ${raw.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: runs(60) },
    );
  });

  it('a body just over the limit gets 413 (or a closed connection) on every transport', async () => {
    const over = Buffer.alloc(maxBodyBytes + 1, 0x61);
    const json = Buffer.concat([Buffer.from('{"csv":"'), over, Buffer.from('"}')]);
    const csvFile = Buffer.concat([Buffer.from('--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nTitle\n'), Buffer.alloc(LIMIT + 1, 0x61), Buffer.from('\r\n--fuzz--\r\n')]);
    const cases: { path: string; type: string; body: Buffer }[] = [
      ...restRoutes.filter((r) => r.method === 'POST').map((r) => ({ path: restPath(r, [jobs[0]?.jobId ?? 'x', '0']), type: 'application/json', body: json })),
      ...procedures.map((p) => ({ path: `/trpc/${p}`, type: 'application/json', body: json })),
      { path: `${REST_BASE_PATH}/imports/csv`, type: 'multipart/form-data; boundary=fuzz', body: csvFile },
      { path: `${REST_BASE_PATH}/scans`, type: 'multipart/form-data; boundary=fuzz', body: Buffer.from(csvFile.toString('latin1').replace('name="file"', 'name="photos"'), 'latin1') },
    ];
    for (const { path, type, body } of cases) {
      const head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      const { status, raw } = await sendRaw(head, body, { halfClose: false });
      const what = `POST ${path} [${type}] ${body.length} bytes → ${raw.slice(0, 300)}`;
      if (status === null) continue;
      expect(status, what).toBeLessThan(500);
      const rest = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      if (status === 200) {
        // tRPC answers a subscription over HTTP as an event stream, its error inside (here:
        // subscriptions take GET only), and never reads the body.
        expect(path, what).toBe('/trpc/jobs.onProgress');
        // (The stream is chunked: its lines are looked for, not parsed.)
        expect(rest, what).toContain('event: serialized-error');
        expect(rest, what).toContain('"appCode":"METHOD_NOT_ALLOWED"');
        continue;
      }
      expect(status, what).toBeGreaterThanOrEqual(400);
      if (status === 413 && rest.trim().startsWith('{')) expect(appCodesOf(JSON.parse(rest))).toContain('PAYLOAD_TOO_LARGE');
    }
  });

  it('regression: a malformed escape in the job id of the SSE and photo routes is a 4xx, not a 500 (found by fuzzing)', async () => {
    const token = jobs[0]?.token ?? '';
    for (const path of ['/api/v1/jobs/%/stream', '/api/v1/jobs/%E0%A4%A/stream', `/api/v1/jobs/%/stream?token=${token}`, '/api/v1/jobs/%/photos/0', `/api/v1/jobs/%zz/photos/%?token=${token}`]) {
      const reply = await send('GET', path, { authorization: `Bearer ${token}` });
      expectWellFormed(reply, `GET ${path}`);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
    }
  });

  it('regression: a form that ends inside a file part is a 400, not an uncaught stream error (found by fuzzing)', async () => {
    for (const [path, field] of [
      ['/api/v1/imports/csv', 'file'],
      ['/api/v1/scans', 'photos'],
    ] as const) {
      const body = `--fuzz\r\nContent-Disposition: form-data; name="${field}"; filename="a"\r\n\r\nTitle\nDu`;
      const reply = await send('POST', path, { 'content-type': 'multipart/form-data; boundary=fuzz' }, body);
      expectWellFormed(reply, `POST ${path} ${body}`);
      expect(reply.status).toBe(400);
    }
  });

  it('is still healthy afterwards', async () => {
    const health = await send('GET', '/healthz');
    expect(health.status).toBe(200);
    const again = await send('GET', `${REST_BASE_PATH}/jobs/${jobs[0]?.jobId ?? ''}`, { authorization: `Bearer ${jobs[0]?.token ?? ''}` });
    expect(again.status).toBe(200);
  });
});
