import type { Logger } from 'pino';
import type { BlobStore } from '../db/blob-store.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { ProviderCacheRepo } from '../db/repos/provider-cache.repo.js';

/**
 * Deletes finished jobs past their results TTL (events, items, steps and tokens go with them by
 * cascade), then the blobs no job uses any more, then expired provider answers. Returns what it removed.
 */
export async function purgeExpiredJobs(
  deps: { jobs: JobsRepo; blobs: BlobStore; cache: ProviderCacheRepo; logger: Logger },
  now: number,
): Promise<{ jobs: number; blobs: number; cacheEntries: number }> {
  let removed = 0;
  for (;;) {
    const ids = deps.jobs.expiredIds(now, 500);
    if (ids.length === 0) break;
    removed += deps.jobs.deleteMany(ids);
  }
  const blobs = await deps.blobs.purgeOrphans(now);
  const cacheEntries = deps.cache.purgeExpired(now);
  if (removed > 0 || blobs > 0 || cacheEntries > 0) deps.logger.info({ jobs: removed, blobs, cacheEntries }, 'purged expired job results and cache entries');
  return { jobs: removed, blobs, cacheEntries };
}
