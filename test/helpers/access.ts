import { createTRPCClient, createWSClient, TRPCClientError, wsLink, type TRPCClient } from '@trpc/client';
import sharp from 'sharp';
import WebSocket from 'ws';
import { startFakeGemini, type FakeGemini } from '../fakes/index.js';
import { startTestServer, type TestServer } from './test-server.js';
import type { TestRouter } from './test-router.js';

/**
 * Shared pieces of the access suite (`test/e2e/access-*.test.ts`): servers and fakes that are
 * stopped after each test, and each transport's answer reduced to `{status, appCode}`.
 */
/** What the access tests started; `afterEach(runCleanups)` stops it. */
export const cleanups: (() => Promise<void> | void)[] = [];
export async function runCleanups(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

export async function server(env: Record<string, string>, opts: Parameters<typeof startTestServer>[2] = {}): Promise<TestServer> {
  const s = await startTestServer(env, {}, opts);
  cleanups.push(() => s.close());
  return s;
}
export async function gemini(): Promise<FakeGemini> {
  const g = await startFakeGemini();
  cleanups.push(() => g.close());
  // Every photo reads as one book, so scans finish with an item (review.resolve then has one to refuse).
  g.setDefault(() => ({ json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: null, format: 'paperback', confidence: 0.9, box: { x: 0.1, y: 0.1, width: 0.3, height: 0.8 } }] } }));
  return g;
}
export const geminiEnv = (g: FakeGemini) => ({ GEMINI_API_KEY: g.apiKey, GEMINI_BASE_URL: g.url });

export const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer();

export type Outcome = { status: number; appCode: string | undefined };
export const OK: Outcome = { status: 200, appCode: undefined };
export const DENIED: Outcome = { status: 401, appCode: 'UNAUTHORIZED' };
export const NOT_FOUND: Outcome = { status: 404, appCode: 'NOT_FOUND' };

export async function outcomeOf(res: Response): Promise<Outcome> {
  const text = await res.text();
  if (res.status === 200) return OK;
  const body = JSON.parse(text) as { data?: { appCode?: string }; error?: { data?: { appCode?: string } } };
  return { status: res.status, appCode: body.data?.appCode ?? body.error?.data?.appCode };
}

export function outcomeOfError(err: unknown): Outcome {
  const data = err instanceof TRPCClientError ? (err.data as { httpStatus?: number; appCode?: string } | undefined) : undefined;
  return { status: data?.httpStatus ?? -1, appCode: data?.appCode };
}

export const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A tRPC client whose every call (queries and mutations too) goes over one WebSocket. */
export function wsClient(url: string, connectionParams: Record<string, string>): { trpc: TRPCClient<TestRouter>; close: () => Promise<void> } {
  const client = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => connectionParams,
    retryDelayMs: () => 50,
  });
  cleanups.push(() => client.close());
  return { trpc: createTRPCClient<TestRouter>({ links: [wsLink<TestRouter>({ client })] }), close: () => client.close() };
}

export async function settle(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return OK;
  } catch (err: unknown) {
    return outcomeOfError(err);
  }
}

/** The first event of a subscription (then unsubscribes), or its error. */
export function firstEvent(trpc: TRPCClient<TestRouter>, input: { jobId: string; token?: string }): Promise<Outcome> {
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
export async function streamOutcome(res: Response): Promise<Outcome> {
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
export async function trpcSseOutcome(res: Response): Promise<Outcome> {
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

/** A tRPC query URL with its input. */
export const trpcQuery = (proc: string, input: Record<string, unknown>) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
