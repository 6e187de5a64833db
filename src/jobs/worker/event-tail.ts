import type { JobEventsRepo } from '../../db/repos/job-events.repo.js';
import type { JobEventBus } from '../event-bus.js';
import type { JobNotice } from '../notifier.js';

/** Events read from the log per query when a notice arrives. */
const PAGE = 500;
/** Jobs whose newest seq is remembered (most recent first out last): enough for every running job. */
const REMEMBERED_JOBS = 10_000;

/**
 * The serving side of events written elsewhere (a job worker, another process): on "job X has
 * events up to N", the new events are read from the log and published to this process's
 * subscribers. Jobs nobody here follows cost nothing; followers drop what they already have.
 */
export class EventTail {
  private readonly published = new Map<string, number>();

  constructor(
    private readonly events: JobEventsRepo,
    private readonly bus: JobEventBus,
  ) {}

  onNotice(notice: JobNotice): void {
    if (notice.type !== 'events') return;
    const { jobId, seq } = notice;
    // What this tail published, or what reached the bus otherwise (a runner in this thread).
    const known = this.published.get(jobId) ?? this.bus.newestPublished(jobId);
    this.published.delete(jobId);
    if (this.published.size >= REMEMBERED_JOBS) this.published.delete(this.published.keys().next().value ?? '');
    if (this.bus.subscriberCount(jobId) === 0) {
      this.published.set(jobId, seq);
      return;
    }
    // A job first heard of now: its followers replayed the log up to here themselves.
    let after = known ?? seq - 1;
    while (after < seq) {
      const page = this.events.listAfter(jobId, after, PAGE);
      if (page.length === 0) break;
      for (const event of page) this.bus.publish(event);
      after = page.at(-1)?.seq ?? seq;
    }
    this.published.set(jobId, after);
  }
}
