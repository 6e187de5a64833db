import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BlobStore, JobStore } from '../db/store.js';
import type { JobProviders } from './context.js';
import type { JobCatalog, JobRegistry } from './define.js';
import { JobEngine } from './engine.js';
import { JobEventBus } from './event-bus.js';
import { JobEventLog } from './event-log.js';
import { purgeExpiredJobs } from './purge.js';
import { JobQueries } from './queries.js';
import { ReviewService } from './review.js';
import { JobRunner } from './runner.js';
import { JobTransitions } from './transitions.js';
import type { JobExecutor } from './executor.js';
import type { JobNotice, JobNotifier } from './notifier.js';
import { LogPoll } from './log-poll.js';
import { EventTail } from './worker/event-tail.js';
import type { Telemetry } from '../telemetry.js';

export interface JobSystemOptions {
  leaseMs: number;
  pollIntervalMs: number;
  progressIntervalMs: number;
  /** A running job quiet this long sends its progress again (`PROGRESS_HEARTBEAT_MS`). */
  progressHeartbeatMs: number;
  /** A run with no progress this long is ended, retryable (`JOB_STALL_TIMEOUT_MS`). */
  stallTimeoutMs: number;
  resultsTtlMs: number;
  purgeIntervalMs: number;
  shutdownGraceMs: number;
  backoff: { baseMs: number; maxMs: number };
  /** Live events a subscriber may lag before falling back to the log. */
  subscriberHighWaterMark: number;
  /** Whether this system purges expired jobs (one of several systems on one database does). */
  purge: boolean;
  /** A start without an idempotency key joins its client's same-input job still active from this far back (`DUPLICATE_WINDOW_MS`); 0: never. */
  duplicateWindowMs: number;
  /** An unfinished job silent (or unclaimed while nothing runs) this long is reported stalled (`STALL_AFTER_MS`). */
  stallAfterMs: number;
  /**
   * How often the log of the jobs followed here is read for events other processes wrote
   * (`LogPoll`); 0 when no other process writes to this database (an in-memory one).
   */
  eventPollMs: number;
}

export const DEFAULT_JOB_SYSTEM_OPTIONS: JobSystemOptions = {
  leaseMs: 20_000,
  pollIntervalMs: 500,
  progressIntervalMs: 250,
  progressHeartbeatMs: 2_000,
  stallTimeoutMs: 5 * 60_000,
  resultsTtlMs: 24 * 3_600_000,
  purgeIntervalMs: 10 * 60_000,
  shutdownGraceMs: 10_000,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  subscriberHighWaterMark: 1_000,
  purge: true,
  eventPollMs: 0,
  duplicateWindowMs: 10 * 60_000,
  stallAfterMs: 3 * 60_000,
};

export interface JobSystem<TCatalog extends JobCatalog> {
  store: JobStore;
  engine: JobEngine<TCatalog>;
  queries: JobQueries;
  /** The review queue: decisions on items in `needs_review`. */
  review: ReviewService;
  /** The runner of this thread (idle when an `executor` runs the jobs elsewhere). */
  runner: JobRunner;
  /** What runs the jobs: `runner`, or the executor given (job worker threads). */
  executor: JobExecutor;
  bus: JobEventBus;
  blobs: BlobStore;
  /** Starts the runner and the periodic purge. */
  start(): void;
  /** Stops intake, releases running jobs for resumption, stops the purge. */
  stop(): Promise<void>;
  purgeNow(): Promise<{ jobs: number; blobs: number; cacheEntries: number }>;
}

/** Wires the job engine around a store; the composition root and tests call this. */
export function createJobSystem<TCatalog extends JobCatalog>(args: {
  store: JobStore;
  registry: JobRegistry<TCatalog>;
  providers: JobProviders;
  logger: Logger;
  options?: Partial<JobSystemOptions>;
  now?: () => number;
  /** The bus events are published on (a job worker's turns them into notices). */
  bus?: JobEventBus;
  /** Runs jobs elsewhere instead of this thread's runner; given where to hand the notices of what they write. */
  executor?: (deps: { tail: Pick<EventTail, 'onNotice'> }) => JobExecutor;
  /**
   * Notices shared with other processes on the same database (PostgreSQL's LISTEN/NOTIFY): events
   * written here, wakes and cancels go out; theirs come in. Without it this process is alone.
   */
  notifier?: JobNotifier;
  /** Where job metrics go (jobs started, claimed and ended, items decided, events appended). */
  telemetry?: Telemetry;
}): JobSystem<TCatalog> {
  const options = { ...DEFAULT_JOB_SYSTEM_OPTIONS, ...args.options };
  const now = args.now ?? Date.now;
  const { store, logger } = args;
  const { jobs, events, items, tokens, steps, blobs } = store;
  const bus = args.bus ?? new JobEventBus(logger);
  const notifier = args.notifier;
  const eventLog = new JobEventLog(jobs, bus, now, notifier ? (jobId, seq) => notifier.send({ type: 'events', jobId, seq }) : undefined, args.telemetry);
  const transitions = new JobTransitions({ items, eventLog, resultsTtlMs: options.resultsTtlMs, now });
  const runner = new JobRunner({
    registry: args.registry,
    storeUnavailable: (error) => store.unavailable(error),
    jobs,
    items,
    steps,
    blobs,
    stores: { cache: store.cache, reuse: store.reuse },
    eventLog,
    transitions,
    providers: args.providers,
    logger: logger.child({ component: 'job-runner' }),
    progressIntervalMs: options.progressIntervalMs,
    progressHeartbeatMs: options.progressHeartbeatMs,
    now,
    options: {
      ownerId: randomUUID(),
      leaseMs: options.leaseMs,
      pollIntervalMs: options.pollIntervalMs,
      backoff: options.backoff,
      shutdownGraceMs: options.shutdownGraceMs,
      stallTimeoutMs: options.stallTimeoutMs,
    },
  });
  // Events written elsewhere (job worker threads, other processes) reach this thread's bus through one tail.
  const tail = new EventTail(events, bus, logger);
  // What job worker threads write is told to this process's followers, and to the other processes.
  const notices = {
    onNotice(notice: JobNotice): void {
      tail.onNotice(notice);
      notifier?.send(notice);
    },
  };
  const executor: JobExecutor = args.executor?.({ tail: notices }) ?? runner;
  const stopListening = notifier?.listen((notice) => {
    if (notice.type === 'events') tail.onNotice(notice);
    else if (notice.type === 'wake') executor.wake();
    else executor.abort(notice.jobId, 'canceled');
  });
  const logPoll = options.eventPollMs > 0 ? new LogPoll({ jobs, bus, tail, logger }, options.eventPollMs) : undefined;
  const engine = new JobEngine<TCatalog>({ registry: args.registry, jobs, items, eventLog, transitions, runner: notifier ? tellOthers(executor, notifier) : executor, now, duplicateWindowMs: options.duplicateWindowMs });
  const queries = new JobQueries({ jobs, events, items, tokens, bus, pageSize: 500, highWaterMark: options.subscriberHighWaterMark, stallAfterMs: options.stallAfterMs, now });
  const review = new ReviewService({ jobs, items, eventLog, now });

  let purgeTimer: NodeJS.Timeout | undefined;
  const purgeNow = (): Promise<{ jobs: number; blobs: number; cacheEntries: number }> => purgeExpiredJobs({ jobs, blobs, cache: store.cache, logger }, now());
  const schedulePurge = (): void => {
    purgeTimer = setTimeout(() => {
      purgeNow()
        .catch((error: unknown) => logger.error({ err: error }, 'purging expired jobs failed'))
        .finally(schedulePurge);
    }, options.purgeIntervalMs);
    purgeTimer.unref();
  };

  return {
    store,
    engine,
    queries,
    review,
    runner,
    executor,
    bus,
    blobs,
    purgeNow,
    start() {
      executor.start();
      logPoll?.start();
      if (!options.purge) return;
      purgeNow()
        .catch((error: unknown) => logger.error({ err: error }, 'purging expired jobs failed'))
        .finally(schedulePurge);
    },
    async stop() {
      clearTimeout(purgeTimer);
      logPoll?.stop();
      stopListening?.();
      await executor.stop();
    },
  };
}

/**
 * The engine's executor when other processes share the database: a queued job wakes every
 * process's runners, and a cancel of a job not running here reaches the one that runs it.
 */
function tellOthers(executor: JobExecutor, notifier: JobNotifier): Pick<JobExecutor, 'wake' | 'abort'> {
  return {
    wake() {
      executor.wake();
      notifier.send({ type: 'wake' });
    },
    abort(jobId, reason) {
      if (executor.abort(jobId, reason)) return true;
      notifier.send({ type: 'cancel', jobId });
      return false;
    },
  };
}
