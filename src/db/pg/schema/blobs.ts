import { customType, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.js';
import { jobs } from './jobs.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Content-addressed uploads (PostgreSQL; see `src/db/schema/blobs.ts`). */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mimeType: text('mime_type').notNull(),
  touchedAt: epochMs('touched_at').notNull(),
});

/**
 * The bytes of each blob. On SQLite they are files under `DATA_DIR/blobs`; with several processes
 * on several machines, no one process's disk will do, so they live in the database every process
 * reaches. A table of its own, so listing blobs never reads their bytes.
 */
export const blobBytes = pgTable('blob_bytes', {
  sha256: text('sha256')
    .primaryKey()
    .references(() => blobs.sha256, { onDelete: 'cascade' }),
  bytes: bytea('bytes').notNull(),
});

/** Which jobs use which blobs. */
export const jobBlobs = pgTable(
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
