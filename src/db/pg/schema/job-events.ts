import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { TJobEvent } from '../../../contract/job-events.js';
import { epochMs } from './columns.js';
import { jobs } from './jobs.js';

/** The append-only event log (PostgreSQL; see `src/db/schema/job-events.ts`). */
export const jobEvents = pgTable(
  'job_events',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: epochMs('at').notNull(),
    event: jsonb('event').$type<TJobEvent>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
