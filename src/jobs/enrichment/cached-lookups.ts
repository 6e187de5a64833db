import type { TMetadataProvider } from '../../contract/books.js';
import type { CacheEntry, ProviderCacheStore } from '../../db/store.js';
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

/** Keys read from the cache per query. */
const PEEK_BATCH = 250;

/** Who waits for a cache read. */
interface Waiter {
  resolve(entry: CacheEntry | undefined): void;
  reject(error: unknown): void;
}

/** One answer to cache: `value` null is a miss. */
interface CacheWrite {
  key: string;
  provider: string;
  value: unknown;
  ttlMs: number;
}

/** What one provider said about a set of ISBNs. */
export interface IsbnLookup {
  found: Map<string, ProviderRecord>;
  /** ISBNs the provider could not be asked about (outage): retryable, not "not found". */
  unavailable: Set<string>;
}

/**
 * A provider seen through the cache: hits and misses come from SQLite, the rest go upstream, and
 * what comes back is kept. `peek*` answer from the cache alone (undefined: not cached), `ask*`
 * go upstream; `isbns` and `search` do both.
 */
export class CachedLookups {
  /**
   * Answers not yet written, by key. Writes are batched: every answer that arrives before the
   * event loop turns goes into one transaction (a search wrote one transaction per answer).
   */
  private readonly unwritten = new Map<string, CacheWrite>();
  private flushQueued = false;
  private writeError: Error | undefined;
  /**
   * Keys asked for and not yet read, in batches of at most `PEEK_BATCH`, each with who waits for
   * it. A batch is read with one query (a page of items entering the pipeline peeks once, not once
   * per item: a round trip each on PostgreSQL); the first right after the turn that asked, the
   * next ones a turn of the event loop apart, so that answering a large all-cached list (every
   * answer settles an item) never holds the thread in one go.
   */
  private readonly batches: Map<string, Waiter[]>[] = [];
  private reading = false;

  constructor(
    private readonly cache: Pick<ProviderCacheStore, 'getMany' | 'putMany'>,
    private readonly now: () => number,
  ) {}

  /** The cached answer for one ISBN: a record, `null` for a cached miss, undefined when not cached. */
  async peekIsbn(provider: TMetadataProvider, isbn13: string): Promise<ProviderRecord | null | undefined> {
    const entry = await this.entry(isbnKey(provider, isbn13));
    return entry === undefined ? undefined : ((entry.value ?? null) as ProviderRecord | null);
  }

  /** Writes the answers still held now (also done by itself on the next turn of the event loop). */
  async flush(): Promise<void> {
    this.flushQueued = false;
    if (this.unwritten.size === 0) return;
    const entries = [...this.unwritten.values()];
    this.unwritten.clear();
    await this.cache.putMany(entries, this.now());
  }

  private entry(key: string): Promise<CacheEntry | undefined> {
    const held = this.unwritten.get(key);
    if (held) return Promise.resolve(held);
    return new Promise((resolve, reject) => {
      let batch = this.batches.at(-1);
      if (!batch || batch.size >= PEEK_BATCH) this.batches.push((batch = new Map<string, Waiter[]>()));
      const waiters = batch.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else batch.set(key, [{ resolve, reject }]);
      if (this.reading) return;
      this.reading = true;
      queueMicrotask(() => this.readNextBatch());
    });
  }

  private readNextBatch(): void {
    const batch = this.batches.shift();
    if (!batch) {
      this.reading = false;
      return;
    }
    this.cache
      .getMany([...batch.keys()], this.now())
      .then(
        (found) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(this.unwritten.get(key) ?? found.get(key));
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => setImmediate(() => this.readNextBatch()));
  }

  private write(entries: readonly CacheWrite[]): void {
    const failed = this.writeError;
    this.writeError = undefined;
    if (failed) throw failed;
    for (const e of entries) this.unwritten.set(e.key, e);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flush().catch((error: unknown) => {
        // Thrown from a timer it would take the process down: the next lookup that writes fails
        // instead, in the job that made it (a closed database after the job ended loses nothing).
        this.writeError = new Error('writing the provider cache failed', { cause: error });
      });
    });
  }

  /** One upstream lookup of at most `isbnBatchSize` ISBNs, hits and misses cached; throws on an outage. */
  async askIsbns(provider: BookProvider, batch: readonly string[], call: ProviderCall): Promise<Map<string, ProviderRecord>> {
    const found = await provider.lookupIsbns(batch, call);
    const entries = batch.map((isbn) => {
      const record = found.get(isbn);
      return { key: isbnKey(provider.name, isbn), provider: provider.name, value: record ?? null, ttlMs: record ? CACHE_TTL_MS.isbnHit : CACHE_TTL_MS.miss };
    });
    this.write(entries);
    return found;
  }

  async isbns(provider: BookProvider, isbn13s: readonly string[], call: ProviderCall): Promise<IsbnLookup> {
    const result: IsbnLookup = { found: new Map(), unavailable: new Set() };
    const ask: string[] = [];
    const unique = [...new Set(isbn13s)];
    // Peeked together, so the cache is read with one query.
    const cached = await Promise.all(unique.map((isbn) => this.peekIsbn(provider.name, isbn)));
    unique.forEach((isbn, i) => {
      const hit = cached[i];
      if (hit === undefined) ask.push(isbn);
      else if (hit !== null) result.found.set(isbn, hit);
    });
    await Promise.all(
      chunk(ask, provider.isbnBatchSize).map(async (batch) => {
        try {
          for (const [isbn, record] of await this.askIsbns(provider, batch, call)) result.found.set(isbn, record);
        } catch (error: unknown) {
          if (!(error instanceof ProviderUnavailableError)) throw error;
          for (const isbn of batch) result.unavailable.add(isbn);
        }
      }),
    );
    return result;
  }

  /** The cached records of a search (empty for a cached miss), undefined when not cached. */
  async peekSearch(provider: TMetadataProvider, query: SearchQuery): Promise<ProviderRecord[] | undefined> {
    const entry = await this.entry(searchKey(provider, query));
    return entry === undefined ? undefined : ((entry.value ?? []) as ProviderRecord[]);
  }

  /** A search upstream, its answer cached; throws `ProviderUnavailableError` on an outage (never cached). */
  async askSearch(provider: BookProvider, query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]> {
    const records = await provider.search(query, call);
    const ttlMs = records.length > 0 ? CACHE_TTL_MS.searchHit : CACHE_TTL_MS.miss;
    this.write([{ key: searchKey(provider.name, query), provider: provider.name, value: records.length > 0 ? records : null, ttlMs }]);
    return records;
  }

  async search(provider: BookProvider, query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]> {
    return (await this.peekSearch(provider.name, query)) ?? (await this.askSearch(provider, query, call));
  }
}
