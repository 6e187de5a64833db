import sharp from 'sharp';
import { startFakeGemini, startFakeUpstreams } from '../../fakes/index.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { captureFetch, type Exchange } from './exchanges.js';
import { ADMIN, API_KEY, bearer, CSV, form, key, reviewItemOf, SMALL_LIMITS, startedOf, UNKNOWN_JOB, untilFinished, untilStatus, type Req, type ServerName, type World } from './world.js';

// Setting the world up

const FAST = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };

const SHELF = {
  books: [
    { title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.93, box: { x: 0.05, y: 0.1, width: 0.2, height: 0.8 } },
    { title: 'A Clockwork Orange', author: 'Anthony Burgess', isbn: null, format: 'hardcover', confidence: 0.55, box: { x: 0.4, y: 0.1, width: 0.2, height: 0.8 } },
  ],
};

const cleanups: (() => Promise<void>)[] = [];

/** Closes what the world started (servers, fakes), the last started first. */
export async function closeWorld(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

async function startServer(env: Record<string, string>, opts: Parameters<typeof startTestServer>[2] = {}): Promise<TestServer> {
  const server = await startTestServer(env, {}, opts);
  cleanups.push(() => server.close());
  return server;
}

export async function buildWorld(exchanges: Exchange[], label: { current: string }): Promise<World> {
  const gemini = await startFakeGemini();
  cleanups.push(() => gemini.close());
  gemini.setDefault(() => ({ json: SHELF }));
  const fakes = await startFakeUpstreams();
  cleanups.push(() => fakes.close());
  const [main, limits, small, shutdown] = await Promise.all([
    startServer(
      {
        ...fakes.env,
        ...FAST,
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        BOOKSTRACK_API_KEYS: API_KEY,
        BOOKSTRACK_ADMIN_TOKEN: ADMIN,
        RATE_LIMIT_READS_PER_MINUTE: '100000',
        RATE_LIMIT_STARTS_PER_MINUTE: '100000',
        SSE_HEARTBEAT_MS: '50',
      },
      { fastProviders: true },
    ),
    startServer({ RATE_LIMIT_READS_PER_MINUTE: '1', RATE_LIMIT_STARTS_PER_MINUTE: '1' }),
    startServer({ ...SMALL_LIMITS }, { fastProviders: true }),
    startServer({}),
  ]);
  const servers: Record<ServerName, TestServer> = { main, limits, small, shutdown };
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#886644' } }).jpeg().toBuffer();
  const otherPhoto = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#224466' } }).jpeg().toBuffer();

  async function send(server: ServerName, method: string, target: string, req: Req = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
    if (req.apiKey !== undefined) headers['x-api-key'] = req.apiKey;
    let body: string | Buffer | FormData | undefined;
    let contentType: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      contentType = headers['content-type'] = 'application/json';
    } else if (req.form) {
      body = req.form;
      contentType = 'multipart/form-data';
    } else if (req.raw) {
      body = req.raw.body;
      contentType = headers['content-type'] = req.raw.contentType;
    }
    const res = await fetch(`${servers[server].url}/api/v1${target}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' || body instanceof FormData ? body : new Uint8Array(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const ex = await captureFetch(`${label.current} [${server} server]`, method, target, contentType, res);
    exchanges.push(ex);
    return ex;
  }

  const w: World = {
    servers,
    fakes,
    gemini,
    photo,
    otherPhoto,
    jobs: undefined as unknown as World['jobs'],
    send,
    resumedAfter: new Map(),
  };

  // The limits server: spend its one read and its one start a minute (these answers are checked too).
  label.current = 'setup: spend the limits server’s one read';
  await send('limits', 'GET', `/jobs/${UNKNOWN_JOB}`, bearer('some-token'));
  label.current = 'setup: spend the limits server’s one start';
  await send('limits', 'POST', '/enrichment', { json: { books: [] } });

  // An enrichment while every provider is down: its items end provider_unavailable (retryable).
  label.current = 'setup: an enrichment during an outage';
  for (const fake of fakes.all()) fake.faults.down = true;
  const outage = startedOf(await send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: '0441172717' }, { title: 'Emma', author: 'Jane Austen' }] } }));
  await untilFinished(w, 'main', outage);
  for (const fake of fakes.all()) fake.faults.down = false;

  // An enrichment canceled while it runs (every provider answers slowly meanwhile).
  label.current = 'setup: an enrichment canceled while it runs';
  for (const fake of fakes.all()) fake.faults.latencyMs = 300;
  const canceled = startedOf(await send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert' }, { title: 'Emma', author: 'Jane Austen' }] } }));
  for (let i = 0; i < 200 && (await untilStatus(w, canceled)) === 'queued'; i++) await new Promise((r) => setTimeout(r, 10));
  await send('main', 'POST', `/jobs/${canceled.jobId}/cancel`, bearer(canceled.token));
  await untilFinished(w, 'main', canceled);
  for (const fake of fakes.all()) fake.faults.latencyMs = 0;
  // The providers' breakers opened during the outage: let them close (FAST_POLICY: 300 ms).
  await new Promise((r) => setTimeout(r, 350));

  label.current = 'setup: two shelf scans';
  const scan = startedOf(await send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: photo.toString('base64'), mimeType: 'image/jpeg' }] } }));
  const scan2 = startedOf(await send('main', 'POST', '/scans', { ...key, form: form('photos', [{ bytes: otherPhoto, type: 'image/jpeg', name: 'shelf.jpg' }]) }));
  label.current = 'setup: CSV imports';
  const csv = startedOf(await send('main', 'POST', '/imports/csv', { ...key, json: { csv: CSV, filename: 'books.csv' } }));
  const failed = startedOf(await send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: 'Colour,Weight\nblue,1kg\n', type: 'text/csv', name: 'no-title.csv' }]) }));
  label.current = 'setup: waiting for the jobs';
  for (const job of [scan, scan2, csv, failed]) await untilFinished(w, 'main', job);
  w.jobs = {
    scan: { ...scan, reviewItem: await reviewItemOf(w, scan) },
    scan2: { ...scan2, reviewItem: await reviewItemOf(w, scan2) },
    csv,
    failed,
    outage,
    canceled,
  };
  return w;
}
