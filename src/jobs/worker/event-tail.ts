import type { Logger } from 'pino';
import type { JobEventsStore } from '../../db/store.js';
import type { JobEventBus } from '../event-bus.js';
import type { JobNotice } from '../notifier.js';

/** Events read from the log per query when a notice arrives. */
const PAGE = 500;

/**
 * The serving side of events written elsewhere (a job worker, another process): on "job X has
 * events up to N", the new events are read from the log and published to this process's
 * subscribers. Jobs nobody here follows cost nothing; followers drop what they already have.
 * Where to read from is the newest seq the bus published for the job, whoever published it.
 * One read per job at a time: notices that come during a read raise how far it goes.
 */
export class EventTail {
  /** Jobs being read, with the newest seq noticed for each. */
  private readonly reading = new Map<string, number>();

  constructor(
    private readonly events: Pick<JobEventsStore, 'listAfter'>,
    private readonly bus: JobEventBus,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  onNotice(notice: JobNotice): void {
    if (notice.type !== 'events') return;
    const { jobId, seq } = notice;
    if (this.bus.subscriberCount(jobId) === 0) return;
    const target = this.reading.get(jobId);
    if (target !== undefined) {
      this.reading.set(jobId, Math.max(target, seq));
      return;
    }
    this.reading.set(jobId, seq);
    this.read(jobId)
      .catch((error: unknown) => this.logger.warn({ err: error, jobId }, 'reading new events from the log failed; the next notice or poll reads them'))
      .finally(() => this.reading.delete(jobId));
  }

  /** Whether a read is in progress (tests). */
  idle(): boolean {
    return this.reading.size === 0;
  }

  private async read(jobId: string): Promise<void> {
    for (;;) {
      const target = this.reading.get(jobId) ?? 0;
      // A job with nothing published yet: its followers replayed the log up to here themselves.
      let after = this.bus.newestPublished(jobId) ?? target - 1;
      while (after < target) {
        const page = await this.events.listAfter(jobId, after, PAGE);
        if (page.length === 0) break;
        for (const event of page) this.bus.publish(event);
        after = page.at(-1)?.seq ?? target;
      }
      if ((this.reading.get(jobId) ?? 0) <= target) return;
    }
  }
}
