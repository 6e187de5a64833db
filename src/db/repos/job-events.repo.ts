import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { TJobEvent } from '../../contract/job-events.js';
import type { Db } from '../client.js';
import { jobEvents } from '../schema/job-events.js';

/** The append-only event log. `seq` is reserved by `JobsRepo.nextSeq` in the same transaction. */
export class JobEventsRepo {
  /** Prepared once: every replay and every gap a stream fills reads a page of events. */
  private readonly page;

  constructor(private readonly db: Db) {
    this.page = db
      .select({ event: jobEvents.event })
      .from(jobEvents)
      .where(and(eq(jobEvents.jobId, sql.placeholder('jobId')), gt(jobEvents.seq, sql.placeholder('after'))))
      .orderBy(asc(jobEvents.seq))
      .limit(sql.placeholder('limit'))
      .prepare();
  }

  /** `atMs`: when the event was made, to the millisecond (its `at` is the same time to the whole second). */
  insert(event: TJobEvent, atMs = Date.parse(event.at)): void {
    this.db
      .insert(jobEvents)
      .values({ jobId: event.jobId, seq: event.seq, type: event.type, at: atMs, event })
      .run();
  }

  /** Events with seq > `after`, in order, at most `limit`. */
  listAfter(jobId: string, after: number, limit: number): TJobEvent[] {
    return this.page.all({ jobId, after, limit }).map((r) => r.event);
  }
}
