import type { TJsonObject } from '../contract/common.js';
import type { TJobError } from '../contract/errors.js';
import type { TJobEventInput, TJobSummary } from '../contract/job-events.js';
import type { TJobStatus } from '../contract/job-status.js';
import type { JobItemsStore, JobRow, NewJobRow } from '../db/store.js';
import type { JobEventLog } from './event-log.js';

export type TerminalOutcome =
  | { status: 'completed'; details?: TJsonObject | undefined; retryableParts?: number | undefined }
  | { status: 'canceled'; details?: TJsonObject | undefined }
  | { status: 'failed'; error: TJobError; details?: TJsonObject | undefined };

export interface RequeueOptions {
  delayMs: number;
  /** Give the attempt back (Retry-After waits, shutdown), so it does not count toward maxAttempts. */
  refundAttempt: boolean;
  warning: { code: string; message: string };
}

export interface TransitionDeps {
  items: Pick<JobItemsStore, 'counts'>;
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

  async summarize(job: JobRow, details?: TJsonObject, retryableParts?: number): Promise<TJobSummary> {
    const { total, counts } = await this.deps.items.counts(job.id);
    const durationMs = job.startedAt === null ? 0 : Math.max(0, this.deps.now() - job.startedAt);
    return { itemCount: total, counts, durationMs, ...(details ? { details } : {}), ...(retryableParts ? { retryableParts } : {}) };
  }

  /** Ends a job with exactly one terminal event. False when the guard no longer holds. */
  async finish(job: JobRow, outcome: TerminalOutcome, owner?: string): Promise<boolean> {
    const now = this.deps.now();
    // Counted before the transaction: only the run being finished (its lease checked below) or no
    // run at all (a queued job, a dead run) changes items, so the counts cannot move in between.
    const summary = await this.summarize(job, outcome.details, outcome.status === 'completed' ? outcome.retryableParts : undefined);
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
    const event: TJobEventInput = outcome.status === 'failed' ? { type: 'failed', error: outcome.error, summary } : { type: outcome.status, summary };
    const result = await this.deps.eventLog.change(job.id, { now, ...this.guard(job, owner), patch, events: [event] });
    return result.applied;
  }

  /** Puts a job back in the queue, announcing why and when it runs again. */
  async requeue(job: JobRow, opts: RequeueOptions, owner?: string): Promise<boolean> {
    const now = this.deps.now();
    const attempts = opts.refundAttempt ? Math.max(0, job.attempts - 1) : job.attempts;
    const result = await this.deps.eventLog.change(job.id, {
      now,
      ...this.guard(job, owner),
      patch: { status: 'queued', attempts, runAfter: now + opts.delayMs, leaseOwner: null, leaseExpiresAt: null, updatedAt: now },
      events: [
        { type: 'warning', code: opts.warning.code, message: opts.warning.message, retryInMs: opts.delayMs },
        { type: 'status', status: 'queued', attempt: attempts },
      ],
    });
    return result.applied;
  }

  /**
   * The run holding `owner` may change its job. Without an owner, the change holds only while the
   * job is as it was read: a running job (its process died) still under the same lease, so two
   * processes recovering it end or requeue it once; any other job still in the same status.
   */
  private guard(job: JobRow, owner: string | undefined): { lease?: string; whileStatus?: readonly TJobStatus[] } {
    if (owner !== undefined) return { lease: owner };
    if (job.status === 'running' && job.leaseOwner !== null) return { lease: job.leaseOwner };
    return { whileStatus: [job.status] };
  }
}
