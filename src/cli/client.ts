import { TRPCClientError } from '@trpc/client';
import { createBooksTrackClient, type BooksTrackClient } from '../client/index.js';

/** Options every command takes (`--url`, `--token`, `--api-key`, `--json`). */
export interface GlobalOptions {
  url: string;
  token?: string;
  apiKey?: string;
  json?: boolean;
}

export const DEFAULT_URL = 'http://127.0.0.1:8787';

export function connect(opts: GlobalOptions): BooksTrackClient {
  return createBooksTrackClient({ url: opts.url, ...(opts.apiKey ? { apiKey: opts.apiKey } : {}), retryDelayMs: (n) => Math.min(250 * 2 ** n, 2_000) });
}

/** A failure the CLI reports and exits non-zero on (usage problems exit 2, the rest 1). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The job token a per-job command needs: `--token`, else `BOOKSTRACK_TOKEN`. */
export function requireToken(opts: GlobalOptions): string {
  if (opts.token) return opts.token;
  throw new CliError('this command needs the job token: pass --token (it was printed when the job started) or set BOOKSTRACK_TOKEN', 2);
}

interface ErrorData {
  appCode?: string;
  field?: string | null;
  httpStatus?: number;
}

/** One clear sentence for any failure: the server's code and field, or why it could not be reached. */
export function describeError(error: unknown, url: string): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as ErrorData;
    if (data.appCode) return `${data.appCode}${data.field ? ` (${data.field})` : ''}: ${error.message}`;
    const cause = (error.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? (error.cause as { code?: string } | undefined)?.code;
    if (cause === 'ECONNREFUSED' || /fetch failed/i.test(error.message)) return `cannot reach the server at ${url} (is \`bookstrack serve\` running? --url sets where)`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Every item of a paginated read, following `nextCursor` until it is null. */
export async function allPages<T>(page: (cursor: { cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor ? { cursor } : {});
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
