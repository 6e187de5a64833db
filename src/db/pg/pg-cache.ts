import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { CacheEntry, ProviderCacheStore } from '../store.js';
import { chunked, lastByKey, type PgExec } from './pg-exec.js';
import { providerCache } from './schema/provider-cache.js';

/** The provider answer cache on PostgreSQL (`ProviderCacheRepo`'s queries); only fresh entries are read. */
export function pgProviderCache(db: PgExec): ProviderCacheStore {
  return {
    async get(key, now) {
      const [row] = await db
        .select({ value: providerCache.value })
        .from(providerCache)
        .where(and(eq(providerCache.key, key), gt(providerCache.expiresAt, now)));
      return row === undefined ? undefined : { value: row.value ?? null };
    },

    async getMany(keys, now) {
      const out = new Map<string, CacheEntry>();
      for (const slice of chunked(keys)) {
        const rows = await db
          .select({ key: providerCache.key, value: providerCache.value })
          .from(providerCache)
          .where(and(inArray(providerCache.key, slice), gt(providerCache.expiresAt, now)));
        for (const row of rows) out.set(row.key, { value: row.value ?? null });
      }
      return out;
    },

    async putMany(entries, now) {
      if (entries.length === 0) return;
      // One statement per slice, so a bulk lookup's hundreds of answers are written together.
      await db.transaction(async (tx) => {
        for (const slice of chunked(lastByKey(entries, (e) => e.key))) {
          await tx
            .insert(providerCache)
            .values(slice.map((e) => ({ key: e.key, provider: e.provider, value: e.value ?? null, createdAt: now, expiresAt: now + e.ttlMs })))
            .onConflictDoUpdate({
              target: providerCache.key,
              set: { provider: sql`excluded.provider`, value: sql`excluded.value`, createdAt: sql`excluded.created_at`, expiresAt: sql`excluded.expires_at` },
            });
        }
      });
    },

    async purgeExpired(now) {
      const result = await db.delete(providerCache).where(lte(providerCache.expiresAt, now));
      return result.rowCount ?? 0;
    },

    async delete(key) {
      await db.delete(providerCache).where(eq(providerCache.key, key));
    },
  };
}
