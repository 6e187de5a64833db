import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery, ProviderPace } from '../types.js';
import { classifyStatus } from '../upstream/classify.js';
import { chunk } from '../isbns.js';
import { UpstreamClient, type UpstreamPolicy, type UpstreamExtras } from '../upstream/upstream-client.js';
import { fromBooksApi, fromSearchDoc } from './openlibrary.map.js';
import { OL_SEARCH_FIELDS, ZOlBooksApiResponse, ZOlSearchResponse } from './openlibrary.schema.js';

export interface OpenLibraryOptions {
  baseUrl: string;
  coversBaseUrl: string;
  /** OpenLibrary asks frequent callers to identify themselves with an app name and a contact. */
  userAgent: string;
  policy: UpstreamPolicy;
  /** ISBNs per bulk call; the bibkeys list goes in the URL, so keep it well under URL limits. */
  batchSize?: number;
  /** Pacing shared with the other processes that call this provider (PostgreSQL mode), and telemetry. */
  upstream?: UpstreamExtras | undefined;
}

/**
 * OpenLibrary: bulk ISBN lookup through `/api/books` (many bibkeys a call) and `search.json`
 * for title/author. No key; 180 requests/min per IP on `/api` and `.json` routes.
 */
export class OpenLibraryProvider implements BookProvider {
  readonly name = 'openlibrary' as const;
  readonly isbnBatchSize: number;
  get pace(): ProviderPace {
    return this.upstream.pace;
  }
  readonly upstream: UpstreamClient;

  constructor(private readonly opts: OpenLibraryOptions) {
    this.isbnBatchSize = opts.batchSize ?? 50;
    this.upstream = new UpstreamClient({
      provider: this.name,
      baseUrl: opts.baseUrl,
      headers: { 'user-agent': opts.userAgent },
      policy: opts.policy,
      classify: (status) => classifyStatus(status, 'OpenLibrary'),
      ...opts.upstream,
    });
  }

  async lookupIsbns(isbn13s: readonly string[], call: ProviderCall): Promise<Map<string, ProviderRecord>> {
    const found = new Map<string, ProviderRecord>();
    const batches = chunk([...new Set(isbn13s)], this.isbnBatchSize);
    await Promise.all(
      batches.map(async (batch) => {
        const query = { bibkeys: batch.map((i) => `ISBN:${i}`).join(','), format: 'json', jscmd: 'data' };
        const records = await this.upstream.request({ path: '/api/books', query }, call, ({ status, json }) =>
          status === 404 ? {} : ZOlBooksApiResponse.parse(json),
          (found) => Object.keys(found).length === 0,
        );
        for (const isbn of batch) {
          const record = records[`ISBN:${isbn}`];
          if (record) found.set(isbn, fromBooksApi(record, isbn, this.opts.coversBaseUrl));
        }
      }),
    );
    return found;
  }

  async search(query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]> {
    const params = { title: query.title, author: query.author, q: query.q, limit: String(query.limit), fields: OL_SEARCH_FIELDS };
    const response = await this.upstream.request({ path: '/search.json', query: params }, call, ({ status, json }) =>
      status === 404 ? { numFound: 0, docs: [] } : ZOlSearchResponse.parse(json),
      (found) => found.docs.length === 0,
    );
    return response.docs.map((doc) => fromSearchDoc(doc, this.opts.coversBaseUrl));
  }
}
