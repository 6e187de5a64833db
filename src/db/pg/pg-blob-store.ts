import { createHash } from 'node:crypto';
import { and, asc, eq, lt, notExists } from 'drizzle-orm';
import type { BlobStore } from '../store.js';
import type { PgDb } from './client.js';
import { chunked, type PgExec } from './pg-exec.js';
import { blobs, jobBlobs } from './schema/blobs.js';

/** Orphans younger than this are kept: an upload may be about to link them to its job (as `FileBlobStore`). */
const ORPHAN_GRACE_MS = 10 * 60_000;

/**
 * Blobs on PostgreSQL: the row in `blobs`, the bytes in `blob_bytes`, so every process on every
 * machine reads them. The bytes go through the pool directly rather than drizzle, whose query
 * errors quote every parameter: a failed upload would put megabytes of bytes in the message.
 */
export function pgBlobStore(db: PgDb): BlobStore {
  const pool = db.$client;
  return {
    async put(bytes, mimeType, now = Date.now()) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // One statement, so there is never a row without its bytes; a second upload of the same
      // bytes only touches the row (which keeps it from the orphan purge).
      try {
        await pool.query(
          `WITH blob AS (
             INSERT INTO blobs (sha256, size, mime_type, touched_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (sha256) DO UPDATE SET touched_at = excluded.touched_at
             RETURNING sha256)
           INSERT INTO blob_bytes (sha256, bytes) SELECT sha256, $5 FROM blob ON CONFLICT (sha256) DO NOTHING`,
          [sha256, bytes.byteLength, mimeType, now, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
        );
      } catch (cause: unknown) {
        throw new Error(`cannot store blob ${sha256}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      }
      return sha256;
    },

    async forJob(jobId, role) {
      // In sha256 order: SQLite reads these through the (job_id, sha256, role) key, so that is its order too.
      const rows = await db
        .select({ sha256: jobBlobs.sha256 })
        .from(jobBlobs)
        .where(and(eq(jobBlobs.jobId, jobId), eq(jobBlobs.role, role)))
        .orderBy(asc(jobBlobs.sha256));
      return rows.map((r) => r.sha256);
    },

    async read(sha256) {
      const result = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM blob_bytes WHERE sha256 = $1', [sha256]);
      const row = result.rows[0];
      if (!row) throw new Error(`blob ${sha256} is not stored (no bytes in blob_bytes)`);
      return row.bytes;
    },

    async purgeOrphans(now = Date.now()) {
      // The bytes go with their row (ON DELETE CASCADE).
      const orphans = await db
        .delete(blobs)
        .where(
          and(
            lt(blobs.touchedAt, now - ORPHAN_GRACE_MS),
            notExists(db.select({ one: jobBlobs.sha256 }).from(jobBlobs).where(eq(jobBlobs.sha256, blobs.sha256))),
          ),
        )
        .returning({ sha256: blobs.sha256 });
      return orphans.length;
    },
  };
}

/** Links a new job to the uploads it reads (inside the transaction that creates the job). */
export async function linkBlobs(tx: PgExec, jobId: string, links: readonly { sha256: string; role: string }[]): Promise<void> {
  for (const slice of chunked(links)) {
    await tx
      .insert(jobBlobs)
      .values(slice.map((l) => ({ jobId, sha256: l.sha256, role: l.role })))
      .onConflictDoNothing();
  }
}
