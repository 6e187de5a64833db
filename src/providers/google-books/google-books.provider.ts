import { UpstreamAttemptError } from '../errors.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery, ProviderPace } from '../types.js';
import { classifyStatus } from '../upstream/classify.js';
import { UpstreamClient, type UpstreamPolicy, type UpstreamExtras } from '../upstream/upstream-client.js';
import { fromVolume } from './google-books.map.js';
import { ZGoogleError, ZGoogleVolumes } from './google-books.schema.js';

export interface GoogleBooksOptions {
  /** Up to and including the version, e.g. `https://www.googleapis.com/books/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  policy: UpstreamPolicy;
  /** Pacing shared with the other processes that call this provider (PostgreSQL mode), and telemetry. */
  upstream?: UpstreamExtras | undefined;
}

/**
 * Quota answers are "provider down", never "not found": 429, 403 (restricted or throttled key),
 * and 400 when a keyed quota is exhausted. A daily quota will not come back within a request,
 * so only 429 is retried.
 */
export function classifyGoogle(status: number, json: unknown): 'ok' | UpstreamAttemptError {
  if (status === 400 || status === 403) {
    const error = ZGoogleError.safeParse(json);
    const reason = error.success ? (error.data.error.errors?.[0]?.reason ?? error.data.error.status) : undefined;
    return new UpstreamAttemptError(`Google Books refused the request (${status}${reason ? ` ${reason}` : ''})`, false);
  }
  return classifyStatus(status, 'Google Books');
}

/** Escapes a phrase for a `q=` field: quotes keep multi-word titles together. */
const phrase = (text: string) => `"${text.replace(/"/g, ' ').trim()}"`;

/** Google Books: one `volumes?q=isbn:` call per ISBN (no bulk lookup), `intitle:`/`inauthor:` search. */
export class GoogleBooksProvider implements BookProvider {
  readonly name = 'google-books' as const;
  readonly isbnBatchSize = 1;
  get pace(): ProviderPace {
    return this.upstream.pace;
  }
  readonly upstream: UpstreamClient;

  constructor(private readonly opts: GoogleBooksOptions) {
    this.upstream = new UpstreamClient({ provider: this.name, baseUrl: opts.baseUrl, headers: {}, policy: opts.policy, classify: classifyGoogle, ...opts.upstream });
  }

  async lookupIsbns(isbn13s: readonly string[], call: ProviderCall): Promise<Map<string, ProviderRecord>> {
    const found = new Map<string, ProviderRecord>();
    await Promise.all(
      [...new Set(isbn13s)].map(async (isbn) => {
        const records = await this.volumes(`isbn:${isbn}`, 5, call);
        // Google's isbn: search sometimes answers other editions; keep the one that carries the ISBN.
        const record = records.find((r) => r.isbn13s.includes(isbn));
        if (record) found.set(isbn, record);
      }),
    );
    return found;
  }

  search(query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]> {
    const terms = [
      query.title ? `intitle:${phrase(query.title)}` : undefined,
      query.author ? `inauthor:${phrase(query.author)}` : undefined,
      query.q,
    ].filter((t): t is string => t !== undefined);
    return this.volumes(terms.join(' '), query.limit, call);
  }

  private async volumes(q: string, limit: number, call: ProviderCall): Promise<ProviderRecord[]> {
    const query = { q, maxResults: String(Math.min(limit, 40)), printType: 'books', key: this.opts.apiKey };
    const response = await this.upstream.request({ path: '/volumes', query }, call, ({ status, json }) =>
      status === 404 ? { totalItems: 0 } : ZGoogleVolumes.parse(json),
      (found) => (found.items ?? []).length === 0,
    );
    return (response.items ?? []).map(fromVolume).filter((r): r is ProviderRecord => r !== undefined);
  }
}
