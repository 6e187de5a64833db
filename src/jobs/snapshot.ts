import type { TItemCounts } from '../contract/job-status.js';
import type { TJobSnapshot, TJobStall } from '../contract/jobs.js';
import type { JobRow } from '../db/schema/jobs.js';
import { isoTimestamp } from './timestamps.js';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTimestamp(ms));

/** A job row as clients see it (`stalled` as `stallOf` found it, when the caller looked). */
export function toSnapshot(row: JobRow, items: { total: number; counts: TItemCounts }, stalled: TJobStall | null = null): TJobSnapshot {
  return {
    jobId: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    progress: row.progress,
    itemCount: items.total,
    counts: items.counts,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    cancelRequested: row.cancelRequestedAt !== null,
    lastSeq: row.lastSeq,
    summary: row.summary,
    error: row.error,
    createdAt: isoTimestamp(row.createdAt),
    updatedAt: isoTimestamp(row.updatedAt),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    expiresAt: isoOrNull(row.expiresAt),
    stalled,
  };
}
