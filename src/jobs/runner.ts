import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { TJobError } from '../contract/errors.js';
import type { JobRow, JobsStore } from '../db/store.js';
import { AppError, RetryAfterError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { abortReasonOf, JobAbortError, toJobError, untilAborted, type AbortReason } from './run-outcome.js';

export { JobAbortError, toJobError, type AbortReason };
import type { AnyJobRegistry, JobDefinition, JobRunResult } from './define.js';
import type { JobEventLog } from './event-log.js';
import { createRunContext, type RunContextDeps } from './run-context.js';
import type { JobTransitions } from './transitions.js';

export interface RunnerOptions {
  /** Identifies this process's leases. */
  ownerId: string;
  leaseMs: number;
  pollIntervalMs: number;
  backoff: { baseMs: number; maxMs: number };
  shutdownGraceMs: number;
  /**
   * A run that stores and emits nothing for this long is ended (`JOB_TIMEOUT`, retryable); its
   * unfinished items stay `pending` for `jobs.retryFailed`. There is no wall-clock limit.
   */
  stallTimeoutMs: number;
}

export interface RunnerDeps extends RunContextDeps {
  registry: AnyJobRegistry;
  /** Whether an error says the database could not be used for a while (`JobStore.unavailable`). */
  storeUnavailable: (error: unknown) => boolean;
  jobs: JobsStore;
  eventLog: JobEventLog;
  transitions: JobTransitions;
  logger: Logger;
  options: RunnerOptions;
}

type Outcome = { ok: true; result: JobRunResult | undefined } | { ok: false; error: unknown };

interface ActiveRun {
  kind: string;
  /** The claim's lease token (`jobs.lease_owner`): the run's writes and transitions must match it. */
  lease: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * A token for one claim: this runner's id and a nonce. A run whose job was claimed again (its
 * lease ran out, another process took it) is fenced off even when the same runner made both claims.
 */
function leaseToken(ownerId: string): string {
  return `${ownerId}:${randomBytes(6).toString('hex')}`;
}

/** The lease a claimed row carries (claimNext always sets it). */
function leaseOf(job: JobRow): string {
  if (job.leaseOwner === null) throw new Error(`job ${job.id} was claimed without a lease`);
  return job.leaseOwner;
}

/**
 * Executes queued jobs in this process: claims them under a lease, runs their handler with a
 * signal that aborts on cancel, stall or shutdown, and records exactly one outcome per run.
 */
export class JobRunner {
  private readonly active = new Map<string, ActiveRun>();
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private timer: NodeJS.Timeout | undefined;
  /** The poll in progress: one at a time, so two polls never claim past a kind's concurrency. */
  private ticking: Promise<void> | undefined;
  /** A wake that came during a poll: poll again as soon as it ends. */
  private again = false;
  /** The last poll failed because the database was unavailable. */
  private pollFailing = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Resumes jobs whose lease ran out (a killed process), then starts polling. */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.schedule(0);
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  /** Polls now instead of at the next interval (after an enqueue or a retry). */
  wake(): void {
    if (this.state !== 'running') return;
    if (this.ticking) this.again = true;
    else this.schedule(0);
  }

  /** Aborts a job running in this process; false when it is not running here. */
  abort(jobId: string, reason: AbortReason): boolean {
    const run = this.active.get(jobId);
    if (!run) return false;
    run.controller.abort(new JobAbortError(reason));
    return true;
  }

  activeCount(): number {
    return this.active.size;
  }

  /** Stops intake and asks running jobs to checkpoint; they are released to resume at next start. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    clearTimeout(this.timer);
    await this.ticking;
    for (const run of this.active.values()) run.controller.abort(new JobAbortError('shutdown'));
    const all = Promise.all([...this.active.values()].map((r) => r.done));
    let grace: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      grace = setTimeout(() => resolve('timeout'), this.deps.options.shutdownGraceMs);
    });
    const result = await Promise.race([all.then(() => 'done' as const), expired]);
    clearTimeout(grace);
    if (result === 'timeout') this.deps.logger.warn({ running: this.active.size }, 'jobs still running at shutdown; their leases will expire');
    this.state = 'stopped';
  }

  /** Test helper: resolves when nothing is running and nothing is runnable right now. */
  async drain(): Promise<void> {
    for (;;) {
      await this.tick();
      const runs = [...this.active.values()].map((r) => r.done);
      if (runs.length === 0) return;
      await Promise.all(runs);
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A poll logs its own failures; this catches nothing but keeps the promise handled.
      this.tick().catch((error: unknown) => this.deps.logger.error({ err: error }, 'job runner tick failed'));
    }, delayMs);
  }

  /** One poll: recover dead runs, see cancels made elsewhere, claim what this runner has room for. */
  private tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    clearTimeout(this.timer);
    if (this.state !== 'running') return Promise.resolve();
    this.ticking = this.poll().finally(() => {
      this.ticking = undefined;
      if (this.state !== 'running') return;
      const again = this.again;
      this.again = false;
      this.schedule(again ? 0 : this.deps.options.pollIntervalMs);
    });
    return this.ticking;
  }

  private async poll(): Promise<void> {
    try {
      await this.recoverExpiredLeases();
      await this.abortCanceledElsewhere();
      await this.claimAvailable();
      if (this.pollFailing) this.deps.logger.info('the job queue can be polled again');
      this.pollFailing = false;
    } catch (error: unknown) {
      // A database outage fails every poll: said once, not twice a second.
      const unavailable = this.deps.storeUnavailable(error);
      if (!unavailable || !this.pollFailing) this.deps.logger.error({ err: error }, unavailable ? 'the database is unavailable; polling the job queue until it is back' : 'job runner tick failed');
      this.pollFailing = unavailable;
    }
  }

  private async claimAvailable(): Promise<void> {
    const { jobs, options, now } = this.deps;
    for (const [kind, def] of Object.entries(this.deps.registry)) {
      while (this.state === 'running' && this.runningOf(kind) < def.limits.concurrency) {
        const job = await jobs.claimNext(kind, leaseToken(options.ownerId), now(), options.leaseMs);
        if (!job) break;
        this.launch(def, job);
      }
    }
  }

  /**
   * A cancel asked of another process (an `api` process) is a flag on the job's row: seen here
   * at the next poll, so it reaches the run within `pollIntervalMs`, not the lease heartbeat's period.
   */
  private async abortCanceledElsewhere(): Promise<void> {
    if (this.active.size === 0) return;
    for (const jobId of await this.deps.jobs.cancelRequestedAmong([...this.active.keys()])) this.abort(jobId, 'canceled');
  }

  private runningOf(kind: string): number {
    let n = 0;
    for (const run of this.active.values()) if (run.kind === kind) n++;
    return n;
  }

  private launch(def: JobDefinition, job: JobRow): void {
    const controller = new AbortController();
    const lease = leaseOf(job);
    const done = this.execute(def, job, lease, controller)
      .catch((error: unknown) => this.deps.logger.error({ err: error, jobId: job.id }, 'recording a job outcome failed'))
      .finally(() => {
        this.active.delete(job.id);
        this.wake();
      });
    this.active.set(job.id, { kind: job.kind, lease, controller, done });
  }

  /**
   * A running job whose lease expired belongs to a dead process: resume it. A run that stored work
   * before the process died does not spend an attempt (it resumes from there, and random kills must
   * not fail a job that keeps progressing); one that stored nothing does, so a job that crashes the
   * process every time fails after `maxAttempts` instead of looping.
   */
  private async recoverExpiredLeases(): Promise<void> {
    const { jobs, transitions, now, options } = this.deps;
    for (const job of await jobs.expiredLeases(now())) {
      const mine = this.active.get(job.id);
      if (mine) {
        if (!(await jobs.renewLease(job.id, mine.lease, now() + options.leaseMs))) mine.controller.abort(new JobAbortError('lease-lost'));
        continue;
      }
      if (job.cancelRequestedAt !== null) {
        await transitions.finish(job, { status: 'canceled' });
        continue;
      }
      const progressed = await jobs.progressedInLastRun(job.id);
      if (!progressed && job.attempts >= job.maxAttempts) {
        const error: TJobError = {
          code: 'JOB_INTERRUPTED',
          message: `the job was interrupted ${job.attempts} times without making progress (process stopped while it ran)`,
          retryable: true,
        };
        await transitions.finish(job, { status: 'failed', error });
      } else {
        await transitions.requeue(job, { delayMs: 0, refundAttempt: progressed, warning: { code: 'resumed', message: 'the server stopped while this job ran; resuming where it left off' } });
      }
    }
  }

  private async execute(def: JobDefinition, job: JobRow, lease: string, controller: AbortController): Promise<void> {
    const { options, eventLog, transitions } = this.deps;
    const logger = this.deps.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const parsed = def.input.safeParse(job.input);
    if (!parsed.success) {
      const error: TJobError = { code: 'INVALID_INPUT', message: `stored input is not valid for ${job.kind}: ${z.prettifyError(parsed.error)}`, retryable: false };
      await transitions.finish(job, { status: 'failed', error }, lease);
      return;
    }
    await eventLog.change(job.id, { lease, events: [{ type: 'status', status: 'running', attempt: job.attempts }] });
    const started = Date.now();
    const heartbeat = setInterval(() => {
      this.heartbeat(job.id, lease, controller).catch((error: unknown) => logger.error({ err: error }, 'lease renewal failed'));
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    if (job.cancelRequestedAt !== null) controller.abort(new JobAbortError('canceled'));

    const run = createRunContext(this.deps, job, { signal: controller.signal, lease, leaseLost: () => controller.abort(new JobAbortError('lease-lost')) }, logger);
    // Checked a few times per stall period, so a stall is noticed within a quarter of it.
    const stallCheck = setInterval(() => {
      if (run.quietForMs() >= options.stallTimeoutMs) controller.abort(new JobAbortError('stalled'));
    }, Math.max(10, Math.min(1_000, Math.floor(options.stallTimeoutMs / 4))));
    let outcome: Outcome;
    try {
      outcome = { ok: true, result: await untilAborted(def.run(run.ctx, parsed.data), controller.signal, logger) };
    } catch (error: unknown) {
      outcome = { ok: false, error };
    } finally {
      clearInterval(stallCheck);
    }
    const reason = controller.signal.aborted ? abortReasonOf(controller.signal.reason) : undefined;
    try {
      await run.close();
      await this.recordDurably(job, lease, outcome, reason, logger);
    } finally {
      clearInterval(heartbeat);
    }
    logger.info({ durationMs: Date.now() - started, outcome: outcome.ok ? 'ok' : 'error', abort: reason }, 'job run ended');
  }

  /**
   * Records the outcome. While the database cannot be used (a restart), tries again with backoff,
   * its lease still renewed, for up to two lease periods: past that another process may have taken
   * the job over, and its lease guard refuses a late record anyway.
   */
  private async recordDurably(job: JobRow, owner: string, outcome: Outcome, reason: AbortReason | undefined, logger: Logger): Promise<void> {
    const giveUpAt = Date.now() + 2 * this.deps.options.leaseMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.record(job, owner, outcome, reason, logger);
        return;
      } catch (error: unknown) {
        if (!this.deps.storeUnavailable(error) || Date.now() >= giveUpAt) throw error;
        const delayMs = backoffDelay(attempt, this.deps.options.backoff);
        logger.warn({ err: error, retryInMs: delayMs }, 'the database is unavailable; recording the job outcome again shortly');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async record(job: JobRow, owner: string, outcome: Outcome, reason: AbortReason | undefined, logger: Logger): Promise<void> {
    const { transitions, options } = this.deps;
    const details = outcome.ok ? outcome.result?.details : undefined;
    if (reason === 'lease-lost') {
      logger.warn('lease lost during the run; another process owns the job now');
    } else if (reason === 'shutdown') {
      await transitions.requeue(job, { delayMs: 0, refundAttempt: true, warning: { code: 'interrupted', message: 'the server is shutting down; the job resumes when it is back' } }, owner);
    } else if (reason === 'canceled') {
      await transitions.finish(job, { status: 'canceled', details }, owner);
    } else if (reason === 'stalled') {
      const seconds = Math.round(options.stallTimeoutMs / 1000);
      const message = `the job made no progress for ${seconds} s (JOB_STALL_TIMEOUT_MS); what it finished is kept, and jobs.retryFailed resumes the rest`;
      await transitions.finish(job, { status: 'failed', error: { code: 'JOB_TIMEOUT', message, retryable: true }, details }, owner);
    } else if (outcome.ok) {
      await transitions.finish(job, { status: 'completed', details, retryableParts: outcome.result?.retryableParts }, owner);
    } else if (this.deps.storeUnavailable(outcome.error)) {
      // Not the job's fault, nor a bug: it resumes from what it stored once the database is back.
      const delayMs = backoffDelay(1, options.backoff);
      const warning = { code: 'database_unavailable', message: 'the database could not be reached; the job resumes where it left off' };
      await transitions.requeue(job, { delayMs, refundAttempt: true, warning }, owner);
    } else if (outcome.error instanceof RetryAfterError) {
      const delayMs = Math.max(0, Math.round(outcome.error.delayMs));
      await transitions.requeue(job, { delayMs, refundAttempt: true, warning: { code: 'retry_after', message: outcome.error.message } }, owner);
    } else {
      const error = toJobError(outcome.error);
      if (error.retryable && job.attempts < job.maxAttempts) {
        const delayMs = backoffDelay(job.attempts, options.backoff);
        await transitions.requeue(job, { delayMs, refundAttempt: false, warning: { code: 'retrying', message: `attempt ${job.attempts} of ${job.maxAttempts} failed (${error.code}: ${error.message})` } }, owner);
      } else {
        if (!(outcome.error instanceof AppError)) logger.error({ err: outcome.error }, 'job handler threw');
        await transitions.finish(job, { status: 'failed', error }, owner);
      }
    }
  }

  private async heartbeat(jobId: string, lease: string, controller: AbortController): Promise<void> {
    const { jobs, options, now } = this.deps;
    try {
      if (!(await jobs.renewLease(jobId, lease, now() + options.leaseMs))) {
        controller.abort(new JobAbortError('lease-lost'));
        return;
      }
      // Cancellation requested through another process reaches this one here.
      if ((await jobs.get(jobId))?.cancelRequestedAt != null) controller.abort(new JobAbortError('canceled'));
    } catch (error: unknown) {
      this.deps.logger.error({ err: error, jobId }, 'lease renewal failed');
    }
  }
}
