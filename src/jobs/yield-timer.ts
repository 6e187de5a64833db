import { performance } from 'node:perf_hooks';

/** How long a job's synchronous work may hold the event loop before it lets others run. */
export const YIELD_EVERY_MS = 8;

/** One turn of the event loop: timers, I/O and other jobs run before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Lets a long loop give the event loop back about every `YIELD_EVERY_MS`: the server shares one
 * thread with every job, and a 10,000-row import run in one go blocked it for over a second.
 * Checking the clock is cheap; yielding (a macrotask) is not, so it happens only when due.
 */
export class YieldTimer {
  private since = performance.now();

  constructor(private readonly everyMs = YIELD_EVERY_MS) {}

  /** True when the loop has run for longer than its slice since it last yielded. */
  get due(): boolean {
    return performance.now() - this.since >= this.everyMs;
  }

  /**
   * One turn of the event loop, then a new slice. Callers check `due` first (`if (t.due) await
   * t.yield()`) so that a loop that is not due does not pay an await per step.
   */
  async yield(): Promise<void> {
    await nextTurn();
    this.since = performance.now();
  }
}
