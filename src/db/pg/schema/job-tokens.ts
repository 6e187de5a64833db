import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.js';
import { jobs } from './jobs.js';

/** Hashes of a job's access tokens (PostgreSQL; see `src/db/schema/job-tokens.ts`). */
export const jobTokens = pgTable(
  'job_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('job_tokens_job_idx').on(t.jobId)],
);
