import { z } from 'zod';
import { ZCursor, ZIsoDateTime, ZJobId, ZJsonObject, ZPageLimit } from './common.js';
import { ZJobError } from './errors.js';
import { ZJobEvent, ZJobSummary } from './job-events.js';
import { ZItemCounts, ZItemStatus, ZJobPhase, ZJobStatus } from './job-status.js';

export const ZJobKind = z.string().min(1).max(64).describe('Job kind, e.g. csv-import, shelf-scan, enrichment');

/** What every start mutation answers, at once, before any work is done. */
export const ZJobStarted = z.object({
  jobId: ZJobId,
  token: z.string().describe('Job token: send as `Authorization: Bearer <token>`; shown once, stored only as a hash'),
  kind: ZJobKind,
  status: ZJobStatus,
  duplicateOf: ZJobId.optional().describe(
    'set when the same client sent the same upload (same bytes and options, no idempotency key) while an earlier job for it was still queued or running, within DUPLICATE_WINDOW_MS: this answer is that job (`jobId` equals it), with a token of its own; no second job was started',
  ),
}).meta({ id: 'JobStarted' });
export type TJobStarted = z.infer<typeof ZJobStarted>;

export const ZJobProgress = z.object({
  phase: ZJobPhase,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string().optional(),
  currentItem: z.string().optional(),
  etaSeconds: z.number().int().nonnegative().optional(),
});
export type TJobProgress = z.infer<typeof ZJobProgress>;

/**
 * Why a job that is not finished looks stuck: running but silent (`no_progress`: nothing appended
 * for STALL_AFTER_MS, not even the engine's heartbeat, so no process is carrying it on), or
 * queued while nothing runs any job (`no_worker`). Not a status: `jobs.cancel` ends either.
 */
export const ZJobStall = z.object({
  reason: z.enum(['no_progress', 'no_worker']),
  since: ZIsoDateTime.describe('the last sign of life (running) or since when it could have run (queued)'),
  message: z.string(),
}).meta({ id: 'JobStall' });
export type TJobStall = z.infer<typeof ZJobStall>;

/** A job as `jobs.get` shows it: enough to re-sync a client that was away. */
export const ZJobSnapshot = z.object({
  jobId: ZJobId,
  kind: ZJobKind,
  status: ZJobStatus,
  phase: ZJobPhase.nullable(),
  progress: ZJobProgress.nullable(),
  itemCount: z.number().int().nonnegative(),
  counts: ZItemCounts,
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  cancelRequested: z.boolean(),
  lastSeq: z.number().int().nonnegative().describe('seq of the newest event; resume streams after it'),
  summary: ZJobSummary.nullable(),
  error: ZJobError.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  startedAt: ZIsoDateTime.nullable(),
  finishedAt: ZIsoDateTime.nullable(),
  expiresAt: ZIsoDateTime.nullable().describe('when results are purged (finished jobs only)'),
  stalled: ZJobStall.nullable().describe('set while the job looks stuck; null otherwise (and always once finished)'),
}).meta({ id: 'JobSnapshot' });
export type TJobSnapshot = z.infer<typeof ZJobSnapshot>;

export const ZJobRef = z.object({ jobId: ZJobId });

export const ZJobEventsInput = z.object({
  jobId: ZJobId,
  after: z.number().int().nonnegative().default(0).describe('return events with seq greater than this'),
  limit: ZPageLimit,
});
export const ZJobEventsPage = z.object({
  jobId: ZJobId,
  events: z.array(ZJobEvent),
  lastSeq: z.number().int().nonnegative(),
  nextAfter: z.number().int().nonnegative().nullable().describe('pass as `after` for the next page; null when none'),
}).meta({ id: 'JobEventsPage' });
export type TJobEventsPage = z.infer<typeof ZJobEventsPage>;

export const ZOnProgressInput = z.object({
  jobId: ZJobId,
  token: z.string().min(1).max(512).optional().describe('job token; one WebSocket may watch several jobs'),
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, 'must be an event seq (a whole number ≥ 0)')
    .nullish()
    .describe('resume after this seq (set by the client on reconnect)'),
});

export const ZResultItem = z.object({
  index: z.number().int().nonnegative(),
  status: ZItemStatus,
  title: z.string().nullable(),
  input: ZJsonObject.describe("the user's own data for this item"),
  result: ZJsonObject.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  updatedAt: ZIsoDateTime,
}).meta({ id: 'ResultItem' });
export type TResultItem = z.infer<typeof ZResultItem>;

export const ZJobResultsInput = z.object({
  jobId: ZJobId,
  cursor: ZCursor.optional(),
  limit: ZPageLimit,
  status: ZItemStatus.optional(),
  q: z
    .string()
    .max(200)
    .refine((s) => !s.includes('\0'), 'must not contain NUL characters')
    .optional()
    .describe("words the item's title, authors or ISBN all contain, as the user gave them (or as edited in review); case, accents and punctuation do not matter"),
});
export const ZJobResultsPage = z.object({
  jobId: ZJobId,
  status: ZJobStatus,
  items: z.array(ZResultItem),
  total: z.number().int().nonnegative().describe('items matching the filter'),
  nextCursor: ZCursor.nullable(),
}).meta({ id: 'JobResultsPage' });
export type TJobResultsPage = z.infer<typeof ZJobResultsPage>;

export const ZRetryFailedOutput = z.object({
  job: ZJobSnapshot,
  retriedItems: z.number().int().nonnegative(),
}).meta({ id: 'RetryFailedResult' });

export const ZJobListInput = z.object({
  status: ZJobStatus.optional(),
  kind: ZJobKind.optional(),
  cursor: ZCursor.optional(),
  limit: ZPageLimit,
});
export const ZJobListPage = z.object({
  jobs: z.array(ZJobSnapshot),
  nextCursor: ZCursor.nullable(),
}).meta({ id: 'JobListPage' });
export type TJobListPage = z.infer<typeof ZJobListPage>;
