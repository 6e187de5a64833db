import { and, eq, sql } from 'drizzle-orm';
import type { JobStore } from '../store.js';
import { claimNext, renewLease } from './claims.js';
import type { PgDb } from './client.js';
import { pgBlobStore } from './pg-blob-store.js';
import { pgProviderCache } from './pg-cache.js';
import { listEventsAfter } from './pg-events.js';
import { countItems, countItemsMany, getItem, pageItems } from './pg-item-reads.js';
import { createJob } from './pg-job-create.js';
import { changeJob, decideItem } from './pg-job-writes.js';
import * as jobRows from './pg-jobs.js';
import { preparedJobs } from './pg-reuse.js';
import { pgUnavailable } from './pg-unavailable.js';
import { jobSteps } from './schema/job-steps.js';
import { jobTokens } from './schema/job-tokens.js';

/**
 * The PostgreSQL store (`DATABASE_URL`), for several processes on several machines sharing one
 * database: every method that writes several rows is one transaction on one pooled connection,
 * and the writes to a job serialise on its row's lock. It behaves as the SQLite store does; the
 * contract suite (`test/integration/store-contract.test.ts`) runs the same cases on both.
 * `close()` ends the pool.
 */
export function createPgStore(db: PgDb): JobStore {
  let closing: Promise<void> | undefined;
  return {
    dialect: 'postgres',
    jobs: {
      get: (id) => jobRows.getJob(db, id),
      list: (filter) => jobRows.listJobs(db, filter),
      create: (job, now) => createJob(db, job, now),
      change: (jobId, c) => changeJob(db, jobId, c),
      decide: (jobId, index, now, decide) => decideItem(db, jobId, index, now, decide),
      claimNext: (kind, lease, now, leaseMs) => claimNext(db, kind, lease, now, leaseMs),
      renewLease: (id, lease, until) => renewLease(db, id, lease, until),
      expiredLeases: (now) => jobRows.expiredLeases(db, now),
      queueState: (now) => jobRows.queueState(db, now),
      unfinishedByKind: () => jobRows.unfinishedByKind(db),
      progressedInLastRun: (id) => jobRows.progressedInLastRun(db, id),
      requestCancel: (id, now) => jobRows.requestCancel(db, id, now),
      cancelRequestedAmong: (ids) => jobRows.cancelRequestedAmong(db, ids),
      lastSeqs: (ids) => jobRows.lastSeqs(db, ids),
      expiredIds: (now, limit) => jobRows.expiredIds(db, now, limit),
      deleteMany: (ids) => jobRows.deleteJobs(db, ids),
    },
    items: {
      get: (jobId, index) => getItem(db, jobId, index),
      page: (jobId, opts) => pageItems(db, jobId, opts),
      counts: (jobId, search) => countItems(db, jobId, search),
      countsMany: (jobIds) => countItemsMany(db, jobIds),
    },
    events: { listAfter: (jobId, after, limit) => listEventsAfter(db, jobId, after, limit) },
    tokens: {
      // Oldest first, the order SQLite reads them in (its index on job_id keeps insertion order).
      hashesFor: async (jobId) => {
        const rows = await db.select({ h: jobTokens.tokenHash }).from(jobTokens).where(eq(jobTokens.jobId, jobId)).orderBy(jobTokens.createdAt);
        return rows.map((r) => r.h);
      },
    },
    steps: {
      get: async (jobId, key) => {
        const [row] = await db.select({ value: jobSteps.value }).from(jobSteps).where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.key, key)));
        return row ? { value: row.value ?? null } : undefined;
      },
    },
    cache: pgProviderCache(db),
    reuse: { preparedJobs: (opts) => preparedJobs(db, opts) },
    blobs: pgBlobStore(db),
    check: async () => {
      try {
        await db.execute(sql`select 1`);
        return { ok: true };
      } catch (error: unknown) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    unavailable: pgUnavailable,
    // Once: ending a pg pool twice throws, and a shutdown path may close the store more than once.
    close: () => (closing ??= db.$client.end()),
  };
}
