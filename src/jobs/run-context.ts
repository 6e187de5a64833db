import type { Logger } from 'pino';
import type { TJobEventInput } from '../contract/job-events.js';
import type { TItemStatus } from '../contract/job-status.js';
import type { TJobProgress } from '../contract/jobs.js';
import type { BlobStore } from '../db/blob-store.js';
import { inTransaction, type Db } from '../db/client.js';
import type { JobItemsRepo } from '../db/repos/job-items.repo.js';
import type { JobStepsRepo } from '../db/repos/job-steps.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobRow } from '../db/schema/jobs.js';
import type { JobContext, JobProviders } from './context.js';
import type { JobEventLog } from './event-log.js';
import { RunLiveness } from './liveness.js';
import { ProgressCoalescer } from './progress-coalescer.js';

/** Item outcomes that are announced on the stream as they happen (the rest show in counts). */
const ANNOUNCED_ITEM_STATUSES: ReadonlySet<TItemStatus> = new Set(['invalid', 'not_found', 'provider_unavailable', 'needs_review']);

export interface RunContextDeps {
  db: Db;
  jobs: JobsRepo;
  items: JobItemsRepo;
  steps: JobStepsRepo;
  blobs: BlobStore;
  eventLog: JobEventLog;
  providers: JobProviders;
  progressIntervalMs: number;
  /** After this long without an event, the job's progress is sent again (freshened): a sign of life. */
  progressHeartbeatMs: number;
  now: () => number;
}

export interface RunContext {
  ctx: JobContext;
  /** Writes pending progress (call before the terminal event). */
  flush(): void;
  /** Flushes, then ignores anything a late (zombie) handler still emits. */
  close(): void;
  /**
   * How long the handler has stored and emitted nothing (items, steps, events, progress it
   * reported). The engine's own heartbeat progress does not count: it says the job is alive, not
   * that it moves.
   */
  quietForMs(): number;
}

/** How a run is tied to its claim. */
export interface RunClaim {
  signal: AbortSignal;
  /** The claim's lease token: every write of the run checks that it still holds the job. */
  lease: string;
  /** Called once when a write finds the lease gone (the run then stops). */
  leaseLost(): void;
}

/** A write refused because the run's lease was taken over: another process owns the job now. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export function createRunContext(deps: RunContextDeps, job: JobRow, claim: RunClaim, logger: Logger): RunContext {
  const jobId = job.id;
  const { signal } = claim;
  let closed = false;

  /**
   * Runs one write of the run in a transaction that first checks the lease: a run whose job was
   * claimed again elsewhere (its lease ran out while it hung) writes no event, item or step, and
   * stops. On SQLite the check and the write are one transaction on one connection; the check is
   * one prepared lookup.
   */
  const fenced = <T>(write: () => T): T =>
    inTransaction(deps.db, () => {
      if (!deps.jobs.holdsLease(jobId, claim.lease)) {
        claim.leaseLost();
        throw new LeaseLostError(`job ${jobId}: its lease was taken over; this run may write nothing more`);
      }
      return write();
    });

  let describe: (() => TJobProgress | undefined) | undefined;
  let lastProgress: TJobProgress | undefined;

  const emit = (event: TJobEventInput): void => {
    if (closed) {
      logger.warn({ type: event.type }, 'event emitted after the run ended; ignored');
      return;
    }
    deps.eventLog.commit((append) => fenced(() => append(jobId, event)));
    liveness.spoke();
  };

  const coalescer = new ProgressCoalescer(
    deps.progressIntervalMs,
    (progress: TJobProgress) => {
      if (closed) return;
      deps.eventLog.commit((append) =>
        fenced(() => {
          deps.jobs.update(jobId, { progress, phase: progress.phase, updatedAt: deps.now() });
          append(jobId, { type: 'progress', ...progress });
        }),
      );
      lastProgress = progress;
      liveness.spoke();
    },
    (error) => logger.error({ err: error }, 'writing coalesced progress failed'),
    deps.now,
  );

  // A job waiting on a provider's rate limit may settle nothing for a while: its watchers still
  // hear from it every heartbeat, with what the handler says it is doing (or its last progress).
  const liveness = new RunLiveness(deps.progressHeartbeatMs, deps.now, () => {
    const progress = closed ? undefined : (describe?.() ?? lastProgress);
    if (!progress) return;
    try {
      coalescer.report(progress);
      coalescer.flush();
    } catch (error: unknown) {
      logger.error({ err: error }, 'writing heartbeat progress failed');
    }
  });
  const active = () => liveness.moved();

  const completeMany: JobContext['items']['completeMany'] = (outcomes) => {
    if (outcomes.length === 0) return;
    fenced(() => deps.items.setOutcomes(jobId, outcomes, deps.now()));
    active();
    for (const { index, outcome } of outcomes) {
      if (!ANNOUNCED_ITEM_STATUSES.has(outcome.status)) continue;
      const reason = outcome.reason ?? outcome.error?.message;
      emit({
        type: 'item',
        index,
        status: outcome.status,
        ...(outcome.title ? { title: outcome.title } : {}),
        ...(reason ? { reason } : {}),
      });
    }
  };

  const ctx: JobContext = {
    jobId,
    kind: job.kind,
    attempt: job.attempts,
    signal,
    logger,
    db: deps.db,
    providers: deps.providers,
    emit(event) {
      emit(event);
      active();
    },
    phase(phase, message) {
      coalescer.flush();
      if (closed) return;
      // The progress of the phase before is over: a snapshot's `phase` and `progress.phase` agree.
      deps.eventLog.commit((append) =>
        fenced(() => {
          deps.jobs.update(jobId, { phase, progress: null, updatedAt: deps.now() });
          append(jobId, { type: 'phase', phase, message });
        }),
      );
      lastProgress = undefined;
      liveness.spoke();
      active();
    },
    progress(progress) {
      coalescer.report(progress);
      active();
    },
    describeProgress(fn) {
      describe = fn;
    },
    async step<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const hit = deps.steps.get(jobId, key);
      if (hit) return hit.value as T;
      signal.throwIfAborted();
      const value = await fn();
      fenced(() => deps.steps.put(jobId, key, value ?? null, deps.now()));
      active();
      return value;
    },
    items: {
      create(items) {
        fenced(() => deps.items.insertMany(jobId, items, deps.now()));
        active();
      },
      putPending(items) {
        fenced(() => deps.items.upsertPending(jobId, items, deps.now()));
        active();
      },
      pending: (limit, afterIndex = -1) => deps.items.page(jobId, { afterIndex, limit, status: 'pending' }),
      complete(index, outcome) {
        completeMany([{ index, outcome }]);
      },
      completeMany,
      counts() {
        const { total, counts } = deps.items.counts(jobId);
        return { total, pending: counts.pending ?? 0 };
      },
    },
    blobs: {
      list: (role) => deps.blobs.forJob(jobId, role),
      read: (sha256) => deps.blobs.read(sha256),
    },
  };

  return {
    ctx,
    flush: () => coalescer.flush(),
    close() {
      liveness.stop();
      coalescer.flush();
      closed = true;
    },
    quietForMs: () => liveness.quietForMs(),
  };
}
