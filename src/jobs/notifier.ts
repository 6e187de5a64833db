/**
 * What crosses between the process (or thread) that serves clients and those that run jobs. Every
 * notice is a hint: the database holds the truth, so a lost notice only delays (the runner polls,
 * followers read the log). Small enough for PostgreSQL's LISTEN/NOTIFY to carry as it is.
 */
export type JobNotice =
  /** Job `jobId` has events persisted up to `seq`: followers read them from the log. */
  | { type: 'events'; jobId: string; seq: number }
  /** A job was queued or retried: runners should look for work now rather than at their next poll. */
  | { type: 'wake' }
  /** Job `jobId` is to be canceled wherever it runs. */
  | { type: 'cancel'; jobId: string };

/** A channel of notices, both ways. */
export interface JobNotifier {
  send(notice: JobNotice): void;
  /** Listens to notices from the other side; returns the unsubscribe. */
  listen(listener: (notice: JobNotice) => void): () => void;
}

/** Coalesces `events` notices within one tick: a burst of progress becomes one notice per job. */
export class EventNoticeBatcher {
  private readonly latest = new Map<string, number>();
  private scheduled = false;

  constructor(private readonly notifier: JobNotifier) {}

  eventsWritten(jobId: string, seq: number): void {
    this.latest.set(jobId, Math.max(seq, this.latest.get(jobId) ?? 0));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const [id, last] of this.latest) this.notifier.send({ type: 'events', jobId: id, seq: last });
      this.latest.clear();
    });
  }
}
