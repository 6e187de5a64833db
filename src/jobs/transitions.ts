import type { TJsonObject } from '../contract/common.js';
import type { TJobError } from '../contract/errors.js';
import type { TJobSummary } from '../contract/job-events.js';
import type { JobItemsRepo } from '../db/repos/job-items.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobRow, NewJobRow } from '../db/schema/jobs.js';
import type { JobEventLog } from './event-log.js';

export type TerminalOutcome =
  | { status: 'completed'; details?: TJsonObject | undefined }
  | { status: 'canceled'; details?: TJsonObject | undefined }
  | { status: 'failed'; error: TJobError; details?: TJsonObject | undefined };

export interface RequeueOptions {
  delayMs: number;
  /** Give the attempt back (Retry-After waits, shutdown), so it does not count toward maxAttempts. */
  refundAttempt: boolean;
  warning: { code: string; message: string };
}

export interface TransitionDeps {
  jobs: JobsRepo;
  items: JobItemsRepo;
  eventLog: JobEventLog;
  resultsTtlMs: number;
  now: () => number;
}

/**
 * Every state change of a job that clients can observe, each in one transaction with its event.
 * `owner` guards transitions of a running job: only the lease holder may make them.
 */
export class JobTransitions {
  constructor(private readonly deps: TransitionDeps) {}

  summarize(job: JobRow, details?: TJsonObject): TJobSummary {
    const { total, counts } = this.deps.items.counts(job.id);
    const durationMs = job.startedAt === null ? 0 : Math.max(0, this.deps.now() - job.startedAt);
    return { itemCount: total, counts, durationMs, ...(details ? { details } : {}) };
  }

  /** Ends a job with exactly one terminal event. False when the guard no longer holds. */
  finish(job: JobRow, outcome: TerminalOutcome, owner?: string): boolean {
    const now = this.deps.now();
    const summary = this.summarize(job, outcome.details);
    const patch: Partial<NewJobRow> = {
      status: outcome.status,
      summary,
      error: outcome.status === 'failed' ? outcome.error : null,
      finishedAt: now,
      expiresAt: now + this.deps.resultsTtlMs,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
    };
    return this.deps.eventLog.commit((append) => {
      const row = this.write(job, patch, owner);
      if (!row) return false;
      if (outcome.status === 'failed') append(job.id, { type: 'failed', error: outcome.error, summary });
      else append(job.id, { type: outcome.status, summary });
      return true;
    });
  }

  /** Puts a job back in the queue, announcing why and when it runs again. */
  requeue(job: JobRow, opts: RequeueOptions, owner?: string): boolean {
    const now = this.deps.now();
    const attempts = opts.refundAttempt ? Math.max(0, job.attempts - 1) : job.attempts;
    return this.deps.eventLog.commit((append) => {
      const row = this.write(job, { status: 'queued', attempts, runAfter: now + opts.delayMs, leaseOwner: null, leaseExpiresAt: null, updatedAt: now }, owner);
      if (!row) return false;
      append(job.id, { type: 'warning', code: opts.warning.code, message: opts.warning.message, retryInMs: opts.delayMs });
      append(job.id, { type: 'status', status: 'queued', attempt: attempts });
      return true;
    });
  }

  private write(job: JobRow, patch: Partial<NewJobRow>, owner: string | undefined): JobRow | undefined {
    return owner === undefined ? this.deps.jobs.update(job.id, patch) : this.deps.jobs.updateLeased(job.id, owner, patch);
  }
}
