import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { TJobEvent, TJobEventInput } from '../../contract/job-events.js';
import { isoTimestamp } from '../../contract/timestamps.js';
import { chunked, type PgExec } from './pg-exec.js';
import { jobEvents } from './schema/job-events.js';
import { jobs } from './schema/jobs.js';

/**
 * Gives each input the job's next seq and stores it, inside the caller's transaction (which holds
 * the job's row, so no other writer takes seqs in between): one update reserves every seq at once.
 */
export async function appendEvents(tx: PgExec, jobId: string, inputs: readonly TJobEventInput[], now: number): Promise<TJobEvent[]> {
  if (inputs.length === 0) return [];
  const [row] = await tx
    .update(jobs)
    .set({ lastSeq: sql`${jobs.lastSeq} + ${inputs.length}` })
    .where(eq(jobs.id, jobId))
    .returning({ lastSeq: jobs.lastSeq });
  if (!row) throw new Error(`job ${jobId} vanished while appending an event`);
  const first = row.lastSeq - inputs.length + 1;
  const at = isoTimestamp(now);
  const events = inputs.map((input, i): TJobEvent => ({ ...input, jobId, seq: first + i, at }));
  for (const slice of chunked(events)) {
    await tx.insert(jobEvents).values(slice.map((event) => ({ jobId, seq: event.seq, type: event.type, at: now, event })));
  }
  return events;
}

/** Events with seq > `after`, in order, at most `limit`. */
export async function listEventsAfter(db: PgExec, jobId: string, after: number, limit: number): Promise<TJobEvent[]> {
  const rows = await db
    .select({ event: jobEvents.event })
    .from(jobEvents)
    .where(and(eq(jobEvents.jobId, jobId), gt(jobEvents.seq, after)))
    .orderBy(asc(jobEvents.seq))
    .limit(limit);
  return rows.map((r) => r.event);
}
