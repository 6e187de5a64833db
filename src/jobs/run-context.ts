import type { Logger } from 'pino';
import type { TJobEventInput } from '../contract/job-events.js';
import type { TItemStatus } from '../contract/job-status.js';
import type { TJobProgress } from '../contract/jobs.js';
import type { BlobStore, ItemOutcome, JobItemsStore, JobRow, JobStepsStore } from '../db/store.js';
import type { JobContext, JobProviders, JobStores } from './context.js';
import type { ChangeInput, JobEventLog } from './event-log.js';
import { withSearchText } from './item-search.js';
import { RunLiveness } from './liveness.js';
import { ProgressCoalescer } from './progress-coalescer.js';

/** Item outcomes that are announced on the stream as they happen (the rest show in counts). */
const ANNOUNCED_ITEM_STATUSES: ReadonlySet<TItemStatus> = new Set(['invalid', 'not_found', 'provider_unavailable', 'needs_review']);

export interface RunContextDeps {
  items: Pick<JobItemsStore, 'page' | 'counts'>;
  steps: JobStepsStore;
  blobs: Pick<BlobStore, 'forJob' | 'read'>;
  stores: JobStores;
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
  flush(): Promise<void>;
  /** Flushes, then ignores anything a late (zombie) handler still emits. */
  close(): Promise<void>;
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

/** The `item` events of the outcomes that are announced on the stream. */
function itemEvents(outcomes: readonly { index: number; outcome: ItemOutcome & { reason?: string } }[]): TJobEventInput[] {
  const events: TJobEventInput[] = [];
  for (const { index, outcome } of outcomes) {
    if (!ANNOUNCED_ITEM_STATUSES.has(outcome.status)) continue;
    const reason = outcome.reason ?? outcome.error?.message;
    events.push({ type: 'item', index, status: outcome.status, ...(outcome.title ? { title: outcome.title } : {}), ...(reason ? { reason } : {}) });
  }
  return events;
}

export function createRunContext(deps: RunContextDeps, job: JobRow, claim: RunClaim, logger: Logger): RunContext {
  const jobId = job.id;
  const { signal } = claim;
  let closed = false;

  /**
   * Every write of the run is one change guarded by its lease: a run whose job was claimed again
   * elsewhere (its lease ran out while it hung) writes no event, item or step, and stops.
   */
  const fenced = async (change: ChangeInput): Promise<void> => {
    const result = await deps.eventLog.change(jobId, { ...change, lease: claim.lease });
    if (!result.applied) {
      claim.leaseLost();
      throw new LeaseLostError(`job ${jobId}: its lease was taken over; this run may write nothing more`);
    }
  };

  let describe: (() => TJobProgress | undefined) | undefined;
  let lastProgress: TJobProgress | undefined;

  const emit = async (event: TJobEventInput): Promise<void> => {
    if (closed) {
      logger.warn({ type: event.type }, 'event emitted after the run ended; ignored');
      return;
    }
    await fenced({ events: [event] });
    liveness.spoke();
  };

  const coalescer = new ProgressCoalescer(
    deps.progressIntervalMs,
    async (progress: TJobProgress) => {
      if (closed) return;
      await fenced({ patch: { progress, phase: progress.phase, updatedAt: deps.now() }, events: [{ type: 'progress', ...progress }] });
      lastProgress = progress;
      liveness.spoke();
    },
    (error) => logger.error({ err: error }, 'writing progress failed'),
    deps.now,
  );

  // A job waiting on a provider's rate limit may settle nothing for a while: its watchers still
  // hear from it every heartbeat, with what the handler says it is doing (or its last progress).
  const liveness = new RunLiveness(deps.progressHeartbeatMs, deps.now, () => {
    const progress = closed ? undefined : (describe?.() ?? lastProgress);
    if (!progress) return;
    coalescer.report(progress);
    // Never rejects: a failed write goes to the coalescer's onError.
    coalescer.flush().catch((error: unknown) => logger.error({ err: error }, 'writing heartbeat progress failed'));
  });
  const active = () => liveness.moved();

  /** A write of the run's own: it counts as moving, and announced item outcomes go with it. */
  const write = async (change: ChangeInput): Promise<void> => {
    if (closed) {
      logger.warn('a write after the run ended; ignored');
      return;
    }
    await fenced(change);
    if (change.events?.length) liveness.spoke();
    active();
  };

  const completeMany: JobContext['items']['completeMany'] = async (outcomes) => {
    if (outcomes.length === 0) return;
    await write({ items: { outcomes }, events: itemEvents(outcomes) });
  };

  const ctx: JobContext = {
    jobId,
    kind: job.kind,
    attempt: job.attempts,
    signal,
    logger,
    stores: deps.stores,
    providers: deps.providers,
    async emit(event) {
      await emit(event);
      active();
    },
    async phase(phase, message) {
      await coalescer.flush();
      if (closed) return;
      // The progress of the phase before is over: a snapshot's `phase` and `progress.phase` agree.
      await fenced({ patch: { phase, progress: null, updatedAt: deps.now() }, events: [{ type: 'phase', phase, message }] });
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
      const hit = await deps.steps.get(jobId, key);
      if (hit) return hit.value as T;
      signal.throwIfAborted();
      const value = await fn();
      await write({ step: { key, value: value ?? null } });
      return value;
    },
    items: {
      create: (items) => write({ items: { create: withSearchText(items) } }),
      putPending: (items) => write({ items: { putPending: withSearchText(items) } }),
      copyFrom: (fromJobId, keep) => write({ items: { copyFrom: { jobId: fromJobId, keep } } }),
      pending: (limit, afterIndex = -1) => deps.items.page(jobId, { afterIndex, limit, status: 'pending' }),
      ofStatus: (status, limit) => deps.items.page(jobId, { afterIndex: -1, limit, status }),
      complete: (index, outcome) => completeMany([{ index, outcome }]),
      completeMany,
      async counts() {
        const totals = await deps.items.counts(jobId);
        return { ...totals, pending: totals.counts.pending ?? 0 };
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
    async close() {
      liveness.stop();
      await coalescer.flush();
      closed = true;
    },
    quietForMs: () => liveness.quietForMs(),
  };
}
