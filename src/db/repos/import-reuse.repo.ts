import { and, desc, eq, ne } from 'drizzle-orm';
import { prepared, type Db } from '../client.js';
import { jobBlobs } from '../schema/blobs.js';
import { jobSteps } from '../schema/job-steps.js';
import { jobs } from '../schema/jobs.js';

/** An earlier job over the same upload whose items were all created (its step `stepKey` is done). */
export interface PreparedJob {
  jobId: string;
  input: unknown;
  step: unknown;
}

/**
 * Reuse of an earlier job's parsed items: an import of bytes already imported copies the rows
 * (in SQL, without reading them into memory) instead of parsing them again.
 */
export class ImportReuseRepo {
  constructor(private readonly db: Db) {}

  /** Newest first: jobs of `kind` linked to blob `sha256` in `role`, other than `exceptJobId`, with `stepKey` done. */
  preparedJobs(opts: { kind: string; sha256: string; role: string; stepKey: string; exceptJobId: string; limit: number }): PreparedJob[] {
    return this.db
      .select({ jobId: jobs.id, input: jobs.input, step: jobSteps.value })
      .from(jobBlobs)
      .innerJoin(jobs, eq(jobs.id, jobBlobs.jobId))
      .innerJoin(jobSteps, and(eq(jobSteps.jobId, jobs.id), eq(jobSteps.key, opts.stepKey)))
      .where(and(eq(jobBlobs.sha256, opts.sha256), eq(jobBlobs.role, opts.role), eq(jobs.kind, opts.kind), ne(jobs.id, opts.exceptJobId)))
      .orderBy(desc(jobs.createdAt))
      .limit(opts.limit)
      .all();
  }

  /**
   * Copies every item of `fromJobId` into `toJobId`: items in a `keep` status stay as they are
   * (with result and error), every other one starts over as `pending`. Returns how many.
   */
  copyItems(fromJobId: string, toJobId: string, keep: readonly string[], now: number): number {
    const kept = keep.map(() => '?').join(', ');
    return prepared(
      this.db,
      `INSERT INTO job_items (job_id, idx, status, title, search, input, result, error, updated_at)
         SELECT ?, idx, CASE WHEN status IN (${kept}) THEN status ELSE 'pending' END, title, search, input,
                CASE WHEN status IN (${kept}) THEN result END, CASE WHEN status IN (${kept}) THEN error END, ?
         FROM job_items WHERE job_id = ? ON CONFLICT DO NOTHING`,
      )
      .run(toJobId, ...keep, ...keep, ...keep, now, fromJobId).changes;
  }
}
