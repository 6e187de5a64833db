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

  constructor(
    private readonly intervalMs: number,
    private readonly write: (progress: TJobProgress) => void,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(progress: TJobProgress): void {
    if (this.pending && this.pending.phase !== progress.phase) this.flush();
    this.pending = progress;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0 || progress.done >= progress.total || progress.phase !== this.lastPhase) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        try {
          this.flush();
        } catch (error: unknown) {
          this.onError(error);
        }
      }, wait);
    }
  }

  /** Writes the pending report now, if any (before phase changes and terminal events). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const progress = this.pending;
    if (!progress) return;
    this.pending = undefined;
    this.lastFlushAt = this.now();
    this.lastPhase = progress.phase;
    this.write(progress);
  }
}
