import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { TJobError } from '../../contract/errors.js';
import type { TJobSummary } from '../../contract/job-events.js';
import { JOB_PHASES, JOB_STATUSES } from '../../contract/job-status.js';
import type { TJobProgress } from '../../contract/jobs.js';

/** One row per job. Times are epoch milliseconds. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    phase: text('phase', { enum: JOB_PHASES }),
    input: text('input', { mode: 'json' }).$type<unknown>().notNull(),
    progress: text('progress', { mode: 'json' }).$type<TJobProgress>(),
    summary: text('summary', { mode: 'json' }).$type<TJobSummary>(),
    error: text('error', { mode: 'json' }).$type<TJobError>(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not before this time (backoff, Retry-After). */
    runAfter: integer('run_after').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    cancelRequestedAt: integer('cancel_requested_at'),
    /** Highest seq handed out; the next event gets lastSeq + 1 in the same transaction. */
    lastSeq: integer('last_seq').notNull().default(0),
    clientKey: text('client_key'),
    idempotencyKey: text('idempotency_key'),
    inputHash: text('input_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    expiresAt: integer('expires_at'),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.kind, t.runAfter),
    index('jobs_expires_idx').on(t.expiresAt),
    index('jobs_created_idx').on(t.createdAt),
    uniqueIndex('jobs_idempotency_idx').on(t.kind, t.clientKey, t.idempotencyKey),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
export type NewJobRow = typeof jobs.$inferInsert;
