import { createTRPCClient, createWSClient, httpBatchLink, httpLink, splitLink, wsLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import WebSocket from 'ws';
import type { TJobEvent } from '../contract/job-events.js';
import type { AppRouter } from '../router/app.js';
import { watchJob, type WatchJobOptions } from './watch-job.js';

export interface BooksTrackClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Default bearer for HTTP calls (a job token, or the admin token); per call: `{ context: { token } }`. */
  token?: string;
  /** Sent as `X-Api-Key` when the server requires API keys to start jobs. */
  apiKey?: string;
  /** WebSocket implementation; defaults to the global one (browsers), else `ws` (Node 20 has none). */
  WebSocket?: typeof globalThis.WebSocket;
  /** Delay before reconnect attempt `n` (default: 0, then exponential up to 5 s). */
  retryDelayMs?: (attempt: number) => number;
  /** Called when the subscription socket opens or closes (reconnects are automatic). */
  onConnectionChange?: (state: 'open' | 'closed') => void;
}

/** Per-call options: `context.token` authorises that one call (it then goes unbatched). */
export interface CallContext {
  token?: string;
}

export interface BooksTrackClient {
  /** The typed tRPC client: `trpc.jobs.get.query({ jobId }, { context: { token } })`. */
  trpc: TRPCClient<AppRouter>;
  /** Follows a job to its terminal event, resuming across reconnects; yields each event once. */
  watchJob: (jobId: string, token: string, opts?: WatchJobOptions) => AsyncGenerator<TJobEvent, void>;
  /** Closes the subscription socket. */
  close: () => Promise<void>;
}

/** The global WebSocket where there is one (browsers, Node 22), else `ws` (Node 20 has none). */
function defaultWebSocket(): typeof globalThis.WebSocket {
  const global = (globalThis as { WebSocket?: typeof globalThis.WebSocket }).WebSocket;
  return global ?? (WebSocket as unknown as typeof globalThis.WebSocket);
}

const defaultRetryDelay = (attempt: number): number => (attempt === 0 ? 0 : Math.min(250 * 2 ** attempt, 5_000));

/**
 * The links behind the client: subscriptions over one WebSocket (reconnecting, resuming after the
 * last event seen), queries and mutations over HTTP. Queries are batched unless a call carries its
 * own token. Mutations never are: a start carries its whole file, and a batch of starts was one
 * body (a 10 MB CSV and 25 MB of photos started together made one 36 MB request: past the body
 * limit with a few more uploads, and one long parse on the server).
 */
export function createBooksTrackLinks(opts: BooksTrackClientOptions): { links: TRPCLink<AppRouter>[]; close: () => Promise<void> } {
  const base = opts.url.replace(/\/+$/, '');
  const headers = (token: string | undefined): Record<string, string> => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
  });
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    WebSocket: opts.WebSocket ?? defaultWebSocket(),
    connectionParams: () => ({ ...(opts.token ? { token: opts.token } : {}), ...(opts.apiKey ? { apiKey: opts.apiKey } : {}) }),
    keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 2_000 },
    retryDelayMs: opts.retryDelayMs ?? defaultRetryDelay,
    lazy: { enabled: true, closeMs: 1_000 },
    onOpen: () => opts.onConnectionChange?.('open'),
    onClose: () => opts.onConnectionChange?.('closed'),
  });
  const url = `${base}/trpc`;
  const links: TRPCLink<AppRouter>[] = [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink<AppRouter>({ client: wsClient }),
      false: splitLink({
        condition: (op) => op.type === 'mutation' || typeof (op.context as CallContext).token === 'string',
        true: httpLink<AppRouter>({ url, headers: ({ op }) => headers((op.context as CallContext).token) }),
        false: httpBatchLink<AppRouter>({ url, headers: () => headers(opts.token) }),
      }),
    }),
  ];
  return { links, close: () => wsClient.close() };
}

/** The typed client for apps, the CLI and tests. */
export function createBooksTrackClient(opts: BooksTrackClientOptions): BooksTrackClient {
  const { links, close } = createBooksTrackLinks(opts);
  const trpc = createTRPCClient<AppRouter>({ links });
  return { trpc, watchJob: (jobId, token, watchOpts) => watchJob(trpc, jobId, token, watchOpts), close };
}
