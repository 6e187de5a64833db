import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ITEM_STATUSES } from '../../contract/job-status.js';
import { jobs } from './jobs.js';

/** One row per unit of work (CSV row, detected book, enrichment input); never dropped. */
export const jobItems = sqliteTable(
  'job_items',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
    title: text('title'),
    /** Folded text the item is found by (`jobs.results` `q`), written by the jobs layer. */
    search: text('search'),
    input: text('input', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error', { mode: 'json' }).$type<{ code: string; message: string }>(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.idx] }), index('job_items_status_idx').on(t.jobId, t.status, t.idx)],
);
