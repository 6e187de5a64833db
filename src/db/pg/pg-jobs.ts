import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, min, or, sql, type SQL } from 'drizzle-orm';
import type { JobListFilter, JobRow, QueueState, UnfinishedCount } from '../store.js';
import type { PgExec } from './pg-exec.js';
import { jobs } from './schema/jobs.js';

/**
 * Job ids compared byte by byte, as SQLite compares text: under a database's linguistic collation
 * (en_US.UTF-8) punctuation and case weigh less, and the `before` cursor would page differently.
 */
const idBytes = sql`${jobs.id} collate "C"`;

/** One job row, or undefined. */
export async function getJob(db: PgExec, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** The job's row, locked until the transaction ends: every write to a job's state is serialised on it. */
export async function lockJob(tx: PgExec, id: string): Promise<JobRow | undefined> {
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, id)).for('update');
  return row;
}

/** Sets columns of a job's row; the row as written, or undefined when there is none. */
export async function updateJob(tx: PgExec, id: string, patch: Partial<typeof jobs.$inferInsert>): Promise<JobRow | undefined> {
  const [row] = await tx.update(jobs).set(patch).where(eq(jobs.id, id)).returning();
  return row;
}

/** Newest first, as `JobsRepo.list`. */
export async function listJobs(db: PgExec, filter: JobListFilter): Promise<JobRow[]> {
  const conds: SQL[] = [];
  if (filter.status) conds.push(eq(jobs.status, filter.status));
  if (filter.kind) conds.push(eq(jobs.kind, filter.kind));
  if (filter.before) {
    const b = filter.before;
    const older = or(lt(jobs.createdAt, b.createdAt), and(eq(jobs.createdAt, b.createdAt), sql`${idBytes} < ${b.id}`));
    if (older) conds.push(older);
  }
  return db
    .select()
    .from(jobs)
    .where(and(...conds))
    .orderBy(desc(jobs.createdAt), desc(idBytes))
    .limit(filter.limit);
}

/** See `JobsStore.queueState`. */
export async function queueState(db: PgExec, now: number): Promise<QueueState> {
  const [queued] = await db
    .select({ n: count(), oldest: min(jobs.runAfter) })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lte(jobs.runAfter, now)));
  const [live] = await db
    .select({ n: count() })
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), gte(jobs.leaseExpiresAt, now)));
  return { runnable: queued?.n ?? 0, oldestRunAfter: queued?.oldest ?? null, liveRuns: live?.n ?? 0 };
}

/** See `JobsStore.unfinishedByKind`. */
export async function unfinishedByKind(db: PgExec): Promise<UnfinishedCount[]> {
  const rows = await db
    .select({ kind: jobs.kind, status: jobs.status, count: count() })
    .from(jobs)
    .where(inArray(jobs.status, ['queued', 'running']))
    .groupBy(jobs.kind, jobs.status);
  return rows.map((r) => ({ kind: r.kind, status: r.status === 'running' ? 'running' : 'queued', count: r.count }));
}

/** Running jobs whose lease ran out (or was never set). */
export async function expiredLeases(db: PgExec, now: number): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), or(lt(jobs.leaseExpiresAt, now), isNull(jobs.leaseExpiresAt))));
}

/**
 * Whether a step finished, or an item was decided, since the job's last `running` status event
 * (`JobsRepo.progressedInLastRun`, with jsonb's `->>` for SQLite's `json_extract`).
 */
export async function progressedInLastRun(db: PgExec, id: string): Promise<boolean> {
  const result = await db.execute<{ progressed: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM job_steps WHERE job_id = ${id} AND created_at >= r.at)
        OR EXISTS (SELECT 1 FROM job_items WHERE job_id = ${id} AND status <> 'pending' AND updated_at >= r.at) AS progressed
      FROM (SELECT max(at) AS at FROM job_events
             WHERE job_id = ${id} AND type = 'status' AND event->>'status' = 'running') AS r
     WHERE r.at IS NOT NULL`);
  return result.rows[0]?.progressed === true;
}

/** Flags a job's cancellation; the first request's time is kept. */
export async function requestCancel(db: PgExec, id: string, now: number): Promise<void> {
  await db
    .update(jobs)
    .set({ cancelRequestedAt: now, updatedAt: now })
    .where(and(eq(jobs.id, id), isNull(jobs.cancelRequestedAt)));
}

/** Those of `ids` whose cancellation was requested (by any process). */
export async function cancelRequestedAmong(db: PgExec, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(inArray(jobs.id, [...ids]), isNotNull(jobs.cancelRequestedAt)));
  return rows.map((r) => r.id);
}

/** The newest event seq of each of `ids` that exists, in one query (pollers follow many jobs). */
export async function lastSeqs(db: PgExec, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: jobs.id, lastSeq: jobs.lastSeq }).from(jobs).where(inArray(jobs.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.lastSeq]));
}

/** Finished jobs past their results TTL, at most `limit`. */
export async function expiredIds(db: PgExec, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(isNotNull(jobs.expiresAt), lt(jobs.expiresAt, now)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Deletes jobs; their items, events, steps, tokens and blob links go with them (ON DELETE CASCADE). */
export async function deleteJobs(db: PgExec, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.delete(jobs).where(inArray(jobs.id, [...ids]));
  return result.rowCount ?? 0;
}
