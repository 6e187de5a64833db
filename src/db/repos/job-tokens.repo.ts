import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobTokens } from '../schema/job-tokens.js';

/** Token hashes per job (never the tokens themselves). */
export class JobTokensRepo {
  constructor(private readonly db: Db) {}

  add(jobId: string, tokenHash: string, now: number): void {
    this.db.insert(jobTokens).values({ jobId, tokenHash, createdAt: now }).run();
  }

  hashesFor(jobId: string): string[] {
    return this.db
      .select({ h: jobTokens.tokenHash })
      .from(jobTokens)
      .where(eq(jobTokens.jobId, jobId))
      .all()
      .map((r) => r.h);
  }
}
