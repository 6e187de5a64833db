import { isTerminalEvent, type TJobEvent } from '../contract/job-events.js';
import { isTerminalStatus } from '../contract/job-status.js';
import type { JobEventsStore, JobRow, JobsStore } from '../db/store.js';
import type { JobEventBus } from './event-bus.js';
import { CLOSED, Inbox, OVERFLOW } from './inbox.js';

export interface FollowDeps {
  jobs: Pick<JobsStore, 'get'>;
  events: JobEventsStore;
  bus: JobEventBus;
  /** Events read from the log per query while replaying. */
  pageSize: number;
  /** Live events a slow subscriber may lag behind before it falls back to the log. */
  highWaterMark: number;
}

/** A job's stream has nothing after `seq`: the job is finished and `seq` is its newest event. */
export function streamEndedAt(job: JobRow | undefined, seq: number): boolean {
  return job !== undefined && isTerminalStatus(job.status) && job.lastSeq <= seq;
}

/**
 * Whether an event ended its job's stream, decided once per event object. A published event is one
 * object shared by all the job's subscribers, and they all reach it in the same tick: asked once,
 * the job's row is read once per terminal event, not once per subscriber (1,000 reads held up the
 * frames of the job's last tick). Weak, so an answer goes with its event.
 */
const streamEnds = new WeakMap<TJobEvent, Promise<boolean>>();

/**
 * The stream ends on the job's newest event once the job is finished: its terminal event, or a
 * review decision recorded after it (a retry queues the job again, so its stream goes on). Only
 * those events can end it, so the others cost no lookup.
 */
export function endsStream(jobs: Pick<JobsStore, 'get'>, event: TJobEvent): false | Promise<boolean> {
  if (!isTerminalEvent(event) && event.type !== 'review') return false;
  let ends = streamEnds.get(event);
  if (ends === undefined) {
    ends = jobs.get(event.jobId).then((job) => streamEndedAt(job, event.seq));
    streamEnds.set(event, ends);
  }
  return ends;
}

/**
 * A job's events after `after`, each exactly once and in `seq` order, ending after the terminal
 * event. Listens first, then replays from the log, then goes live; any gap (a dropped backlog,
 * an event published while replaying) is filled from the log, which always has every event.
 */
export async function* followJob(deps: FollowDeps, jobId: string, after: number, signal: AbortSignal): AsyncGenerator<TJobEvent, void> {
  const inbox = new Inbox<TJobEvent>(signal, deps.highWaterMark);
  const unsubscribe = deps.bus.subscribe(jobId, (event) => inbox.push(event));
  let last = after;
  try {
    for (;;) {
      for (;;) {
        const page = await deps.events.listAfter(jobId, last, deps.pageSize);
        for (const event of page) {
          last = event.seq;
          yield event;
          if (await endsStream(deps.jobs, event)) return;
        }
        if (page.length < deps.pageSize) break;
      }
      const job = await deps.jobs.get(jobId);
      if (!job || streamEndedAt(job, last)) return;

      for (;;) {
        const next = await inbox.take();
        if (next === CLOSED) return;
        if (next === OVERFLOW || next.seq > last + 1) break;
        if (next.seq <= last) continue;
        last = next.seq;
        yield next;
        if (await endsStream(deps.jobs, next)) return;
      }
    }
  } finally {
    unsubscribe();
  }
}
