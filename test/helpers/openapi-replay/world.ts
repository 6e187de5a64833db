import { FIXTURE_ISBNS } from '../../fakes/catalogue.js';
import { type FakeGemini, type FakeUpstreams } from '../../fakes/index.js';
import { type TestServer } from '../test-server.js';
import { parseConfig } from '../../../src/server/config.js';
import { isRecord } from './document.js';
import { excerpt, type Exchange } from './exchanges.js';

// The servers and jobs the cases use

export const API_KEY = 'replay-api-key-0001';
export const ADMIN = 'replay-admin-token-0123456789';
export const UNKNOWN_JOB = '00000000-0000-4000-8000-00000000beef';
/** The small server's upload limits; its largest accepted request body follows from them (src/server/config.ts). */
export const SMALL_LIMITS = { MAX_CSV_BYTES: '1000', MAX_PHOTO_BYTES: '1000' };
/** More than the small server reads in one request body (its maxBodyBytes). */
export const OVER_BODY_LIMIT = parseConfig({ ...SMALL_LIMITS }).maxBodyBytes + 1024;

export interface Started {
  jobId: string;
  token: string;
}

export type ServerName = 'main' | 'limits' | 'small' | 'shutdown';

export interface Req {
  /** Job (or admin) token, as `Authorization: Bearer`. */
  token?: string;
  /** `X-Api-Key`. */
  apiKey?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  raw?: { contentType: string; body: string | Buffer };
}

export interface World {
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
    /** A CSV import that failed (CSV_NO_TITLE_COLUMN). */
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

export const bearer = (token: string) => ({ token });
export const key = { apiKey: API_KEY };

export function form(field: string, parts: { bytes: Buffer | string; type?: string; name: string }[], fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const p of parts) body.append(field, new Blob([typeof p.bytes === 'string' ? p.bytes : new Uint8Array(p.bytes)], p.type ? { type: p.type } : {}), p.name);
  return body;
}

/** A finished job's snapshot, polling (each poll is an exchange, checked like any other). */
export async function untilFinished(w: World, server: ServerName, job: Started): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ex = await w.send(server, 'GET', `/jobs/${job.jobId}`, bearer(job.token));
    const body = JSON.parse(ex.body.toString('utf8')) as Record<string, unknown>;
    if (['completed', 'failed', 'canceled'].includes(String(body.status))) return body;
    if (Date.now() > deadline) throw new Error(`job ${job.jobId} did not finish: ${excerpt(ex.body.toString('utf8'))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function startedOf(ex: Exchange): Started {
  const body = JSON.parse(ex.body.toString('utf8')) as unknown;
  if (ex.status !== 200 || !isRecord(body) || typeof body.jobId !== 'string' || typeof body.token !== 'string') {
    throw new Error(`a start failed: ${ex.method} ${ex.target} → ${ex.status} ${excerpt(ex.body.toString('utf8'))}`);
  }
  return { jobId: body.jobId, token: body.token };
}

/** The index of the scan's item waiting for review. */
export async function reviewItemOf(w: World, job: Started): Promise<number> {
  const ex = await w.send('main', 'GET', `/jobs/${job.jobId}/review`, bearer(job.token));
  const body = JSON.parse(ex.body.toString('utf8')) as { items?: { index: number }[] };
  const index = body.items?.[0]?.index;
  if (index === undefined) throw new Error(`the scan has nothing to review: ${excerpt(ex.body.toString('utf8'))}`);
  return index;
}

export const CSV = [
  'Title,Author,ISBN,My Rating,Exclusive Shelf',
  'Dune,Frank Herbert,9780441172719,5,read',
  `A Clockwork Orange,Anthony Burgess,${FIXTURE_ISBNS.clockwork},4,to-read`,
  'Dune,Frank Herbert,9780441172719,5,read',
  'A Row,With,Too,Many,Fields,Here',
  'Nothing Anyone Knows,Nobody At All,,,currently-reading',
  '',
].join('\n');

export async function untilStatus(w: World, job: Started): Promise<string> {
  const ex = await w.send('main', 'GET', `/jobs/${job.jobId}`, bearer(job.token));
  return String((JSON.parse(ex.body.toString('utf8')) as { status?: unknown }).status);
}

/**
 * Sends a request to the shutdown server and shuts it down the moment the request arrives (before
 * the server's own handler sees it): intake stops at once, so a route that checks before reading
 * the body answers 503 SHUTTING_DOWN before the shutdown closes its connection.
 */
export async function duringShutdown(w: World, send: () => Promise<Exchange>): Promise<Exchange> {
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
