import { chunk } from '../isbns.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery, ProviderPace } from '../types.js';
import { classifyStatus } from '../upstream/classify.js';
import { UpstreamClient, type UpstreamPolicy, type UpstreamExtras } from '../upstream/upstream-client.js';
import { fromIsbndbBook } from './isbndb.map.js';
import { ZIsbndbBookResponse, ZIsbndbBooksResponse } from './isbndb.schema.js';

export interface IsbndbOptions {
  baseUrl: string;
  apiKey: string;
  policy: UpstreamPolicy;
  /** `POST /books` with many ISBNs a call (each ISBN still counts against the daily quota). */
  bulk: boolean;
  /** ISBNs per bulk call: 100 on Basic, 1,000 on Premium and above. */
  bulkSize?: number;
  /** Pacing shared with the other processes that call this provider (PostgreSQL mode), and telemetry. */
  upstream?: UpstreamExtras | undefined;
}

const records = (books: Parameters<typeof fromIsbndbBook>[0][]) =>
  books.map(fromIsbndbBook).filter((r): r is ProviderRecord => r !== undefined);

/** ISBNdb v2: `Authorization: <key>` header, `/book/{isbn}`, `/books/{query}`, bulk `POST /books` when enabled. */
export class IsbndbProvider implements BookProvider {
  readonly name = 'isbndb' as const;
  readonly isbnBatchSize: number;
  get pace(): ProviderPace {
    return this.upstream.pace;
  }
  readonly upstream: UpstreamClient;

  constructor(private readonly opts: IsbndbOptions) {
    this.isbnBatchSize = opts.bulk ? (opts.bulkSize ?? 100) : 1;
    this.upstream = new UpstreamClient({
      provider: this.name,
      baseUrl: opts.baseUrl,
      headers: { authorization: opts.apiKey },
      policy: opts.policy,
      classify: (status) => classifyStatus(status, 'ISBNdb'),
      ...opts.upstream,
    });
  }

  async lookupIsbns(isbn13s: readonly string[], call: ProviderCall): Promise<Map<string, ProviderRecord>> {
    const wanted = [...new Set(isbn13s)];
    const found = new Map<string, ProviderRecord>();
    const keep = (list: ProviderRecord[]) => {
      for (const record of list) for (const isbn of record.isbn13s) if (wanted.includes(isbn)) found.set(isbn, record);
    };
    if (this.opts.bulk) {
      await Promise.all(
        chunk(wanted, this.isbnBatchSize).map(async (batch) => {
          const request = { path: '/books', method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ isbns: batch }) };
          const books = await this.upstream.request(request, call, ({ status, json }) => (status === 404 ? [] : ZIsbndbBooksResponse.parse(json)), (found) => found.length === 0);
          keep(records(books));
        }),
      );
      return found;
    }
    await Promise.all(
      wanted.map(async (isbn) => {
        // 404 is a miss here; ISBNdb also documents 404 for an exhausted quota, which we cannot tell apart.
        const book = await this.upstream.request({ path: `/book/${isbn}` }, call, ({ status, json }) =>
          status === 404 ? undefined : ZIsbndbBookResponse.parse(json).book,
        );
        if (book) keep(records([book]));
      }),
    );
    return found;
  }

  async search(query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]> {
    const [text, column] = query.title ? [query.title, 'title'] : query.author ? [query.author, 'author'] : [query.q ?? '', ''];
    const params = { page: '1', pageSize: String(query.limit), column, ...(query.title && query.author ? { author: query.author } : {}) };
    const books = await this.upstream.request({ path: `/books/${encodeURIComponent(text.slice(0, 150))}`, query: params }, call, ({ status, json }) =>
      status === 404 ? [] : ZIsbndbBooksResponse.parse(json),
      (found) => found.length === 0,
    );
    return records(books);
  }
}
