import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { describeConfig, parseConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { startFakeGemini, startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { followSse } from '../helpers/sse.js';
import { bearer, cleanups, jpeg, JSON_HEADERS, runCleanups, server, settle, trpcQuery, wsClient } from '../helpers/access.js';

/** The access suite of the hardening issue (with access.test.ts and the other access-*.test.ts): secrets in the logs. */
afterEach(runCleanups);

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

