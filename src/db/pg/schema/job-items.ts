import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ITEM_STATUSES } from '../../../contract/job-status.js';
import { epochMs } from './columns.js';
import { jobs } from './jobs.js';

/** One row per unit of work (PostgreSQL; see `src/db/schema/job-items.ts`). */
export const jobItems = pgTable(
  'job_items',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
    title: text('title'),
    search: text('search'),
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.idx] }), index('job_items_status_idx').on(t.jobId, t.status, t.idx)],
);
