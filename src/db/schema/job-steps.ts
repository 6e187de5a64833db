import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jobs } from './jobs.js';

/** Finished sub-steps of a job (`ctx.step(key, fn)`), so a resumed job does not redo them. */
export const jobSteps = sqliteTable(
  'job_steps',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).$type<unknown>(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.key] })],
);
