import type { TJobEvent, TJobEventInput } from '../contract/job-events.js';
import { isoTimestamp } from '../contract/timestamps.js';
import { checkDatabase, inTransaction, type Db } from './client.js';
import { FileBlobStore } from './file-blob-store.js';
import { ImportReuseRepo } from './repos/import-reuse.repo.js';
import { JobEventsRepo } from './repos/job-events.repo.js';
import { JobItemsRepo } from './repos/job-items.repo.js';
import { JobStepsRepo } from './repos/job-steps.repo.js';
import { JobTokensRepo } from './repos/job-tokens.repo.js';
import { JobsRepo } from './repos/jobs.repo.js';
import { ProviderCacheRepo } from './repos/provider-cache.repo.js';
import { causes } from './causes.js';
import type { ChangeResult, CreateResult, JobChange, JobStore, NewJob } from './store.js';

/**
 * The embedded SQLite store. Its repositories are synchronous (better-sqlite3), and each method
 * here runs to completion before it returns its promise: a transaction never spans an `await`, so
 * no other statement on the one connection can slip into it.
 */
export function createSqliteStore(db: Db, blobDir: string): JobStore {
  const jobs = new JobsRepo(db);
  const items = new JobItemsRepo(db);
  const events = new JobEventsRepo(db);
  const tokens = new JobTokensRepo(db);
  const steps = new JobStepsRepo(db);
  const cache = new ProviderCacheRepo(db);
  const reuse = new ImportReuseRepo(db);
  const blobs = new FileBlobStore(db, blobDir);

  /** Gives each input the job's next seq and stores it (inside the caller's transaction). */
  const append = (jobId: string, inputs: readonly TJobEventInput[], now: number): TJobEvent[] =>
    inputs.map((input) => {
      const event: TJobEvent = { ...input, jobId, seq: jobs.nextSeq(jobId), at: isoTimestamp(now) };
      events.insert(event, now);
      return event;
    });

  const change = (jobId: string, c: JobChange): ChangeResult =>
    inTransaction(db, (): ChangeResult => {
      if (c.lease !== undefined && !jobs.holdsLease(jobId, c.lease)) return { applied: false };
      const before = jobs.get(jobId);
      if (!before || (c.whileStatus && !c.whileStatus.includes(before.status))) return { applied: false };
      const w = c.items;
      if (w?.copyFrom) reuse.copyItems(w.copyFrom.jobId, jobId, w.copyFrom.keep, c.now);
      if (w?.create) items.insertMany(jobId, w.create, c.now);
      if (w?.putPending) items.upsertPending(jobId, w.putPending, c.now);
      if (w?.outcomes) items.setOutcomes(jobId, w.outcomes, c.now);
      const reset = w?.resetToPending ? items.resetToPending(jobId, w.resetToPending, c.now) : 0;
      if (c.step) steps.put(jobId, c.step.key, c.step.value ?? null, c.now);
      const job = c.patch ? (jobs.update(jobId, c.patch) ?? before) : before;
      const inputs = typeof c.events === 'function' ? c.events({ job, reset }) : (c.events ?? []);
      const appended = append(jobId, inputs, c.now);
      return { applied: true, job: { ...job, lastSeq: appended.at(-1)?.seq ?? job.lastSeq }, events: appended, reset };
    });

  const create = (job: NewJob, now: number): CreateResult =>
    inTransaction(db, (): CreateResult => {
      const { row } = job;
      if (row.idempotencyKey != null && row.clientKey != null) {
        const existing = jobs.findIdempotent(row.kind, row.clientKey, row.idempotencyKey);
        if (existing) {
          const sameInput = existing.inputHash === row.inputHash;
          if (sameInput) tokens.add(existing.id, job.tokenHash, now);
          return { created: false, job: existing, sameInput };
        }
      }
      if (row.idempotencyKey == null && row.clientKey != null && job.sameAsActiveSince !== undefined) {
        const active = jobs.findActiveSame(row.kind, row.clientKey, row.inputHash, job.sameAsActiveSince);
        if (active) {
          tokens.add(active.id, job.tokenHash, now);
          return { created: false, job: active, sameInput: true, duplicate: true };
        }
      }
      const inserted = jobs.insert(row);
      tokens.add(inserted.id, job.tokenHash, now);
      for (const blob of job.blobs) blobs.link(inserted.id, blob.sha256, blob.role);
      const appended = append(inserted.id, [job.event], now);
      return { created: true, job: { ...inserted, lastSeq: appended.at(-1)?.seq ?? inserted.lastSeq }, events: appended };
    });

  return {
    dialect: 'sqlite',
    jobs: {
      get: async (id) => jobs.get(id),
      list: async (filter) => jobs.list(filter),
      create: async (job, now) => create(job, now),
      change: async (jobId, c) => change(jobId, c),
      decide: async (jobId, index, now, decide) =>
        inTransaction(db, () => {
          const job = jobs.get(jobId);
          const item = items.get(jobId, index);
          if (!job) throw new Error(`job ${jobId} vanished while an item was decided`);
          const decision = decide(job, item);
          items.setOutcome(jobId, index, decision.outcome, now);
          const totals = items.counts(jobId);
          // The summary is what the job reported when it ended; its counts follow the decisions made since.
          jobs.update(jobId, { ...(job.summary ? { summary: { ...job.summary, itemCount: totals.total, counts: totals.counts } } : {}), updatedAt: now });
          const [event] = append(jobId, [decision.event], now);
          const updated = items.get(jobId, index);
          if (!event || !updated) throw new Error(`item ${index} of job ${jobId} vanished while it was decided`);
          return { item: updated, totals, event };
        }),
      claimNext: async (kind, lease, now, leaseMs) => jobs.claimNext(kind, lease, now, leaseMs),
      renewLease: async (id, lease, until) => jobs.renewLease(id, lease, until),
      expiredLeases: async (now) => jobs.expiredLeases(now),
      queueState: async (now) => jobs.queueState(now),
      unfinishedByKind: async () => jobs.unfinishedByKind(),
      progressedInLastRun: async (id) => jobs.progressedInLastRun(id),
      requestCancel: async (id, now) => {
        jobs.requestCancel(id, now);
      },
      cancelRequestedAmong: async (ids) => jobs.cancelRequestedAmong(ids),
      lastSeqs: async (ids) => jobs.lastSeqs(ids),
      expiredIds: async (now, limit) => jobs.expiredIds(now, limit),
      deleteMany: async (ids) => jobs.deleteMany(ids),
    },
    items: {
      get: async (jobId, index) => items.get(jobId, index),
      page: async (jobId, opts) => items.page(jobId, opts),
      counts: async (jobId, search) => items.counts(jobId, search),
      countsMany: async (jobIds) => items.countsMany(jobIds),
    },
    events: { listAfter: async (jobId, after, limit) => events.listAfter(jobId, after, limit) },
    tokens: { hashesFor: async (jobId) => tokens.hashesFor(jobId) },
    steps: { get: async (jobId, key) => steps.get(jobId, key) },
    cache: {
      get: async (key, now) => cache.get(key, now),
      getMany: async (keys, now) => cache.getMany(keys, now),
      putMany: async (entries, now) => {
        cache.putMany(entries, now);
      },
      purgeExpired: async (now) => cache.purgeExpired(now),
      delete: async (key) => {
        cache.delete(key);
      },
    },
    reuse: { preparedJobs: async (opts) => reuse.preparedJobs(opts) },
    blobs,
    check: async () => checkDatabase(db),
    // Another connection held the file past busy_timeout (job worker threads, other processes).
    unavailable: (error) => causes(error).some((e) => (e as { code?: unknown }).code === 'SQLITE_BUSY'),
    close: async () => {
      db.$client.close();
    },
  };
}
