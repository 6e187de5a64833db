import type { JobEventsRepo } from '../../db/repos/job-events.repo.js';
import type { JobEventBus } from '../event-bus.js';
import type { JobNotice } from '../notifier.js';

/** Events read from the log per query when a notice arrives. */
const PAGE = 500;

/**
 * The serving side of events written elsewhere (a job worker, another process): on "job X has
 * events up to N", the new events are read from the log and published to this process's
 * subscribers. Jobs nobody here follows cost nothing; followers drop what they already have.
 * Where to read from is the newest seq the bus published for the job, whoever published it.
 */
export class EventTail {
  constructor(
    private readonly events: JobEventsRepo,
    private readonly bus: JobEventBus,
  ) {}

  onNotice(notice: JobNotice): void {
    if (notice.type !== 'events') return;
    const { jobId, seq } = notice;
    if (this.bus.subscriberCount(jobId) === 0) return;
    // A job with nothing published yet: its followers replayed the log up to here themselves.
    let after = this.bus.newestPublished(jobId) ?? seq - 1;
    while (after < seq) {
      const page = this.events.listAfter(jobId, after, PAGE);
      if (page.length === 0) break;
      for (const event of page) this.bus.publish(event);
      after = page.at(-1)?.seq ?? seq;
    }
  }
}
