import { and, asc, eq, gt } from 'drizzle-orm';
import type { TJobEvent } from '../../contract/job-events.js';
import type { Db } from '../client.js';
import { jobEvents } from '../schema/job-events.js';

/** The append-only event log. `seq` is reserved by `JobsRepo.nextSeq` in the same transaction. */
export class JobEventsRepo {
  constructor(private readonly db: Db) {}

  insert(event: TJobEvent): void {
    this.db
      .insert(jobEvents)
      .values({ jobId: event.jobId, seq: event.seq, type: event.type, at: Date.parse(event.at), event })
      .run();
  }

  /** Events with seq > `after`, in order, at most `limit`. */
  listAfter(jobId: string, after: number, limit: number): TJobEvent[] {
    return this.db
      .select({ event: jobEvents.event })
      .from(jobEvents)
      .where(and(eq(jobEvents.jobId, jobId), gt(jobEvents.seq, after)))
      .orderBy(asc(jobEvents.seq))
      .limit(limit)
      .all()
      .map((r) => r.event);
  }
}
