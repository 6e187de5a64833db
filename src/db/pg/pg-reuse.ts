import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { TItemStatus } from '../../contract/job-status.js';
import type { PreparedJob } from '../store.js';
import type { PgExec } from './pg-exec.js';
import { jobBlobs } from './schema/blobs.js';
import { jobSteps } from './schema/job-steps.js';
import { jobs } from './schema/jobs.js';

/** Newest first: jobs of `kind` linked to blob `sha256` in `role`, other than `exceptJobId`, with `stepKey` done. */
export async function preparedJobs(
  db: PgExec,
  opts: { kind: string; sha256: string; role: string; stepKey: string; exceptJobId: string; limit: number },
): Promise<PreparedJob[]> {
  return db
    .select({ jobId: jobs.id, input: jobs.input, step: jobSteps.value })
    .from(jobBlobs)
    .innerJoin(jobs, eq(jobs.id, jobBlobs.jobId))
    .innerJoin(jobSteps, and(eq(jobSteps.jobId, jobs.id), eq(jobSteps.key, opts.stepKey)))
    .where(and(eq(jobBlobs.sha256, opts.sha256), eq(jobBlobs.role, opts.role), eq(jobs.kind, opts.kind), ne(jobs.id, opts.exceptJobId)))
    .orderBy(desc(jobs.createdAt))
    .limit(opts.limit);
}

/**
 * Copies every item of `fromJobId` into `toJobId` in SQL, without reading them into memory: those
 * in a `keep` status as they are (with result and error), the others back to `pending`. Items the
 * target already has are left alone. Returns how many were copied.
 */
export async function copyItems(tx: PgExec, fromJobId: string, toJobId: string, keep: readonly TItemStatus[], now: number): Promise<number> {
  const kept = sql`status = ANY(${sql.param([...keep])}::text[])`;
  const result = await tx.execute(sql`
    INSERT INTO job_items (job_id, idx, status, title, search, input, result, error, updated_at)
    SELECT ${toJobId}, idx, CASE WHEN ${kept} THEN status ELSE 'pending' END, title, search, input,
           CASE WHEN ${kept} THEN result END, CASE WHEN ${kept} THEN error END, ${now}
      FROM job_items WHERE job_id = ${fromJobId}
    ON CONFLICT DO NOTHING`);
  return result.rowCount ?? 0;
}
