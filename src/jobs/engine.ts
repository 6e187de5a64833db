import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RETRYABLE_ITEM_STATUSES, isTerminalStatus } from '../contract/job-status.js';
import type { TJobSnapshot, TJobStarted } from '../contract/jobs.js';
import type { BlobStore } from '../db/blob-store.js';
import type { JobItemsRepo } from '../db/repos/job-items.repo.js';
import type { JobTokensRepo } from '../db/repos/job-tokens.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobRow } from '../db/schema/jobs.js';
import { AppError } from '../errors.js';
import type { JobCatalog, JobDefinition, JobRegistry } from './define.js';
import type { JobEventLog } from './event-log.js';
import type { JobExecutor } from './executor.js';
import { toSnapshot } from './snapshot.js';
import { hashToken, newJobToken } from './tokens.js';
import type { JobTransitions } from './transitions.js';

export interface EnqueueOptions {
  /** Who starts the job (API key or IP, hashed): scopes idempotency keys. */
  clientKey: string;
  idempotencyKey?: string | undefined;
  /** Uploaded blobs this job reads; they live as long as the job. */
  blobs?: readonly { sha256: string; role: string }[];
}

export interface JobEngineDeps<TCatalog extends JobCatalog> {
  registry: JobRegistry<TCatalog>;
  jobs: JobsRepo;
  items: JobItemsRepo;
  tokens: JobTokensRepo;
  blobs: BlobStore;
  eventLog: JobEventLog;
  transitions: JobTransitions;
  /** What runs jobs: told when one is queued, retried or canceled. */
  runner: Pick<JobExecutor, 'wake' | 'abort'>;
  now: () => number;
}

/** Starting and steering jobs. Reads live in `JobQueries`. */
export class JobEngine<TCatalog extends JobCatalog> {
  constructor(private readonly deps: JobEngineDeps<TCatalog>) {}

  /**
   * Validates and persists a job with its first event and returns its id and token at once; the
   * runner picks it up. The same idempotency key (per client and kind) returns the same job.
   */
  enqueue<K extends keyof TCatalog & string>(kind: K, input: z.input<TCatalog[K]>, opts: EnqueueOptions): TJobStarted {
    const def: JobDefinition = this.deps.registry[kind];
    const parsed = def.input.safeParse(input);
    if (!parsed.success) throw new AppError('INVALID_INPUT', z.prettifyError(parsed.error), { cause: parsed.error });
    const inputHash = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
    const token = newJobToken();
    const now = this.deps.now();

    const started = this.deps.eventLog.commit((append): TJobStarted => {
      if (opts.idempotencyKey !== undefined) {
        const existing = this.deps.jobs.findIdempotent(kind, opts.clientKey, opts.idempotencyKey);
        if (existing) {
          if (existing.inputHash !== inputHash) {
            throw new AppError('IDEMPOTENCY_CONFLICT', 'this idempotency key was used for a job with a different input', { field: 'idempotencyKey' });
          }
          // The original token is stored only as a hash, so the replay gets a token of its own.
          this.deps.tokens.add(existing.id, hashToken(token), now);
          return { jobId: existing.id, token, kind, status: existing.status };
        }
      }
      const row = this.deps.jobs.insert({
        id: randomUUID(),
        kind,
        status: 'queued',
        input: parsed.data,
        maxAttempts: def.limits.maxAttempts,
        runAfter: now,
        clientKey: opts.clientKey,
        idempotencyKey: opts.idempotencyKey ?? null,
        inputHash,
        createdAt: now,
        updatedAt: now,
      });
      this.deps.tokens.add(row.id, hashToken(token), now);
      for (const blob of opts.blobs ?? []) this.deps.blobs.link(row.id, blob.sha256, blob.role);
      append(row.id, { type: 'status', status: 'queued', attempt: 0 });
      return { jobId: row.id, token, kind, status: row.status };
    });
    this.deps.runner.wake();
    return started;
  }

  /** Idempotent: a queued job ends at once, a running one is aborted, a finished one is left alone. */
  cancel(jobId: string): TJobSnapshot {
    const job = this.require(jobId);
    if (job.status === 'queued') {
      this.deps.transitions.finish(job, { status: 'canceled' });
    } else if (job.status === 'running') {
      const now = this.deps.now();
      if (job.cancelRequestedAt === null) this.deps.jobs.update(jobId, { cancelRequestedAt: now, updatedAt: now });
      this.deps.runner.abort(jobId, 'canceled');
    }
    return this.snapshotOf(this.require(jobId));
  }

  /**
   * Re-runs what failed for transient reasons: items in a retryable status go back to pending
   * and the job is queued again. Its stream continues with new events after the old terminal one.
   */
  retryFailed(jobId: string): { job: TJobSnapshot; retriedItems: number } {
    const job = this.require(jobId);
    if (!isTerminalStatus(job.status)) throw new AppError('JOB_NOT_RETRYABLE', `the job is still ${job.status}`);
    if (job.status === 'canceled') throw new AppError('JOB_NOT_RETRYABLE', 'a canceled job is not retried; start a new one');
    const now = this.deps.now();
    const retriedItems = this.deps.eventLog.commit((append) => {
      const n = this.deps.items.resetToPending(jobId, RETRYABLE_ITEM_STATUSES, now);
      if (n === 0 && !(job.status === 'failed' && job.error?.retryable === true)) {
        throw new AppError('JOB_NOT_RETRYABLE', 'nothing in this job failed for a transient reason');
      }
      this.deps.jobs.update(jobId, {
        status: 'queued',
        attempts: 0,
        runAfter: now,
        error: null,
        summary: null,
        finishedAt: null,
        expiresAt: null,
        cancelRequestedAt: null,
        updatedAt: now,
      });
      append(jobId, { type: 'status', status: 'queued', attempt: 0, message: n > 0 ? `retrying ${n} item(s)` : 'retrying the job' });
      return n;
    });
    this.deps.runner.wake();
    return { job: this.snapshotOf(this.require(jobId)), retriedItems };
  }

  private require(jobId: string): JobRow {
    const job = this.deps.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return job;
  }

  private snapshotOf(row: JobRow): TJobSnapshot {
    return toSnapshot(row, this.deps.items.counts(row.id));
  }
}
