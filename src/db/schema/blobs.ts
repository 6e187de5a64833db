import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jobs } from './jobs.js';

/** Content-addressed uploads; the bytes live in files under `DATA_DIR/blobs`. */
export const blobs = sqliteTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mimeType: text('mime_type').notNull(),
  /** Bumped on every upload of the same bytes, so purging orphans never races a fresh upload. */
  touchedAt: integer('touched_at').notNull(),
});

/** Which jobs use which blobs; a blob with no job left is purged with its file. */
export const jobBlobs = sqliteTable(
  'job_blobs',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    sha256: text('sha256')
      .notNull()
      .references(() => blobs.sha256),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.sha256, t.role] }), index('job_blobs_sha_idx').on(t.sha256)],
);
