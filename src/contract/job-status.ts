import { z } from 'zod';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'canceled'] as const;
export const ZJobStatus = z.enum(JOB_STATUSES);
export type TJobStatus = z.infer<typeof ZJobStatus>;

export const TERMINAL_JOB_STATUSES = ['completed', 'failed', 'canceled'] as const satisfies readonly TJobStatus[];
export type TTerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

export function isTerminalStatus(status: TJobStatus): status is TTerminalJobStatus {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/** The phases a job moves through; clients may show them as steps. */
export const JOB_PHASES = [
  'preparing',
  'parsing',
  'mapping',
  'scanning',
  'deduplicating',
  'enriching',
  'finalizing',
] as const;
export const ZJobPhase = z.enum(JOB_PHASES);
export type TJobPhase = z.infer<typeof ZJobPhase>;

/**
 * Status of one result item (a CSV row, a detected book, an enrichment input).
 * `pending` items have not been processed yet; every other status is final for that run.
 * `duplicate`: repeats an earlier row of the same file; `parsed`: read and kept, not looked up
 * (an import with `enrich: false`).
 */
export const ITEM_STATUSES = [
  'pending',
  'matched',
  'needs_review',
  'not_found',
  'provider_unavailable',
  'invalid',
  'duplicate',
  'parsed',
] as const;
export const ZItemStatus = z.enum(ITEM_STATUSES);
export type TItemStatus = z.infer<typeof ZItemStatus>;

/** Item statuses that `jobs.retryFailed` re-runs: failures caused by something transient. */
export const RETRYABLE_ITEM_STATUSES = ['provider_unavailable'] as const satisfies readonly TItemStatus[];

export const ZItemCounts = z.partialRecord(ZItemStatus, z.number().int().nonnegative());
export type TItemCounts = z.infer<typeof ZItemCounts>;
