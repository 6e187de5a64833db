import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, lte, min, or, sql, type SQL } from 'drizzle-orm';
import type { TJobStatus } from '../../contract/job-status.js';
import { prepared, type Db } from '../client.js';
import { jobs, type JobRow, type NewJobRow } from '../schema/jobs.js';

export interface JobListFilter {
  status?: TJobStatus | undefined;
  kind?: string | undefined;
  /** Newest first; resume strictly before this (createdAt, id). */
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** Job rows: creation, leasing, state transitions. Callers own transactions. */
export class JobsRepo {
  /** Prepared once: every subscription, token check and stream end reads a job by id. */
  private readonly byId;
  /** Prepared once: every write of a run checks its lease first. */
  private readonly leaseHeld;

  constructor(private readonly db: Db) {
    this.byId = db
      .select()
      .from(jobs)
      .where(eq(jobs.id, sql.placeholder('id')))
      .prepare();
    this.leaseHeld = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.id, sql.placeholder('id')), eq(jobs.leaseOwner, sql.placeholder('lease')), eq(jobs.status, 'running')))
      .prepare();
  }

  insert(row: NewJobRow): JobRow {
    return this.db.insert(jobs).values(row).returning().get();
  }

  get(id: string): JobRow | undefined {
    return this.byId.get({ id });
  }

  /** The newest queued or running job of this kind, client and input created at or after `since`. */
  findActiveSame(kind: string, clientKey: string, inputHash: string, since: number): JobRow | undefined {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, kind), eq(jobs.clientKey, clientKey), eq(jobs.inputHash, inputHash), inArray(jobs.status, ['queued', 'running']), gte(jobs.createdAt, since)))
      .orderBy(desc(jobs.createdAt))
      .limit(1)
      .get();
  }

  findIdempotent(kind: string, clientKey: string, idempotencyKey: string): JobRow | undefined {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, kind), eq(jobs.clientKey, clientKey), eq(jobs.idempotencyKey, idempotencyKey)))
      .get();
  }

  /**
   * Takes the oldest runnable queued job of `kind` and leases it to `lease`: a token unique to this
   * claim (the runner's id and a nonce), which fences the run: every write it makes checks it.
   */
  claimNext(kind: string, lease: string, now: number, leaseMs: number): JobRow | undefined {
    const next = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), eq(jobs.kind, kind), lte(jobs.runAfter, now)))
      .orderBy(asc(jobs.runAfter), asc(jobs.createdAt))
      .limit(1)
      .get();
    if (!next) return undefined;
    return this.db
      .update(jobs)
      .set({
        status: 'running',
        leaseOwner: lease,
        leaseExpiresAt: now + leaseMs,
        attempts: sql`${jobs.attempts} + 1`,
        startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
        updatedAt: now,
      })
      .where(and(eq(jobs.id, next.id), eq(jobs.status, 'queued')))
      .returning()
      .get();
  }

  /** The newest event seq of each of `ids` that exists (one query, for pollers of many jobs). */
  lastSeqs(ids: readonly string[]): Map<string, number> {
    if (ids.length === 0) return new Map();
    const rows = this.db.select({ id: jobs.id, lastSeq: jobs.lastSeq }).from(jobs).where(inArray(jobs.id, [...ids])).all();
    return new Map(rows.map((r) => [r.id, r.lastSeq]));
  }

  /** Flags a running job's cancellation (kept from the first request). */
  requestCancel(id: string, now: number): void {
    this.db
      .update(jobs)
      .set({ cancelRequestedAt: now, updatedAt: now })
      .where(and(eq(jobs.id, id), sql`${jobs.cancelRequestedAt} is null`))
      .run();
  }

  /** Those of `ids` whose cancellation was requested (by any process). */
  cancelRequestedAmong(ids: readonly string[]): string[] {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.id, [...ids]), isNotNull(jobs.cancelRequestedAt)))
      .all()
      .map((r) => r.id);
  }

  /** Whether `lease` still holds the job (it is running under that claim). */
  holdsLease(id: string, lease: string): boolean {
    return this.leaseHeld.get({ id, lease }) !== undefined;
  }

  /** Extends a lease; false when the lease was lost (another owner, or the job left `running`). */
  renewLease(id: string, owner: string, until: number): boolean {
    const res = this.db
      .update(jobs)
      .set({ leaseExpiresAt: until })
      .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running')))
      .run();
    return res.changes === 1;
  }

  /**
   * Whether the job's latest run stored work before it stopped: a step finished, or an item
   * decided, after its last `running` status event. A job that crashes the process before storing
   * anything is a suspect; one that was checkpointing when the process was killed is not.
   */
  progressedInLastRun(id: string): boolean {
    const row = prepared(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM job_steps WHERE job_id = @id AND created_at >= r.at)
             OR EXISTS (SELECT 1 FROM job_items WHERE job_id = @id AND status != 'pending' AND updated_at >= r.at) AS progressed
         FROM (SELECT max(at) AS at FROM job_events WHERE job_id = @id AND type = 'status' AND json_extract(event, '$.status') = 'running') AS r
         WHERE r.at IS NOT NULL`,
      )
      .get({ id }) as { progressed: number } | undefined;
    return row?.progressed === 1;
  }

  /** Running jobs whose lease ran out: their process died or hung. */
  /** See `JobsStore.queueState`. */
  queueState(now: number): { runnable: number; oldestRunAfter: number | null; liveRuns: number } {
    const queued = this.db
      .select({ n: count(), oldest: min(jobs.runAfter) })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), lte(jobs.runAfter, now)))
      .get();
    const live = this.db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.status, 'running'), gte(jobs.leaseExpiresAt, now)))
      .get();
    return { runnable: queued?.n ?? 0, oldestRunAfter: queued?.oldest ?? null, liveRuns: live?.n ?? 0 };
  }

  /** See `JobsStore.unfinishedByKind`. */
  unfinishedByKind(): { kind: string; status: 'queued' | 'running'; count: number }[] {
    return this.db
      .select({ kind: jobs.kind, status: jobs.status, count: count() })
      .from(jobs)
      .where(inArray(jobs.status, ['queued', 'running']))
      .groupBy(jobs.kind, jobs.status)
      .all()
      .map((r) => ({ kind: r.kind, status: r.status === 'running' ? 'running' : 'queued', count: r.count }));
  }

  expiredLeases(now: number): JobRow[] {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.status, 'running'), or(lt(jobs.leaseExpiresAt, now), sql`${jobs.leaseExpiresAt} is null`)))
      .all();
  }

  update(id: string, patch: Partial<NewJobRow>): JobRow | undefined {
    return this.db.update(jobs).set(patch).where(eq(jobs.id, id)).returning().get();
  }

  /** Reserves the next event seq for a job (call inside the transaction that inserts the event). */
  nextSeq(id: string): number {
    const [row] = this.db
      .update(jobs)
      .set({ lastSeq: sql`${jobs.lastSeq} + 1` })
      .where(eq(jobs.id, id))
      .returning({ lastSeq: jobs.lastSeq })
      .all();
    if (!row) throw new Error(`job ${id} vanished while appending an event`);
    return row.lastSeq;
  }

  list(filter: JobListFilter): JobRow[] {
    const conds: SQL[] = [];
    if (filter.status) conds.push(eq(jobs.status, filter.status));
    if (filter.kind) conds.push(eq(jobs.kind, filter.kind));
    if (filter.before) {
      const b = filter.before;
      const older = or(lt(jobs.createdAt, b.createdAt), and(eq(jobs.createdAt, b.createdAt), lt(jobs.id, b.id)));
      if (older) conds.push(older);
    }
    return this.db
      .select()
      .from(jobs)
      .where(and(...conds))
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(filter.limit)
      .all();
  }

  /** Finished jobs past their results TTL. */
  expiredIds(now: number, limit: number): string[] {
    return this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(isNotNull(jobs.expiresAt), lt(jobs.expiresAt, now)))
      .limit(limit)
      .all()
      .map((r) => r.id);
  }

  deleteMany(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return this.db.delete(jobs).where(inArray(jobs.id, [...ids])).run().changes;
  }
}
