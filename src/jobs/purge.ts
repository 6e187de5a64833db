import type { Logger } from 'pino';
import type { BlobStore } from '../db/blob-store.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';

/**
 * Deletes finished jobs past their results TTL (events, items, steps and tokens go with them by
 * cascade), then the blobs no job uses any more. Returns what it removed.
 */
export async function purgeExpiredJobs(deps: { jobs: JobsRepo; blobs: BlobStore; logger: Logger }, now: number): Promise<{ jobs: number; blobs: number }> {
  let removed = 0;
  for (;;) {
    const ids = deps.jobs.expiredIds(now, 500);
    if (ids.length === 0) break;
    removed += deps.jobs.deleteMany(ids);
  }
  const blobs = await deps.blobs.purgeOrphans(now);
  if (removed > 0 || blobs > 0) deps.logger.info({ jobs: removed, blobs }, 'purged expired job results');
  return { jobs: removed, blobs };
}
