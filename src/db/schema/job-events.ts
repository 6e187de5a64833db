import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { TJobEvent } from '../../contract/job-events.js';
import { jobs } from './jobs.js';

/** The append-only event log; (jobId, seq) is contiguous from 1. */
export const jobEvents = sqliteTable(
  'job_events',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** Epoch ms when the event was made (the event's own `at` is to the whole second). */
    at: integer('at').notNull(),
    event: text('event', { mode: 'json' }).$type<TJobEvent>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
