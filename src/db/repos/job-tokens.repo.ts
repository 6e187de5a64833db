import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobTokens } from '../schema/job-tokens.js';

/** Token hashes per job (never the tokens themselves). */
export class JobTokensRepo {
  /** Prepared once: every subscription and per-job call checks a token. */
  private readonly ofJob;

  constructor(private readonly db: Db) {
    this.ofJob = db
      .select({ h: jobTokens.tokenHash })
      .from(jobTokens)
      .where(eq(jobTokens.jobId, sql.placeholder('jobId')))
      .prepare();
  }

  add(jobId: string, tokenHash: string, now: number): void {
    this.db.insert(jobTokens).values({ jobId, tokenHash, createdAt: now }).run();
  }

  hashesFor(jobId: string): string[] {
    return this.ofJob.all({ jobId }).map((r) => r.h);
  }
}
