import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import {
  captureFetch,
  checkExchange,
  checkSse,
  createSchemaChecker,
  excerpt,
  formatMismatches,
  isRecord,
  mediaTypeOf,
  operationFor,
  operationsOf,
  sseDataSchema,
  type CheckContext,
  type Exchange,
  type Mismatch,
  type OpenApiDoc,
  type Operation,
  type SwiftDecoders,
} from '../helpers/openapi-replay.js';
import { decodeLikeSwift, decodeSseLikeSwift } from '../helpers/swift-decoder.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { parseConfig } from '../../src/server/config.js';

/**
 * Replays real responses of every operation of the OpenAPI document against the document: for
 * each operation and each status it documents, real requests against real servers (on loopback,
 * providers and Gemini faked) produce that status, and every response seen is checked (status
 * documented, content type documented, JSON body valid against the documented schema, required
 * headers and `Retry-After` on 429, decodable by a Swift client generated from the document; SSE
 * frames one by one). Every mismatch is collected and the test fails once, with the whole list.
 *
 * `PLAN` below is the table operationId → status → how; `UNREACHABLE` lists, with a reason, any
 * documented status no request can produce. A documented status in neither fails the test.
 */

/**
 * How the Swift client decodes dates: swift-openapi-runtime's default transcoder (`.iso8601`, whole
 * seconds), which is what a generated client uses unless the app configures another.
 */
const SWIFT_OPTIONS = { dateTranscoder: 'iso8601' } as const;

const API_KEY = 'replay-api-key-0001';
const ADMIN = 'replay-admin-token-0123456789';
const UNKNOWN_JOB = '00000000-0000-4000-8000-00000000beef';
const FAST = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };
/** The small server's upload limits; its largest accepted request body follows from them (src/server/config.ts). */
const SMALL_LIMITS = { MAX_CSV_BYTES: '1000', MAX_PHOTO_BYTES: '1000' };
/** More than the small server reads in one request body (its maxBodyBytes). */
const OVER_BODY_LIMIT = parseConfig({ ...SMALL_LIMITS }).maxBodyBytes + 1024;

/**
 * Documented statuses no real request can produce, each with the reason. A status listed here that
 * is produced anyway fails the test too (the entry is stale).
 */
const UNREACHABLE: Record<string, Record<number, string>> = {
  'enrichment-start': {
    503:
      'its only 503 is SHUTTING_DOWN, and a JSON start cannot be answered during a shutdown: the REST bridge reads the whole body ' +
      'before the start check runs, while app.close() stops intake and destroys every connection within the same turn of the event ' +
      'loop (jobs.stop() does not wait for running handlers), so the request is cut off unanswered. The multipart CSV route refuses ' +
      'before reading its body, and its SHUTTING_DOWN 503 is replayed under imports-startCsv.',
  },
};

// ---------------------------------------------------------------------------------------------
// The servers and jobs the cases use

interface Started {
  jobId: string;
  token: string;
}

type ServerName = 'main' | 'limits' | 'small' | 'shutdown';

interface Req {
  /** Job (or admin) token, as `Authorization: Bearer`. */
  token?: string;
  /** `X-Api-Key`. */
  apiKey?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  raw?: { contentType: string; body: string | Buffer };
}

interface World {
  servers: Record<ServerName, TestServer>;
  fakes: FakeUpstreams;
  gemini: FakeGemini;
  photo: Buffer;
  otherPhoto: Buffer;
  jobs: {
    /** A finished shelf scan (JSON start): one item matched, one in needs_review (`reviewItem`). */
    scan: Started & { reviewItem: number };
    /** A second finished scan (multipart start), with its own needs_review item. */
    scan2: Started & { reviewItem: number };
    /** A finished CSV import (matched, duplicate, invalid, not_found rows). */
    csv: Started;
    /** A CSV import that failed (CSV_NO_ROWS). */
    failed: Started;
    /** An enrichment run while every provider was down: provider_unavailable items, retryable. */
    outage: Started;
    /** An enrichment canceled while it ran. */
    canceled: Started;
  };
  /** Sends a request to `/api/v1` + target on a server; the exchange is recorded and checked later. */
  send(server: ServerName, method: string, target: string, req?: Req): Promise<Exchange>;
  /** Extra facts for the SSE checks, by exchange. */
  resumedAfter: Map<Exchange, number>;
}

const bearer = (token: string) => ({ token });
const key = { apiKey: API_KEY };

function form(field: string, parts: { bytes: Buffer | string; type?: string; name: string }[], fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const p of parts) body.append(field, new Blob([typeof p.bytes === 'string' ? p.bytes : new Uint8Array(p.bytes)], p.type ? { type: p.type } : {}), p.name);
  return body;
}

/** A finished job's snapshot, polling (each poll is an exchange, checked like any other). */
async function untilFinished(w: World, server: ServerName, job: Started): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ex = await w.send(server, 'GET', `/jobs/${job.jobId}`, bearer(job.token));
    const body = JSON.parse(ex.body.toString('utf8')) as Record<string, unknown>;
    if (['completed', 'failed', 'canceled'].includes(String(body.status))) return body;
    if (Date.now() > deadline) throw new Error(`job ${job.jobId} did not finish: ${excerpt(ex.body.toString('utf8'))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function startedOf(ex: Exchange): Started {
  const body = JSON.parse(ex.body.toString('utf8')) as unknown;
  if (ex.status !== 200 || !isRecord(body) || typeof body.jobId !== 'string' || typeof body.token !== 'string') {
    throw new Error(`a start failed: ${ex.method} ${ex.target} → ${ex.status} ${excerpt(ex.body.toString('utf8'))}`);
  }
  return { jobId: body.jobId, token: body.token };
}

/** The index of the scan's item waiting for review. */
async function reviewItemOf(w: World, job: Started): Promise<number> {
  const ex = await w.send('main', 'GET', `/jobs/${job.jobId}/review`, bearer(job.token));
  const body = JSON.parse(ex.body.toString('utf8')) as { items?: { index: number }[] };
  const index = body.items?.[0]?.index;
  if (index === undefined) throw new Error(`the scan has nothing to review: ${excerpt(ex.body.toString('utf8'))}`);
  return index;
}

const CSV = [
  'Title,Author,ISBN,My Rating,Exclusive Shelf',
  'Dune,Frank Herbert,9780441172719,5,read',
  `A Clockwork Orange,Anthony Burgess,${FIXTURE_ISBNS.clockwork},4,to-read`,
  'Dune,Frank Herbert,9780441172719,5,read',
  'A Row,With,Too,Many,Fields,Here',
  'Nothing Anyone Knows,Nobody At All,,,currently-reading',
  '',
].join('\n');

const SHELF = {
  books: [
    { title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.93, box: { x: 0.05, y: 0.1, width: 0.2, height: 0.8 } },
    { title: 'A Clockwork Orange', author: 'Anthony Burgess', isbn: null, format: 'hardcover', confidence: 0.55, box: { x: 0.4, y: 0.1, width: 0.2, height: 0.8 } },
  ],
};

// ---------------------------------------------------------------------------------------------
// The table: operationId → status → how

interface Case {
  how: string;
  run(w: World): Promise<Exchange>;
}
/**
 * One operation's cases, by the status each produces. Operations run in PLAN order; within one,
 * statuses run in ascending order (JavaScript orders integer keys), cases in the order written, so
 * a case may rely on an earlier one (review-resolve's 409 follows its 200).
 */
interface Planned {
  method: string;
  path: string;
  statuses: Record<number, Case | Case[]>;
}

const c = (how: string, run: (w: World) => Promise<Exchange>): Case => ({ how, run });
/** 415: a POST whose body is text/plain (the REST bridge takes JSON; two routes also take multipart). */
const textPlain = (target: (w: World) => string, extra: (w: World) => Req = () => ({})) =>
  c('a text/plain body', (w) => w.send('main', 'POST', target(w), { ...extra(w), raw: { contentType: 'text/plain', body: 'hello' } }));
/** 429 on the limits server: its one read (or start) a minute was spent when it started. */
const limited = 'on the limits server (RATE_LIMIT_*_PER_MINUTE=1), after its one allowed request';

/** The per-job GET routes share their ways to fail (`more400`: the route's own bad inputs). */
function perJobErrors(suffix: string, ...more400: Case[]): Record<number, Case | Case[]> {
  return {
    400: [c('a jobId that is not a UUID', (w) => w.send('main', 'GET', `/jobs/not-a-uuid${suffix}`, bearer(w.jobs.scan.token))), ...more400],
    401: c('no token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}${suffix}`)),
    404: c('a well-formed UUID no job has, with some token', (w) => w.send('main', 'GET', `/jobs/${UNKNOWN_JOB}${suffix}`, bearer('some-token'))),
    429: c(limited, (w) => w.send('limits', 'GET', `/jobs/${UNKNOWN_JOB}${suffix}`, bearer('some-token'))),
  };
}

const PLAN: Record<string, Planned> = {
  'jobs-get': {
    method: 'GET',
    path: '/jobs/{jobId}',
    statuses: {
      200: [
        c('a finished shelf scan', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}`, bearer(w.jobs.scan.token))),
        c('a finished CSV import', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}`, bearer(w.jobs.csv.token))),
        c('a failed CSV import (error set)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}`, bearer(w.jobs.failed.token))),
        c('a canceled enrichment', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}`, bearer(w.jobs.canceled.token))),
        c('an enrichment with provider_unavailable items, with the admin token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}`, bearer(ADMIN))),
        c('a job right after its start (phase, progress and summary may still be null)', async (w) => {
          const started = startedOf(await w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', enrich: false } }));
          return w.send('main', 'GET', `/jobs/${started.jobId}`, bearer(started.token));
        }),
      ],
      ...perJobErrors(''),
    },
  },
  'jobs-events': {
    method: 'GET',
    path: '/jobs/{jobId}/events',
    statuses: {
      200: [
        c('a shelf scan’s whole log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/events?after=0&limit=500`, bearer(w.jobs.scan.token))),
        c('a CSV import’s log, one page of 3', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/events?limit=3`, bearer(w.jobs.csv.token))),
        c('a failed import’s log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/events`, bearer(w.jobs.failed.token))),
        c('an outage enrichment’s log (warnings)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}/events`, bearer(w.jobs.outage.token))),
        c('a canceled enrichment’s log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/events`, bearer(w.jobs.canceled.token))),
      ],
      ...perJobErrors(
        '/events',
        c('limit=0', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/events?limit=0`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'jobs-results': {
    method: 'GET',
    path: '/jobs/{jobId}/results',
    statuses: {
      200: [
        c('a shelf scan’s items', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/results`, bearer(w.jobs.scan.token))),
        c('a CSV import’s items (matched, duplicate, invalid, not_found)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/results`, bearer(w.jobs.csv.token))),
        c('an outage enrichment’s items (provider_unavailable)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}/results`, bearer(w.jobs.outage.token))),
        c('a canceled enrichment’s items', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/results`, bearer(w.jobs.canceled.token))),
        c('a failed import (no items)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/results`, bearer(w.jobs.failed.token))),
        c('one page of 1 with status=matched (nextCursor set)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/results?limit=1&status=matched`, bearer(w.jobs.csv.token))),
      ],
      ...perJobErrors(
        '/results',
        c('a cursor the server never gave', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/results?cursor=not-ours`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'jobs-cancel': {
    method: 'POST',
    path: '/jobs/{jobId}/cancel',
    statuses: {
      200: [
        c('cancel a finished scan (answers its final state)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/cancel`, bearer(w.jobs.scan.token))),
        c('cancel the canceled enrichment again (idempotent; the first cancel, while it ran, was in the setup)', (w) =>
          w.send('main', 'POST', `/jobs/${w.jobs.canceled.jobId}/cancel`, bearer(w.jobs.canceled.token)),
        ),
      ],
      400: c('a jobId that is not a UUID', (w) => w.send('main', 'POST', '/jobs/not-a-uuid/cancel', bearer(w.jobs.scan.token))),
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/cancel`)),
      404: c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/cancel`, bearer('some-token'))),
      415: textPlain((w) => `/jobs/${w.jobs.scan.jobId}/cancel`, (w) => bearer(w.jobs.scan.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/cancel`, bearer('some-token'))),
    },
  },
  'jobs-retryFailed': {
    method: 'POST',
    path: '/jobs/{jobId}/retry',
    statuses: {
      // The outage job runs again from here on (the cases of the operations above have read it already).
      200: c('the outage enrichment, once the providers are back', (w) => w.send('main', 'POST', `/jobs/${w.jobs.outage.jobId}/retry`, bearer(w.jobs.outage.token))),
      400: c('a jobId that is not a UUID', (w) => w.send('main', 'POST', '/jobs/not-a-uuid/retry', bearer(w.jobs.outage.token))),
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.outage.jobId}/retry`)),
      404: c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/retry`, bearer('some-token'))),
      409: c('a finished scan with nothing to retry (JOB_NOT_RETRYABLE)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/retry`, bearer(w.jobs.scan.token))),
      415: textPlain((w) => `/jobs/${w.jobs.outage.jobId}/retry`, (w) => bearer(w.jobs.outage.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/retry`, bearer('some-token'))),
    },
  },
  'jobs-list': {
    method: 'GET',
    path: '/jobs',
    statuses: {
      200: [
        c('the admin token', (w) => w.send('main', 'GET', '/jobs', bearer(ADMIN))),
        c('the admin token, status=completed&kind=shelf-scan&limit=1 (nextCursor set)', (w) => w.send('main', 'GET', '/jobs?status=completed&kind=shelf-scan&limit=1', bearer(ADMIN))),
      ],
      400: c('limit=0 with the admin token', (w) => w.send('main', 'GET', '/jobs?limit=0', bearer(ADMIN))),
      401: c('a job token instead of the admin token', (w) => w.send('main', 'GET', '/jobs', bearer(w.jobs.scan.token))),
      403: c('on the small server, which has no BOOKSTRACK_ADMIN_TOKEN', (w) => w.send('small', 'GET', '/jobs', bearer(ADMIN))),
    },
  },
  'imports-startCsv': {
    method: 'POST',
    path: '/imports/csv',
    statuses: {
      200: [
        c('JSON {csv, enrich: false}', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title,Author\nDune,Frank Herbert\n', enrich: false } })),
        c('JSON {csvBase64, filename, format}', (w) =>
          w.send('main', 'POST', '/imports/csv', { ...key, json: { csvBase64: Buffer.from(CSV).toString('base64'), filename: 'books.csv', format: 'generic' } }),
        ),
        c('multipart: the file in `file`, enrich=false', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }], { enrich: 'false' }) })),
      ],
      400: [
        c('JSON {} (neither csv nor csvBase64)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: {} })),
        c('JSON with format: "spreadsheet" (not one of the formats)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', format: 'spreadsheet' } })),
        c('multipart without the `file` field', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [], { enrich: 'false' }) })),
        c('multipart with an empty file (CSV_EMPTY)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: '', type: 'text/csv', name: 'empty.csv' }]) })),
      ],
      401: [
        c('JSON without X-Api-Key (the main server has API keys)', (w) => w.send('main', 'POST', '/imports/csv', { json: { csv: 'Title\nDune\n' } })),
        c('multipart with a wrong X-Api-Key', (w) => w.send('main', 'POST', '/imports/csv', { apiKey: 'wrong-key', form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }]) })),
      ],
      409: c('the same idempotencyKey with another file (IDEMPOTENCY_CONFLICT)', async (w) => {
        await w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', enrich: false, idempotencyKey: 'replay-csv' } });
        return w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nEmma\n', enrich: false, idempotencyKey: 'replay-csv' } });
      }),
      413: [
        c('JSON over the request body limit on the small server', (w) => w.send('small', 'POST', '/imports/csv', { json: { csv: `Title\n${'x'.repeat(OVER_BODY_LIMIT)}\n` } })),
        c('multipart: a file over MAX_CSV_BYTES on the small server', (w) => w.send('small', 'POST', '/imports/csv', { form: form('file', [{ bytes: `Title\n${'x'.repeat(1200)}\n`, type: 'text/csv', name: 'big.csv' }]) })),
      ],
      415: c('text/plain (the CSV as the body)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, raw: { contentType: 'text/plain', body: CSV } })),
      429: [
        c(`JSON ${limited}`, (w) => w.send('limits', 'POST', '/imports/csv', { json: { csv: 'Title\nDune\n' } })),
        c(`multipart ${limited}`, (w) => w.send('limits', 'POST', '/imports/csv', { form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }]) })),
      ],
      503: c('multipart arriving as the shutdown server starts shutting down (SHUTTING_DOWN; the route refuses before reading the body)', (w) =>
        duringShutdown(w, () => w.send('shutdown', 'POST', '/imports/csv', { form: form('file', [{ bytes: 'Title\nDune\n', type: 'text/csv', name: 'a.csv' }]) })),
      ),
    },
  },
  'scans-start': {
    method: 'POST',
    path: '/scans',
    statuses: {
      200: [
        c('JSON {photos: [{data, mimeType}]}', (w) => w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.photo.toString('base64'), mimeType: 'image/jpeg' }] } })),
        c('multipart: two files in `photos`', (w) =>
          w.send('main', 'POST', '/scans', {
            ...key,
            form: form('photos', [
              { bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' },
              { bytes: w.otherPhoto, type: 'image/jpeg', name: 'b.jpg' },
            ]),
          }),
        ),
      ],
      400: [
        c('JSON {photos: []}', (w) => w.send('main', 'POST', '/scans', { ...key, json: { photos: [] } })),
        c('multipart: a text file in `photos` (PHOTO_NOT_IMAGE)', (w) => w.send('main', 'POST', '/scans', { ...key, form: form('photos', [{ bytes: 'not a photo at all', type: 'image/jpeg', name: 'a.jpg' }]) })),
        c('multipart without the `photos` field', (w) => w.send('main', 'POST', '/scans', { ...key, form: form('photos', [], { idempotencyKey: 'nothing' }) })),
      ],
      401: [
        c('JSON without X-Api-Key', (w) => w.send('main', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c('multipart without X-Api-Key', (w) => w.send('main', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
      409: c('the same idempotencyKey with another photo', async (w) => {
        await w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.photo.toString('base64') }], idempotencyKey: 'replay-scan' } });
        return w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.otherPhoto.toString('base64') }], idempotencyKey: 'replay-scan' } });
      }),
      413: [
        c('JSON over the request body limit on the small server', (w) => w.send('small', 'POST', '/scans', { json: { photos: [{ data: Buffer.alloc(OVER_BODY_LIMIT, 7).toString('base64') }] } })),
        c('multipart: a photo over MAX_PHOTO_BYTES on the small server', (w) => w.send('small', 'POST', '/scans', { form: form('photos', [{ bytes: Buffer.alloc(1001, 1), type: 'image/jpeg', name: 'big.jpg' }]) })),
      ],
      415: textPlain(() => '/scans', () => key),
      429: [
        c(`JSON ${limited}`, (w) => w.send('limits', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c(`multipart ${limited}`, (w) => w.send('limits', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
      503: [
        c('JSON on the small server, which has no GEMINI_API_KEY (NOT_CONFIGURED)', (w) => w.send('small', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c('multipart on the small server (NOT_CONFIGURED)', (w) => w.send('small', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
    },
  },
  'review-list': {
    method: 'GET',
    path: '/jobs/{jobId}/review',
    statuses: {
      200: [
        c('a scan with an item to review', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan2.jobId}/review`, bearer(w.jobs.scan2.token))),
        c('one page of 1', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/review?limit=1`, bearer(w.jobs.scan.token))),
        c('a failed CSV import (nothing to review)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/review`, bearer(w.jobs.failed.token))),
      ],
      ...perJobErrors(
        '/review',
        c('limit=0', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/review?limit=0`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'review-resolve': {
    method: 'POST',
    path: '/jobs/{jobId}/review/{itemId}',
    statuses: {
      200: [
        c('accept the item in review', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/${w.jobs.scan.reviewItem}`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('edit the other scan’s item in review', (w) =>
          w.send('main', 'POST', `/jobs/${w.jobs.scan2.jobId}/review/${w.jobs.scan2.reviewItem}`, {
            ...bearer(w.jobs.scan2.token),
            json: { decision: { action: 'edit', fields: { title: 'A Clockwork Orange', author: 'Anthony Burgess' } } },
          }),
        ),
      ],
      400: [
        c('itemId that is not a number', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/first`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('an unknown decision', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/0`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'maybe' } } })),
      ],
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/0`, { json: { decision: { action: 'accept' } } })),
      404: [
        c('an item the job does not have', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/99`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/review/0`, { ...bearer('some-token'), json: { decision: { action: 'accept' } } })),
      ],
      409: c('the item already decided (after the 200 above)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/${w.jobs.scan.reviewItem}`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'reject' } } })),
      415: textPlain((w) => `/jobs/${w.jobs.scan.jobId}/review/0`, (w) => bearer(w.jobs.scan.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/review/0`, { ...bearer('some-token'), json: { decision: { action: 'accept' } } })),
    },
  },
  'enrichment-start': {
    method: 'POST',
    path: '/enrichment',
    statuses: {
      200: c('two books', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert' }, { title: 'Unknown', isbn: FIXTURE_ISBNS.unknown }] } })),
      400: [
        c('books: []', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [] } })),
        c('a malformed ISBN', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', isbn: '978-0441' }] } })),
        c('a body that is not JSON', (w) => w.send('main', 'POST', '/enrichment', { ...key, raw: { contentType: 'application/json', body: '{"books": ' } })),
      ],
      401: c('without X-Api-Key', (w) => w.send('main', 'POST', '/enrichment', { json: { books: [{ title: 'Dune' }] } })),
      409: c('the same idempotencyKey with other books', async (w) => {
        await w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune' }], idempotencyKey: 'replay-enrich' } });
        return w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Emma' }], idempotencyKey: 'replay-enrich' } });
      }),
      413: c('over the request body limit on the small server', (w) =>
        w.send('small', 'POST', '/enrichment', { json: { books: [{ title: 'x'.repeat(OVER_BODY_LIMIT) }] } }),
      ),
      415: textPlain(() => '/enrichment', () => key),
      429: c(limited, (w) => w.send('limits', 'POST', '/enrichment', { json: { books: [{ title: 'Dune' }] } })),
    },
  },
  'books-lookupIsbn': {
    method: 'GET',
    path: '/books/isbn/{isbn}',
    statuses: {
      200: [
        c('an ISBN two providers know (merged record)', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`, key)),
        c('an ISBN every provider knows', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.everywhere}`, key)),
        c('an ISBN-10', (w) => w.send('main', 'GET', '/books/isbn/0441172717', key)),
      ],
      400: c('not an ISBN', (w) => w.send('main', 'GET', '/books/isbn/abc', key)),
      401: c('without X-Api-Key', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
      404: c('a valid ISBN no provider knows', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.unknown}`, key)),
      429: c(limited, (w) => w.send('limits', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
      503: c('on the small server, whose providers are unreachable (PROVIDER_UNAVAILABLE)', (w) => w.send('small', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
    },
  },
  'books-search': {
    method: 'GET',
    path: '/books/search',
    statuses: {
      200: [
        c('title and author', (w) => w.send('main', 'GET', '/books/search?title=Dune&author=Herbert&limit=5', key)),
        c('q, matching nothing', (w) => w.send('main', 'GET', '/books/search?q=zzzz%20nothing%20matches', key)),
      ],
      400: c('no title and no q', (w) => w.send('main', 'GET', '/books/search', key)),
      401: c('without X-Api-Key', (w) => w.send('main', 'GET', '/books/search?title=Dune')),
      429: c(limited, (w) => w.send('limits', 'GET', '/books/search?title=Dune')),
      503: c('on the small server, whose providers are unreachable', (w) => w.send('small', 'GET', '/books/search?title=Dune')),
    },
  },
  'jobs-stream': {
    method: 'GET',
    path: '/jobs/{jobId}/stream',
    statuses: {
      200: [
        c('a new enrichment followed live to its end', async (w) => {
          const started = startedOf(
            await w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: '0441172717' }, { title: 'A Clockwork Orange', isbn: FIXTURE_ISBNS.clockwork }] } }),
          );
          return w.send('main', 'GET', `/jobs/${started.jobId}/stream`, bearer(started.token));
        }),
        c('a finished scan replayed, with ?token=', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/stream?token=${w.jobs.scan.token}`)),
        c('a failed import replayed', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/stream`, bearer(w.jobs.failed.token))),
        c('a canceled enrichment resumed with Last-Event-ID: 2', async (w) => {
          const ex = await w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/stream`, { ...bearer(w.jobs.canceled.token), headers: { 'last-event-id': '2' } });
          w.resumedAfter.set(ex, 2);
          return ex;
        }),
        c('the CSV import resumed with ?after=3', async (w) => {
          const ex = await w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/stream?after=3`, bearer(w.jobs.csv.token));
          w.resumedAfter.set(ex, 3);
          return ex;
        }),
      ],
      204: c('a reconnect with Last-Event-ID at a finished job’s last seq (nothing left to send)', async (w) => {
        const snapshot = await w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}`, bearer(w.jobs.failed.token));
        const lastSeq = String((JSON.parse(snapshot.body.toString('utf8')) as { lastSeq?: unknown }).lastSeq);
        return w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/stream`, { ...bearer(w.jobs.failed.token), headers: { 'last-event-id': lastSeq } });
      }),
      ...perJobErrors(
        '/stream',
        c('Last-Event-ID that is not a seq', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/stream`, { ...bearer(w.jobs.scan.token), headers: { 'last-event-id': 'abc' } })),
      ),
    },
  },
  'jobs-photo': {
    method: 'GET',
    path: '/jobs/{jobId}/photos/{photoIndex}',
    statuses: {
      200: [
        c('photo 0 of a scan', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0`, bearer(w.jobs.scan.token))),
        c('the crop of an item, with ?token=', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0?item=${w.jobs.scan.reviewItem}&token=${w.jobs.scan.token}`)),
      ],
      400: c('a photoIndex that is not a number', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/first`, bearer(w.jobs.scan.token))),
      401: c('no token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0`)),
      404: [
        c('a photo the scan does not have', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/9`, bearer(w.jobs.scan.token))),
        c('an unknown job', (w) => w.send('main', 'GET', `/jobs/${UNKNOWN_JOB}/photos/0`, bearer('some-token'))),
      ],
      429: c(limited, (w) => w.send('limits', 'GET', `/jobs/${UNKNOWN_JOB}/photos/0`, bearer('some-token'))),
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Setting the world up

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(env: Record<string, string>, opts: Parameters<typeof startTestServer>[2] = {}): Promise<TestServer> {
  const server = await startTestServer(env, {}, opts);
  cleanups.push(() => server.close());
  return server;
}

async function buildWorld(exchanges: Exchange[], label: { current: string }): Promise<World> {
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
  const failed = startedOf(await send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: 'Title,Author\n', type: 'text/csv', name: 'header-only.csv' }]) }));
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

async function untilStatus(w: World, job: Started): Promise<string> {
  const ex = await w.send('main', 'GET', `/jobs/${job.jobId}`, bearer(job.token));
  return String((JSON.parse(ex.body.toString('utf8')) as { status?: unknown }).status);
}

/**
 * Sends a request to the shutdown server and shuts it down the moment the request arrives (before
 * the server's own handler sees it): intake stops at once, so a route that checks before reading
 * the body answers 503 SHUTTING_DOWN before the shutdown closes its connection.
 */
async function duringShutdown(w: World, send: () => Promise<Exchange>): Promise<Exchange> {
  const { app } = w.servers.shutdown;
  let closing: Promise<void> | undefined;
  const onRequest = () => {
    closing ??= app.close();
  };
  app.server.prependOnceListener('request', onRequest);
  try {
    return await send();
  } finally {
    app.server.off('request', onRequest);
    await closing;
  }
}

// ---------------------------------------------------------------------------------------------
// The test

describe('the OpenAPI document against real responses', () => {
  it('documents every status, content type, header and body each operation really answers with', { timeout: 60_000 }, async () => {
    const exchanges: Exchange[] = [];
    const label = { current: 'setup' };
    const w = await buildWorld(exchanges, label);
    const doc = (await (await fetch(`${w.servers.main.url}/api/openapi.json`)).json()) as OpenApiDoc;
    const ops = operationsOf(doc);
    const mismatches: Mismatch[] = [];
    const ctx: CheckContext = {
      doc,
      schemas: createSchemaChecker(doc),
      swift: {
        decode: (d, schema, value) => {
          decodeLikeSwift(d, schema, value, SWIFT_OPTIONS);
        },
        decodeSse: (d, schema, body) => decodeSseLikeSwift(d, schema, body, SWIFT_OPTIONS),
      } satisfies SwiftDecoders,
      report: (m) => mismatches.push(m),
    };

    // Run the plan, in order, and note what each case produced.
    const produced = new Map<string, Set<number>>();
    const planFor = (op: Operation): [string, Planned] | undefined =>
      Object.entries(PLAN).find(([id]) => id === op.operationId) ?? Object.entries(PLAN).find(([, p]) => p.method === op.method && p.path === op.path);
    for (const [operationId, planned] of Object.entries(PLAN)) {
      for (const [statusText, cases] of Object.entries(planned.statuses)) {
        const status = Number(statusText);
        for (const one of Array.isArray(cases) ? cases : [cases]) {
          label.current = `${operationId} ${status}: ${one.how}`;
          try {
            const ex = await one.run(w);
            const seen = produced.get(operationId) ?? new Set<number>();
            seen.add(ex.status);
            produced.set(operationId, seen);
            if (ex.status !== status) {
              mismatches.push({ operation: operationId, status, kind: 'case', what: `the case did not produce ${status}: got ${ex.status}`, via: `${ex.label} — ${ex.method} ${ex.target}`, body: excerpt(ex.body.toString('utf8')) });
            }
          } catch (error: unknown) {
            mismatches.push({ operation: operationId, status, kind: 'case', what: `the case failed: ${error instanceof Error ? error.message : String(error)}`, via: label.current });
          }
        }
      }
    }

    // Check every exchange seen (setup and polls included) against its operation.
    for (const ex of exchanges) {
      const op = operationFor(ops, ex.method, ex.target.split('?')[0] ?? '');
      if (!op) continue;
      checkExchange(ctx, op, ex);
      if (ex.status === 200 && mediaTypeOf(ex.headers['content-type']) === 'text/event-stream') {
        const after = w.resumedAfter.get(ex);
        checkSse(ctx, op, ex, sseDataSchema(doc, op), after !== undefined ? { resumedAfter: after } : {});
      }
    }

    // Coverage: every documented status of every operation was produced (or is UNREACHABLE, with a reason).
    for (const op of ops) {
      const plan = planFor(op);
      if (!plan) {
        mismatches.push({ operation: op.operationId, status: '-', kind: 'coverage', what: `${op.method} ${op.path} has no entry in PLAN: add how to produce each of its statuses (${Object.keys(op.responses).join(', ')})` });
        continue;
      }
      const [planId, planned] = plan;
      const seen = produced.get(planId) ?? new Set<number>();
      for (const statusText of Object.keys(op.responses)) {
        const status = Number(statusText);
        const unreachable = UNREACHABLE[op.operationId]?.[status] ?? UNREACHABLE[planId]?.[status];
        if (unreachable !== undefined) {
          if (seen.has(status)) mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: `listed in UNREACHABLE (${unreachable}) but produced: remove the entry` });
          continue;
        }
        if (!Number.isInteger(status)) {
          mismatches.push({ operation: op.operationId, status: statusText, kind: 'coverage', what: `a status range or default (${statusText}): list a concrete status in PLAN or UNREACHABLE` });
        } else if (!(status in planned.statuses)) {
          mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: 'documented, but no case in PLAN produces it (add one, or list it in UNREACHABLE with the reason)' });
        } else if (!seen.has(status)) {
          mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: 'documented, but the planned case(s) could not produce it' });
        }
      }
    }
    for (const [id, planned] of Object.entries(PLAN)) {
      if (!ops.some((op) => op.operationId === id || (op.method === planned.method && op.path === planned.path))) {
        mismatches.push({ operation: id, status: '-', kind: 'coverage', what: `PLAN has ${planned.method} ${planned.path}, which the document does not have` });
      }
    }

    expect(mismatches.length === 0 ? '' : formatMismatches(mismatches)).toBe('');
  });
});

