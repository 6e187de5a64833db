import type { Logger } from 'pino';
import type { TJobEvent } from '../contract/job-events.js';

export type JobEventListener = (event: TJobEvent) => void;

/**
 * In-process fan-out of persisted events, keyed by job. Only the event log publishes here, and
 * only after the event is committed, so a subscriber can always fill a gap from the database.
 */
export class JobEventBus {
  private readonly listeners = new Map<string, Set<JobEventListener>>();
  /** The newest seq published per followed job (forgotten with its last listener). */
  private readonly newest = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  subscribe(jobId: string, listener: JobEventListener): () => void {
    let set = this.listeners.get(jobId);
    if (!set) {
      set = new Set();
      this.listeners.set(jobId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(jobId);
      if (!current) return;
      current.delete(listener);
      if (current.size > 0) return;
      this.listeners.delete(jobId);
      this.newest.delete(jobId);
    };
  }

  publish(event: TJobEvent): void {
    const set = this.listeners.get(event.jobId);
    if (!set) return;
    this.newest.set(event.jobId, Math.max(event.seq, this.newest.get(event.jobId) ?? 0));
    for (const listener of set) {
      try {
        listener(event);
      } catch (error: unknown) {
        // One broken subscriber must not starve the others; it can resume from the log.
        this.logger.error({ err: error, jobId: event.jobId, seq: event.seq }, 'job event listener threw');
      }
    }
  }

  /** The newest seq published here for a job someone listens to (whoever published it). */
  newestPublished(jobId: string): number | undefined {
    return this.newest.get(jobId);
  }

  /** The jobs someone here listens to. */
  subscribedJobs(): string[] {
    return [...this.listeners.keys()];
  }

  subscriberCount(jobId?: string): number {
    if (jobId !== undefined) return this.listeners.get(jobId)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
