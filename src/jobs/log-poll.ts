import type { Logger } from 'pino';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
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

  constructor(
    private readonly deps: { jobs: Pick<JobsRepo, 'lastSeqs'>; bus: JobEventBus; tail: EventTail; logger: Logger },
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      try {
        this.poll();
      } catch (error: unknown) {
        this.deps.logger.warn({ err: error }, 'polling the event log failed; trying again at the next interval');
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One round: returns how many jobs had events this process had not published. */
  poll(): number {
    const followed = this.deps.bus.subscribedJobs();
    let behind = 0;
    for (const [jobId, seq] of this.deps.jobs.lastSeqs(followed)) {
      if (seq <= (this.deps.bus.newestPublished(jobId) ?? 0)) continue;
      behind++;
      this.deps.tail.onNotice({ type: 'events', jobId, seq });
    }
    return behind;
  }
}
