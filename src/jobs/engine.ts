import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RETRYABLE_ITEM_STATUSES, isTerminalStatus } from '../contract/job-status.js';
import type { TJobSnapshot, TJobStarted } from '../contract/jobs.js';
import type { JobItemsStore, JobRow, JobsStore } from '../db/store.js';
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
  jobs: Pick<JobsStore, 'get' | 'requestCancel'>;
  items: Pick<JobItemsStore, 'counts'>;
  eventLog: JobEventLog;
  transitions: JobTransitions;
  /** What runs jobs: told when one is queued, retried or canceled. */
  runner: Pick<JobExecutor, 'wake' | 'abort'>;
  now: () => number;
  /** A start without an idempotency key joins its client's same-input job still active from this far back; 0: never. */
  duplicateWindowMs: number;
}

/** Starting and steering jobs. Reads live in `JobQueries`. */
export class JobEngine<TCatalog extends JobCatalog> {
  constructor(private readonly deps: JobEngineDeps<TCatalog>) {}

  /**
   * Validates and persists a job with its first event and returns its id and token at once; the
   * runner picks it up. The same idempotency key (per client and kind) returns the same job; so
   * does, without a key, the same input from the same client while its job is still active.
   */
  async enqueue<K extends keyof TCatalog & string>(kind: K, input: z.input<TCatalog[K]>, opts: EnqueueOptions): Promise<TJobStarted> {
    const def: JobDefinition = this.deps.registry[kind];
    const parsed = def.input.safeParse(input);
    if (!parsed.success) throw new AppError('INVALID_INPUT', z.prettifyError(parsed.error), { cause: parsed.error });
    const inputHash = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
    const token = newJobToken();
    const now = this.deps.now();
    const result = await this.deps.eventLog.create({
      row: {
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
      },
      // The original token of a replayed key is stored only as a hash, so a replay gets a token of its own.
      tokenHash: hashToken(token),
      blobs: opts.blobs ?? [],
      event: { type: 'status', status: 'queued', attempt: 0 },
      ...(this.deps.duplicateWindowMs > 0 ? { sameAsActiveSince: now - this.deps.duplicateWindowMs } : {}),
    });
    if (!result.created && !result.sameInput) {
      throw new AppError('IDEMPOTENCY_CONFLICT', 'this idempotency key was used for a job with a different input', { field: 'idempotencyKey' });
    }
    if (result.created) this.deps.runner.wake();
    return { jobId: result.job.id, token, kind, status: result.job.status, ...(!result.created && result.duplicate ? { duplicateOf: result.job.id } : {}) };
  }

  /**
   * Idempotent: a queued job ends at once, a running one is aborted (or ended at once when no
   * live worker holds it), a finished one is left alone.
   */
  async cancel(jobId: string): Promise<TJobSnapshot> {
    for (;;) {
      const job = await this.require(jobId);
      if (job.status === 'queued') {
        // False when a worker claimed it in between: then it is cancelled as a running job.
        if (!(await this.deps.transitions.finish(job, { status: 'canceled' }))) continue;
      } else if (job.status === 'running') {
        const now = this.deps.now();
        // A run whose lease has run out has no live worker to stop it (a stalled job, its worker
        // gone): it ends here, under the lease it had. Taken over meanwhile, it is stopped as any.
        const orphaned = job.leaseExpiresAt === null || job.leaseExpiresAt < now;
        if (orphaned && (await this.deps.transitions.finish(job, { status: 'canceled' }))) return this.snapshotOf(await this.require(jobId));
        await this.deps.jobs.requestCancel(jobId, now);
        this.deps.runner.abort(jobId, 'canceled');
      }
      return this.snapshotOf(await this.require(jobId));
    }
  }

  /**
   * Re-runs what failed for transient reasons: items in a retryable status go back to pending
   * and the job is queued again. Its stream continues with new events after the old terminal one.
   */
  async retryFailed(jobId: string): Promise<{ job: TJobSnapshot; retriedItems: number }> {
    const job = await this.require(jobId);
    if (!isTerminalStatus(job.status)) throw new AppError('JOB_NOT_RETRYABLE', `the job is still ${job.status}`);
    if (job.status === 'canceled') throw new AppError('JOB_NOT_RETRYABLE', 'a canceled job is not retried; start a new one');
    const now = this.deps.now();
    const result = await this.deps.eventLog.change(jobId, {
      now,
      // Another retry of the same job, at the same moment, finds it queued and retries nothing.
      whileStatus: [job.status],
      items: { resetToPending: RETRYABLE_ITEM_STATUSES },
      patch: { status: 'queued', attempts: 0, runAfter: now, error: null, summary: null, finishedAt: null, expiresAt: null, cancelRequestedAt: null, updatedAt: now },
      events: ({ reset }) => {
        const parts = job.summary?.retryableParts ?? 0;
        if (reset === 0 && parts === 0 && !(job.status === 'failed' && job.error?.retryable === true)) {
          throw new AppError('JOB_NOT_RETRYABLE', 'nothing in this job failed for a transient reason');
        }
        const what = [reset > 0 ? `${reset} item(s)` : '', parts > 0 ? `${parts} other part(s) that failed for a transient reason` : ''].filter(Boolean).join(' and ');
        return [{ type: 'status', status: 'queued', attempt: 0, message: what ? `retrying ${what}` : 'retrying the job' }];
      },
    });
    if (!result.applied) throw new AppError('JOB_NOT_RETRYABLE', 'the job changed while it was being retried; read it again');
    this.deps.runner.wake();
    return { job: await this.snapshotOf(result.job), retriedItems: result.reset };
  }

  private async require(jobId: string): Promise<JobRow> {
    const job = await this.deps.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return job;
  }

  private async snapshotOf(row: JobRow): Promise<TJobSnapshot> {
    return toSnapshot(row, await this.deps.items.counts(row.id));
  }
}
