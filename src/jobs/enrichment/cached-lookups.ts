import type { TMetadataProvider } from '../../contract/books.js';
import type { ProviderCacheRepo } from '../../db/repos/provider-cache.repo.js';
import { ProviderUnavailableError } from '../../providers/errors.js';
import { chunk } from '../../providers/isbns.js';
import type { BookProvider, ProviderCall, ProviderRecord, SearchQuery } from '../../providers/types.js';

/** How long answers stay cached: ISBN hits long, searches shorter, misses short; outages never. */
export const CACHE_TTL_MS = {
  isbnHit: 30 * 24 * 3_600_000,
  searchHit: 3 * 24 * 3_600_000,
  miss: 12 * 3_600_000,
} as const;

/** Bump when the cached record shape changes, so old entries are simply not found. */
const VERSION = 'v1';
const isbnKey = (p: TMetadataProvider, isbn: string) => `${VERSION}:isbn:${p}:${isbn}`;
const searchKey = (p: TMetadataProvider, q: SearchQuery) =>
  `${VERSION}:search:${p}:${JSON.stringify([q.title?.toLowerCase() ?? '', q.author?.toLowerCase() ?? '', q.q?.toLowerCase() ?? '', q.limit])}`;

/** What one provider said about a set of ISBNs. */
export interface IsbnLookup {
  found: Map<string, ProviderRecord>;
  /** ISBNs the provider could not be asked about (outage): retryable, not "not found". */
  unavailable: Set<string>;
  /** Upstream calls made (cache hits make none). */
  calls: number;
}

/**
 * A provider seen through the cache: hits and misses come from SQLite, the rest go upstream in
 * the provider's batch size, and each batch succeeds or fails on its own.
 */
export class CachedLookups {
  constructor(
    private readonly cache: ProviderCacheRepo,
    private readonly now: () => number,
  ) {}

  async isbns(provider: BookProvider, isbn13s: readonly string[], call: ProviderCall): Promise<IsbnLookup> {
    const result: IsbnLookup = { found: new Map(), unavailable: new Set(), calls: 0 };
    const unique = [...new Set(isbn13s)];
    const cached = this.cache.getMany(unique.map((i) => isbnKey(provider.name, i)), this.now());
    const ask: string[] = [];
    for (const isbn of unique) {
      const entry = cached.get(isbnKey(provider.name, isbn));
      if (entry === undefined) ask.push(isbn);
      else if (entry.value !== null) result.found.set(isbn, entry.value as ProviderRecord);
    }
    await Promise.all(
      chunk(ask, provider.isbnBatchSize).map(async (batch) => {
        result.calls++;
        try {
          const found = await provider.lookupIsbns(batch, call);
          const entries = batch.map((isbn) => {
            const record = found.get(isbn);
            if (record) result.found.set(isbn, record);
            return { key: isbnKey(provider.name, isbn), provider: provider.name, value: record ?? null, ttlMs: record ? CACHE_TTL_MS.isbnHit : CACHE_TTL_MS.miss };
          });
          this.cache.putMany(entries, this.now());
        } catch (error: unknown) {
          if (!(error instanceof ProviderUnavailableError)) throw error;
          for (const isbn of batch) result.unavailable.add(isbn);
        }
      }),
    );
    return result;
  }

  /** A search; throws `ProviderUnavailableError` on an outage (never cached). */
  async search(provider: BookProvider, query: SearchQuery, call: ProviderCall): Promise<{ records: ProviderRecord[]; calls: number }> {
    const key = searchKey(provider.name, query);
    const entry = this.cache.get(key, this.now());
    if (entry !== undefined) return { records: (entry.value ?? []) as ProviderRecord[], calls: 0 };
    const records = await provider.search(query, call);
    const ttlMs = records.length > 0 ? CACHE_TTL_MS.searchHit : CACHE_TTL_MS.miss;
    this.cache.putMany([{ key, provider: provider.name, value: records.length > 0 ? records : null, ttlMs }], this.now());
    return { records, calls: 1 };
  }
}
