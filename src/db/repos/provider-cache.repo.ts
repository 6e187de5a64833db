import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import { prepared, type Db } from '../client.js';
import { providerCache } from '../schema/provider-cache.js';

/** A cached answer: `value` null means "the provider does not know this" (a cached miss). */
export interface CacheEntry {
  value: unknown;
}

/** The provider answer cache (see the table). Keys are built by the caller and carry a version. */
export class ProviderCacheRepo {
  constructor(private readonly db: Db) {}

  /** Fresh entries among `keys`, by key. */
  getMany(keys: readonly string[], now: number): Map<string, CacheEntry> {
    const out = new Map<string, CacheEntry>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = this.db
        .select({ key: providerCache.key, value: providerCache.value })
        .from(providerCache)
        .where(and(inArray(providerCache.key, keys.slice(i, i + 500)), gt(providerCache.expiresAt, now)))
        .all();
      for (const row of rows) out.set(row.key, { value: row.value });
    }
    return out;
  }

  /**
   * One fresh entry. A prepared statement, not the query builder: a lookup list peeks once per
   * request and provider (10,000 a large import), and building each query cost more than running it.
   */
  get(key: string, now: number): CacheEntry | undefined {
    const row = prepared(this.db, 'SELECT value FROM provider_cache WHERE key = ? AND expires_at > ?').get(key, now) as { value: string | null } | undefined;
    return row === undefined ? undefined : { value: row.value === null ? null : (JSON.parse(row.value) as unknown) };
  }

  putMany(entries: readonly { key: string; provider: string; value: unknown; ttlMs: number }[], now: number): void {
    if (entries.length === 0) return;
    // A prepared statement, not the query builder: a bulk lookup caches hundreds of answers at once.
    const upsert = prepared(this.db, 
      'INSERT INTO provider_cache (key, provider, value, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET provider = excluded.provider, value = excluded.value, created_at = excluded.created_at, expires_at = excluded.expires_at',
    );
    this.db.$client.transaction(() => {
      for (const e of entries) upsert.run(e.key, e.provider, JSON.stringify(e.value), now, now + e.ttlMs);
    })();
  }

  /** Deletes expired entries; returns how many. */
  purgeExpired(now: number): number {
    return this.db.delete(providerCache).where(lte(providerCache.expiresAt, now)).run().changes;
  }

  /** Forgets one key (tests, and operators correcting a bad answer). */
  delete(key: string): void {
    this.db.delete(providerCache).where(eq(providerCache.key, key)).run();
  }
}
