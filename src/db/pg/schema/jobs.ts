import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TJobError } from '../../../contract/errors.js';
import type { TJobSummary } from '../../../contract/job-events.js';
import { JOB_PHASES, JOB_STATUSES } from '../../../contract/job-status.js';
import type { TJobProgress } from '../../../contract/jobs.js';
import { epochMs } from './columns.js';

/** One row per job (PostgreSQL; the same columns as `src/db/schema/jobs.ts`). Times are epoch ms. */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    phase: text('phase', { enum: JOB_PHASES }),
    input: jsonb('input').$type<unknown>().notNull(),
    progress: jsonb('progress').$type<TJobProgress>(),
    summary: jsonb('summary').$type<TJobSummary>(),
    error: jsonb('error').$type<TJobError>(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAfter: epochMs('run_after').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: epochMs('lease_expires_at'),
    cancelRequestedAt: epochMs('cancel_requested_at'),
    lastSeq: integer('last_seq').notNull().default(0),
    clientKey: text('client_key'),
    idempotencyKey: text('idempotency_key'),
    inputHash: text('input_hash').notNull(),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    startedAt: epochMs('started_at'),
    finishedAt: epochMs('finished_at'),
    expiresAt: epochMs('expires_at'),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.kind, t.runAfter),
    index('jobs_expires_idx').on(t.expiresAt),
    index('jobs_created_idx').on(t.createdAt),
    uniqueIndex('jobs_idempotency_idx').on(t.kind, t.clientKey, t.idempotencyKey),
  ],
);
