import type { TJobEvent, TJobEventInput } from '../contract/job-events.js';
import { inTransaction, type Db } from '../db/client.js';
import type { JobEventsRepo } from '../db/repos/job-events.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobEventBus } from './event-bus.js';
import { isoTimestamp } from './timestamps.js';

export type AppendEvent = (jobId: string, input: TJobEventInput) => TJobEvent;

/**
 * The only writer of job events. Each event gets the job's next `seq` in the same transaction as
 * the state change it describes, and is published only after that transaction commits:
 * persisted-then-published, so live subscribers never see an event the log does not have.
 */
export class JobEventLog {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobsRepo,
    private readonly events: JobEventsRepo,
    private readonly bus: JobEventBus,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `change` in a transaction with an `append` that adds events to it; publishes after commit. */
  commit<T>(change: (append: AppendEvent) => T): T {
    const appended: TJobEvent[] = [];
    const result = inTransaction(this.db, () =>
      change((jobId, input) => {
        const atMs = this.now();
        const event = this.build(jobId, input, atMs);
        this.events.insert(event, atMs);
        appended.push(event);
        return event;
      }),
    );
    for (const event of appended) this.bus.publish(event);
    return result;
  }

  append(jobId: string, input: TJobEventInput): TJobEvent {
    return this.commit((append) => append(jobId, input));
  }

  private build(jobId: string, input: TJobEventInput, atMs: number): TJobEvent {
    const seq = this.jobs.nextSeq(jobId);
    return { ...input, jobId, seq, at: isoTimestamp(atMs) };
  }
}
