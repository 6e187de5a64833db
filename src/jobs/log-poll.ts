import type { Logger } from 'pino';
import type { JobsStore } from '../db/store.js';
import type { JobEventBus } from './event-bus.js';
import type { EventTail } from './worker/event-tail.js';

/**
 * The backstop for events written by another process: every `intervalMs`, the jobs someone here
 * follows are looked up in one query, and any whose newest seq is past what this process has
 * published (whoever published it on the bus: a runner here, or the tail) is handed to the
 * `EventTail` as if its notice had come. A notice that was lost (a
 * dropped LISTEN connection), or a store with no notices at all (several processes on one SQLite
 * file), then costs at most one interval of delay, never a follower left waiting. A follower that
 * went live in between sees a gap and reads it from the log, as always.
 */
export class LogPoll {
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Failing since the last success: an outage is logged once, and its end. */
  private failing = false;

  constructor(
    private readonly deps: { jobs: Pick<JobsStore, 'lastSeqs'>; bus: JobEventBus; tail: EventTail; logger: Logger },
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A round still running when the next is due (a slow database) is not doubled.
      if (this.polling) return;
      this.polling = true;
      this.poll()
        .then(() => {
          if (this.failing) this.deps.logger.info('polling the event log works again');
          this.failing = false;
        })
        .catch((error: unknown) => {
          if (!this.failing) this.deps.logger.warn({ err: error }, 'polling the event log failed; trying again every interval (logged once until it works)');
          this.failing = true;
        })
        .finally(() => (this.polling = false));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One round: returns how many jobs had events this process had not published. */
  async poll(): Promise<number> {
    const followed = this.deps.bus.subscribedJobs();
    let behind = 0;
    for (const [jobId, seq] of await this.deps.jobs.lastSeqs(followed)) {
      if (seq <= (this.deps.bus.newestPublished(jobId) ?? 0)) continue;
      behind++;
      this.deps.tail.onNotice({ type: 'events', jobId, seq });
    }
    return behind;
  }
}
