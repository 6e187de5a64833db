import { sql } from 'drizzle-orm';
import type { PgDb } from './client.js';
import { jobs } from './schema/jobs.js';

type JobRow = typeof jobs.$inferSelect;

/**
 * PostgreSQL's `JobsRepo.claimNext`: takes the oldest runnable queued job of `kind` and leases it
 * to `lease` (a token unique to the claim), in one statement. The CTE picks the row with
 * `FOR UPDATE SKIP LOCKED`, so any number of workers claim at once without waiting on each other
 * or taking the same job; the CTE also fences the planner (Oban found that without it the attempt
 * count was bumped twice).
 */
export async function claimNext(db: PgDb, kind: string, lease: string, now: number, leaseMs: number): Promise<JobRow | undefined> {
  const rows = await db.execute(sql`
    WITH next AS (
      SELECT id FROM ${jobs}
      WHERE status = 'queued' AND kind = ${kind} AND run_after <= ${now}
      ORDER BY run_after, created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${jobs} AS j SET
      status = 'running',
      lease_owner = ${lease},
      lease_expires_at = ${now + leaseMs},
      attempts = j.attempts + 1,
      started_at = coalesce(j.started_at, ${now}),
      updated_at = ${now}
    FROM next WHERE j.id = next.id AND j.status = 'queued'
    RETURNING j.id`);
  const id = rows.rows[0]?.id;
  if (typeof id !== 'string') return undefined;
  // Read back through the schema, so the row has the store's one shape (numbers, parsed JSON).
  const [row] = await db.select().from(jobs).where(sql`${jobs.id} = ${id}`);
  return row;
}

/** Extends a lease; false when it was lost (claimed again under another token, or no longer running). */
export async function renewLease(db: PgDb, id: string, lease: string, until: number): Promise<boolean> {
  const result = await db.execute(sql`UPDATE ${jobs} SET lease_expires_at = ${until} WHERE id = ${id} AND lease_owner = ${lease} AND status = 'running'`);
  return result.rowCount === 1;
}
