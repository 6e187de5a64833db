import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, lt, notExists } from 'drizzle-orm';
import type { Db } from './client.js';
import type { BlobStore } from './store.js';
import { blobs, jobBlobs } from './schema/blobs.js';

/** Orphans younger than this are kept: an upload may be about to link them to its job. */
const ORPHAN_GRACE_MS = 10 * 60_000;

/**
 * SQLite's blob store: files under `dir/ab/<sha256>`, a row per blob, and links from jobs.
 * Identical uploads share one file.
 */
export class FileBlobStore implements BlobStore {
  constructor(
    private readonly db: Db,
    private readonly dir: string,
  ) {}

  async put(bytes: Uint8Array, mimeType: string, now = Date.now()): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    // Write-then-rename so a crash never leaves a truncated file under the final name.
    const tmp = `${path}.${process.pid}.${now}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    this.db
      .insert(blobs)
      .values({ sha256, size: bytes.byteLength, mimeType, touchedAt: now })
      .onConflictDoUpdate({ target: blobs.sha256, set: { touchedAt: now } })
      .run();
    return sha256;
  }

  /** Links a blob to a job (inside the transaction that creates the job). */
  link(jobId: string, sha256: string, role: string): void {
    this.db.insert(jobBlobs).values({ jobId, sha256, role }).onConflictDoNothing().run();
  }

  /** The blobs of a job with a given role (in no set order: callers that need one keep it in the job's input). */
  async forJob(jobId: string, role: string): Promise<string[]> {
    return this.db
      .select({ sha256: jobBlobs.sha256 })
      .from(jobBlobs)
      .where(and(eq(jobBlobs.jobId, jobId), eq(jobBlobs.role, role)))
      .all()
      .map((r) => r.sha256);
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  /** Deletes blobs no job links to any more (rows and files); returns how many. */
  async purgeOrphans(now = Date.now()): Promise<number> {
    const orphans = this.db
      .delete(blobs)
      .where(
        and(
          lt(blobs.touchedAt, now - ORPHAN_GRACE_MS),
          notExists(this.db.select({ one: jobBlobs.sha256 }).from(jobBlobs).where(eq(jobBlobs.sha256, blobs.sha256))),
        ),
      )
      .returning({ sha256: blobs.sha256 })
      .all();
    await Promise.all(orphans.map((o) => rm(this.pathOf(o.sha256), { force: true })));
    return orphans.length;
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}
