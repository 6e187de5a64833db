import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { TJobEvent } from '../../contract/job-events.js';
import type { CreateResult, JobRow, NewJob } from '../store.js';
import type { PgDb } from './client.js';
import { linkBlobs } from './pg-blob-store.js';
import { appendEvents } from './pg-events.js';
import type { PgExec } from './pg-exec.js';
import { jobTokens } from './schema/job-tokens.js';
import { jobs } from './schema/jobs.js';

/**
 * Creates a job with its first token, its blob links and its first event (seq 1), in one
 * transaction. The insert yields to the idempotency index (`jobs_idempotency_idx`) instead of
 * reading first: of two concurrent starts with one key, the second waits for the first to commit,
 * then finds its job. Jobs without a key never conflict there (NULLs are distinct).
 */
export async function createJob(db: PgDb, job: NewJob, now: number): Promise<CreateResult> {
  const { row } = job;
  return db.transaction(async (tx): Promise<CreateResult> => {
    if (row.idempotencyKey == null && row.clientKey != null && job.sameAsActiveSince !== undefined) {
      const active = await findActiveSame(tx, row.kind, row.clientKey, row.inputHash, job.sameAsActiveSince);
      if (active) {
        await tx.insert(jobTokens).values({ jobId: active.id, tokenHash: job.tokenHash, createdAt: now });
        return { created: false, job: active, sameInput: true, duplicate: true };
      }
    }
    // A second try only when the job holding the key was deleted between our insert and our read.
    for (let attempt = 1; ; attempt++) {
      const [inserted] = await tx
        .insert(jobs)
        .values(row)
        .onConflictDoNothing({ target: [jobs.kind, jobs.clientKey, jobs.idempotencyKey] })
        .returning();
      if (inserted) return { created: true, ...(await completeJob(tx, job, inserted, now)) };
      const existing = await findIdempotent(tx, row.kind, row.clientKey ?? '', row.idempotencyKey ?? '');
      if (existing) {
        const sameInput = existing.inputHash === row.inputHash;
        if (sameInput) await tx.insert(jobTokens).values({ jobId: existing.id, tokenHash: job.tokenHash, createdAt: now });
        return { created: false, job: existing, sameInput };
      }
      if (attempt === 2) throw new Error(`job ${row.id}: its idempotency key is taken by a job that cannot be read`);
    }
  });
}

/** The new job's token, blob links and first event. */
async function completeJob(tx: PgExec, job: NewJob, inserted: JobRow, now: number): Promise<{ job: JobRow; events: TJobEvent[] }> {
  await tx.insert(jobTokens).values({ jobId: inserted.id, tokenHash: job.tokenHash, createdAt: now });
  await linkBlobs(tx, inserted.id, job.blobs);
  const events = await appendEvents(tx, inserted.id, [job.event], now);
  return { job: { ...inserted, lastSeq: events.at(-1)?.seq ?? inserted.lastSeq }, events };
}

async function findIdempotent(db: PgExec, kind: string, clientKey: string, idempotencyKey: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.clientKey, clientKey), eq(jobs.idempotencyKey, idempotencyKey)));
  return row;
}

/** The newest queued or running job of this kind, client and input created at or after `since`. */
async function findActiveSame(db: PgExec, kind: string, clientKey: string, inputHash: string, since: number): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.clientKey, clientKey), eq(jobs.inputHash, inputHash), inArray(jobs.status, ['queued', 'running']), gte(jobs.createdAt, since)))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return row;
}
