import type { TJobEvent } from '../contract/job-events.js';
import { endsStream, streamEndedAt, type FollowDeps } from './follow.js';
import { nextTurn } from './yield-timer.js';

/** Where a live follower delivers a job's events: a connection that writes each one as it comes. */
export interface LiveSink {
  /** Takes one event: in `seq` order, each exactly once. Synchronous: it writes or queues a frame. */
  send(event: TJobEvent): void;
  /**
   * `null` while the consumer can take more (the common case: nothing to await); otherwise a
   * promise that settles once it can again, or once the stream's signal aborted. Asked after each event.
   */
  ready(): Promise<void> | null;
  /** The stream is over: the job finished and its last event was sent. Not called after an abort. */
  end(): void;
  /** Reading the log failed, or the sink threw; the stream is over. */
  fail(error: unknown): void;
}

/**
 * The stream of `followJob` (listen, replay from the log, go live, fill any gap from the log, end
 * after the job's last event), pushed to `sink` instead of pulled through a generator. An event
 * that arrives in order costs one synchronous call per subscriber and no promise: with 1,000
 * subscribers the generator chain per subscriber and its promises were most of an event's cost.
 * A sink that is not ready gets no live events; once it is ready it reads what it missed from the
 * log, so nothing is held in memory for a consumer that stopped reading. Ends when `signal` aborts.
 */
export function followLive(deps: FollowDeps, jobId: string, after: number, sink: LiveSink, signal: AbortSignal): void {
  new LiveFollower(deps, jobId, after, sink, signal).start();
}

class LiveFollower {
  private last: number;
  /** `live`: bus events are sent as they come. `reading`: the log is read, or the sink is full. */
  private mode: 'live' | 'reading' | 'done' = 'reading';
  /** Bus events that came while reading: any during a read means the log is read once more before going live. */
  private missedCount = 0;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly deps: FollowDeps,
    private readonly jobId: string,
    after: number,
    private readonly sink: LiveSink,
    private readonly signal: AbortSignal,
  ) {
    this.last = after;
  }

  start(): void {
    if (this.signal.aborted) return;
    this.signal.addEventListener('abort', this.stop, { once: true });
    // Listening before reading, so nothing published while the log is read goes unnoticed.
    this.unsubscribe = this.deps.bus.subscribe(this.jobId, (event) => {
      this.onPublished(event);
    });
    this.readLog();
  }

  private readonly stop = (): void => {
    this.mode = 'done';
    this.unsubscribe();
    this.signal.removeEventListener('abort', this.stop);
  };

  private onPublished(event: TJobEvent): void {
    if (this.mode === 'reading') this.missedCount++;
    if (this.mode !== 'live') return;
    if (event.seq <= this.last) return;
    if (event.seq > this.last + 1) this.readLog();
    else this.deliver(event);
  }

  /** Sends one event; false when the stream stops there for now (ended, aborted, or the sink is full). */
  private deliver(event: TJobEvent): boolean {
    this.last = event.seq;
    this.sink.send(event);
    if (this.mode === 'done') return false;
    const ends = endsStream(this.deps.jobs, event);
    if (ends !== false) {
      // A terminal event or a late review decision: the stream ends there if nothing came after.
      this.mode = 'reading';
      ends.then(
        (ended) => {
          if (this.mode === 'done') return;
          if (!ended) {
            this.readLog();
            return;
          }
          this.stop();
          this.sink.end();
        },
        (error: unknown) => this.fail(error),
      );
      return false;
    }
    const full = this.sink.ready();
    if (full === null) return true;
    this.mode = 'reading';
    full.then(
      () => this.readLog(),
      (error: unknown) => this.fail(error),
    );
    return false;
  }

  private readLog(): void {
    if (this.mode === 'done') return;
    this.mode = 'reading';
    this.catchUp().catch((error: unknown) => this.fail(error));
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.mode === 'done') return;
      const missedBefore = this.missedCount;
      const page = await this.deps.events.listAfter(this.jobId, this.last, this.deps.pageSize);
      if (this.stopped()) return;
      for (const event of page) if (!this.deliver(event)) return;
      if (page.length === this.deps.pageSize) {
        // A long backlog is sent a page per turn, so one resuming client cannot hold the thread.
        await nextTurn();
        continue;
      }
      const job = await this.deps.jobs.get(this.jobId);
      if (this.stopped()) return;
      if (!job || streamEndedAt(job, this.last)) {
        this.stop();
        this.sink.end();
        return;
      }
      if (this.missedCount === missedBefore) {
        this.mode = 'live';
        return;
      }
    }
  }

  /** Whether the stream stopped (read after an await: an abort may have come meanwhile). */
  private stopped(): boolean {
    return this.mode === 'done';
  }

  private fail(error: unknown): void {
    if (this.mode === 'done') return;
    this.stop();
    this.sink.fail(error);
  }
}
