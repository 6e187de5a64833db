import type { Logger } from 'pino';
import type { BlobStore, JobsStore, ProviderCacheStore } from '../db/store.js';

/**
 * Deletes finished jobs past their results TTL (events, items, steps and tokens go with them by
 * cascade), then the blobs no job uses any more, then expired provider answers. Returns what it removed.
 */
export async function purgeExpiredJobs(
  deps: { jobs: Pick<JobsStore, 'expiredIds' | 'deleteMany'>; blobs: Pick<BlobStore, 'purgeOrphans'>; cache: Pick<ProviderCacheStore, 'purgeExpired'>; logger: Logger },
  now: number,
): Promise<{ jobs: number; blobs: number; cacheEntries: number }> {
  let removed = 0;
  for (;;) {
    const ids = await deps.jobs.expiredIds(now, 500);
    if (ids.length === 0) break;
    removed += await deps.jobs.deleteMany(ids);
  }
  const blobs = await deps.blobs.purgeOrphans(now);
  const cacheEntries = await deps.cache.purgeExpired(now);
  if (removed > 0 || blobs > 0 || cacheEntries > 0) deps.logger.info({ jobs: removed, blobs, cacheEntries }, 'purged expired job results and cache entries');
  return { jobs: removed, blobs, cacheEntries };
}
