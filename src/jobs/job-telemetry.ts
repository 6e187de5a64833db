import type { TJobEvent, TJobEventType } from '../contract/job-events.js';
import type { TItemStatus } from '../contract/job-status.js';
import type { ItemWrites, JobRow } from '../db/store.js';
import type { TelemetryRecord } from '../telemetry.js';

function tally<K extends string>(keys: Iterable<K>): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** The statuses a change decides: its outcomes, and items it creates already decided (an invalid row). */
function* decidedStatuses(items: ItemWrites): Generator<TItemStatus> {
  for (const { outcome } of items.outcomes ?? []) if (outcome.status !== 'pending') yield outcome.status;
  for (const item of items.create ?? []) if (item.status !== undefined && item.status !== 'pending') yield item.status;
}

/**
 * What one committed change of a job tells the metrics: the events it appended, a run claiming
 * the job (how long it was runnable first), the job ending (how long it ran), items decided.
 * `job` is the row as the change left it (undefined for a review decision, which needs none). Items
 * copied from an earlier import are not counted: no run decided them.
 */
export function changeRecords(job: Pick<JobRow, 'kind' | 'runAfter' | 'startedAt' | 'finishedAt'> | undefined, items: ItemWrites | undefined, events: readonly TJobEvent[]): TelemetryRecord[] {
  const records: TelemetryRecord[] = [];
  if (events.length > 0) records.push({ type: 'events_appended', counts: tally<TJobEventType>(events.map((e) => e.type)) });
  for (const event of events) {
    if (event.type === 'review') {
      records.push({ type: 'review_decided', action: event.action });
    } else if (!job) {
      continue;
    } else if (event.type === 'status' && event.status === 'running') {
      records.push({ type: 'job_claimed', kind: job.kind, queuedMs: Math.max(0, Date.parse(event.at) - job.runAfter) });
    } else if (event.type === 'completed' || event.type === 'failed' || event.type === 'canceled') {
      const ranMs = job.startedAt === null ? undefined : Math.max(0, (job.finishedAt ?? Date.parse(event.at)) - job.startedAt);
      records.push({ type: 'job_finished', kind: job.kind, outcome: event.type, ranMs });
    }
  }
  if (!job || !items) return records;
  const decided = tally(decidedStatuses(items));
  if (Object.keys(decided).length > 0) records.push({ type: 'items_decided', kind: job.kind, counts: decided });
  return records;
}
