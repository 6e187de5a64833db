import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jobs } from './jobs.js';

/**
 * Hashes of a job's access tokens. Usually one; an idempotent replay of a start mints another,
 * because the original token is never stored and so cannot be handed back.
 */
export const jobTokens = sqliteTable(
  'job_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('job_tokens_job_idx').on(t.jobId)],
);
