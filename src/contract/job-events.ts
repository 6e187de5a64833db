import { z } from 'zod';
import { ZIsoDateTime, ZJobId, ZJsonObject } from './common.js';
import { ZJobError } from './errors.js';
import { ZItemCounts, ZItemStatus, ZJobPhase } from './job-status.js';

/** What every finished job reports, whatever its kind; kind-specific figures go in `details`. */
export const ZJobSummary = z.object({
  itemCount: z.number().int().nonnegative(),
  counts: ZItemCounts,
  durationMs: z.number().int().nonnegative(),
  details: ZJsonObject.optional(),
  retryableParts: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("work outside the items that failed for a transient reason (a scan's photo lost to an outage): `jobs.retryFailed` runs it again"),
}).meta({ id: 'JobSummary' });
export type TJobSummary = z.infer<typeof ZJobSummary>;

const eventBase = {
  jobId: ZJobId,
  seq: z.number().int().positive().describe('1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id'),
  at: ZIsoDateTime,
};

export const ZStatusEvent = z.object({
  ...eventBase,
  type: z.literal('status'),
  status: z.enum(['queued', 'running']),
  attempt: z.number().int().nonnegative(),
  message: z.string().optional(),
}).meta({ id: 'StatusEvent' });

export const ZPhaseEvent = z.object({
  ...eventBase,
  type: z.literal('phase'),
  phase: ZJobPhase,
  message: z.string(),
}).meta({ id: 'PhaseEvent' });

export const ZProgressEvent = z.object({
  ...eventBase,
  type: z.literal('progress'),
  phase: ZJobPhase,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string().optional().describe('what the job is doing, e.g. "waiting for Google Books: 60 requests a minute, about 412 calls to go"'),
  currentItem: z.string().optional(),
  etaSeconds: z.number().int().nonnegative().optional().describe("estimated seconds left: the calls still to make at each provider's rate (providers work in parallel)"),
}).meta({ id: 'ProgressEvent' });

export const ZPhotoEvent = z.object({
  ...eventBase,
  type: z.literal('photo'),
  index: z.number().int().nonnegative(),
  status: z.enum(['queued', 'processing', 'done', 'failed']),
  booksFound: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
}).meta({ id: 'PhotoEvent' });

export const ZItemEvent = z.object({
  ...eventBase,
  type: z.literal('item'),
  index: z.number().int().nonnegative(),
  status: ZItemStatus,
  title: z.string().optional(),
  reason: z.string().optional(),
}).meta({ id: 'ItemEvent' });

export const ZWarningEvent = z.object({
  ...eventBase,
  type: z.literal('warning'),
  code: z.string(),
  message: z.string(),
  retryInMs: z.number().int().nonnegative().optional(),
}).meta({ id: 'WarningEvent' });

/** What a person decided for an item that needed review (`review.resolve`). */
export const REVIEW_ACTIONS = ['accept', 'choose', 'edit', 'reject'] as const;
export const ZReviewAction = z.enum(REVIEW_ACTIONS);
export type TReviewAction = z.infer<typeof ZReviewAction>;

/**
 * An item was decided by a person. It usually comes after the job's terminal event (review starts
 * once a job has finished): the stream of a finished job then ends after its newest event.
 */
export const ZReviewEvent = z.object({
  ...eventBase,
  type: z.literal('review'),
  index: z.number().int().nonnegative(),
  action: ZReviewAction,
  status: ZItemStatus.describe("the item's new status"),
  title: z.string().optional(),
}).meta({ id: 'ReviewEvent' });

export const ZCompletedEvent = z.object({ ...eventBase, type: z.literal('completed'), summary: ZJobSummary }).meta({ id: 'CompletedEvent' });
export const ZFailedEvent = z.object({
  ...eventBase,
  type: z.literal('failed'),
  error: ZJobError,
  summary: ZJobSummary.optional(),
}).meta({ id: 'FailedEvent' });
export const ZCanceledEvent = z.object({ ...eventBase, type: z.literal('canceled'), summary: ZJobSummary }).meta({ id: 'CanceledEvent' });

/** The progress stream: every event a job can emit, persisted before it is published. */
export const ZJobEvent = z.discriminatedUnion('type', [
  ZStatusEvent,
  ZPhaseEvent,
  ZProgressEvent,
  ZPhotoEvent,
  ZItemEvent,
  ZWarningEvent,
  ZReviewEvent,
  ZCompletedEvent,
  ZFailedEvent,
  ZCanceledEvent,
]).meta({ id: 'JobEvent' });
export type TJobEvent = z.infer<typeof ZJobEvent>;
export type TJobEventType = TJobEvent['type'];

export const TERMINAL_EVENT_TYPES = ['completed', 'failed', 'canceled'] as const satisfies readonly TJobEventType[];
export type TTerminalJobEvent = Extract<TJobEvent, { type: (typeof TERMINAL_EVENT_TYPES)[number] }>;

export function isTerminalEvent(event: TJobEvent): event is TTerminalJobEvent {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a job emits it: the engine adds `jobId`, `seq` and `at`. */
export type TJobEventInput = DistributiveOmit<TJobEvent, 'jobId' | 'seq' | 'at'>;
