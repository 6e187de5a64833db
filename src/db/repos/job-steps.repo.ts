import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobSteps } from '../schema/job-steps.js';

/** Memoised results of `ctx.step(key, fn)`. */
export class JobStepsRepo {
  constructor(private readonly db: Db) {}

  get(jobId: string, key: string): { value: unknown } | undefined {
    const row = this.db
      .select({ value: jobSteps.value })
      .from(jobSteps)
      .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.key, key)))
      .get();
    return row ? { value: row.value } : undefined;
  }

  put(jobId: string, key: string, value: unknown, now: number): void {
    this.db.insert(jobSteps).values({ jobId, key, value, createdAt: now }).onConflictDoNothing().run();
  }
}
