import type { TJobProgress } from '../contract/jobs.js';

/**
 * Turns a stream of progress reports into at most one event per `intervalMs`. The newest report
 * wins; the first and the last report of a phase and a report with `done >= total` always go out,
 * so clients never stall short of 100 % and hear at once what a new phase has to do (it followed
 * the previous phase's last report so closely that it was coalesced away).
 */
export class ProgressCoalescer {
  private pending: TJobProgress | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private lastPhase: TJobProgress['phase'] | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The writes in flight, in order: each waits for the one before, so events keep report order. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    /** Writes one report; a failure goes to `onError` (progress is advisory, the job goes on). */
    private readonly write: (progress: TJobProgress) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(progress: TJobProgress): void {
    if (this.pending && this.pending.phase !== progress.phase) this.flushSoon();
    this.pending = progress;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0 || progress.done >= progress.total || progress.phase !== this.lastPhase) {
      this.flushSoon();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flushSoon();
      }, wait);
    }
  }

  /** Resolves when the writes started so far are done (a report still waiting for its turn is not written). */
  settled(): Promise<void> {
    return this.writes;
  }

  /** Starts writing the pending report without waiting for it (`flush` never rejects). */
  private flushSoon(): void {
    this.flush().catch(this.onError);
  }

  /**
   * Writes the pending report now, if any (before phase changes and terminal events); resolves
   * when every report so far is written. Never rejects: failures go to `onError`.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const progress = this.pending;
    if (progress) {
      this.pending = undefined;
      this.lastFlushAt = this.now();
      this.lastPhase = progress.phase;
      this.writes = this.writes.then(() => this.write(progress)).catch((error: unknown) => this.onError(error));
    }
    return this.writes;
  }
}
