/** Whether an unfinished job looks stuck, from its row and the state of the queue. */
import type { TJobStall } from '../contract/jobs.js';
import type { JobRow, QueueState } from '../db/store.js';
import { isoTimestamp } from './timestamps.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * A running job is stalled when nothing was appended to it for `stallAfterMs`: a live run sends
 * at least the engine's heartbeat every few seconds, so silence means no process carries it on
 * (its worker died and no other took it over). A queued job that could have run for that long,
 * while no job at all is running, waits for a worker that is not there.
 */
export function stallOf(row: JobRow, lastActivityAt: number, queue: QueueState | undefined, stallAfterMs: number, now: number): TJobStall | null {
  if (row.status === 'running') {
    const silent = now - lastActivityAt;
    if (silent < stallAfterMs) return null;
    return { reason: 'no_progress', since: isoTimestamp(lastActivityAt), message: `running, but nothing heard from it for ${seconds(silent)}: no worker seems to be carrying it on (jobs.cancel ends it)` };
  }
  if (row.status === 'queued' && queue && queue.liveRuns === 0 && now - row.runAfter >= stallAfterMs) {
    return { reason: 'no_worker', since: isoTimestamp(row.runAfter), message: `queued for ${seconds(now - row.runAfter)} while no job runs: no worker is taking jobs` };
  }
  return null;
}

/** Readiness: degraded, with the reason, while runnable jobs wait and nothing runs. */
export function queueProblem(queue: QueueState, stallAfterMs: number, now: number): string | null {
  if (queue.liveRuns > 0 || queue.oldestRunAfter === null || now - queue.oldestRunAfter < stallAfterMs) return null;
  return `no worker is taking jobs: ${queue.runnable} queued, the oldest for ${seconds(now - queue.oldestRunAfter)}, and none running`;
}
