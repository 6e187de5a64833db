import type { Logger } from 'pino';
import pg from 'pg';
import type { JobNotice, JobNotifier } from './notifier.js';

/** The one channel every process listens on. */
export const NOTICE_CHANNEL = 'bookstrack_jobs';

/** A notice as NOTIFY carries it: a few dozen bytes (`e:<jobId>:<seq>`, `w`, `c:<jobId>`), far under the 8,000-byte limit. */
export function encodeNotice(notice: JobNotice): string {
  if (notice.type === 'events') return `e:${notice.jobId}:${String(notice.seq)}`;
  if (notice.type === 'cancel') return `c:${notice.jobId}`;
  return 'w';
}

/** The notice in a payload, or undefined for one this version does not know (ignored, not fatal). */
export function decodeNotice(payload: string): JobNotice | undefined {
  if (payload === 'w') return { type: 'wake' };
  const [tag, jobId, seq] = payload.split(':');
  if (tag === 'c' && jobId) return { type: 'cancel', jobId };
  if (tag === 'e' && jobId && seq && /^\d+$/.test(seq)) return { type: 'events', jobId, seq: Number(seq) };
  return undefined;
}

export interface PgNotifierOptions {
  /** At most one `events` notice per job per this long; the last seq of a burst always goes out. */
  eventsIntervalMs?: number;
  /** First wait before listening again after the listening connection was lost (doubles, up to 5 s). */
  reconnectMs?: number;
  logger?: Logger;
}

/**
 * `JobNotifier` on PostgreSQL's LISTEN/NOTIFY, across any number of processes on one database.
 * Every notice is a hint over the database (see `JobNotice`): a lost one only delays, because
 * runners poll for work and followers poll the log. So:
 * - sending uses the pool and never fails its caller (a failed NOTIFY is logged and dropped);
 * - `events` notices are throttled per job (a transaction that notifies takes a database-wide
 *   lock at commit, and progress can come hundreds of times a second): the first goes out at
 *   once, then at most one per `eventsIntervalMs` carrying the newest seq;
 * - one dedicated connection per process listens; when it is lost it is opened again with
 *   backoff, and listeners get a `wake` once it is back, since notices may have been missed.
 */
export class PgNotifier implements JobNotifier {
  private readonly listeners = new Set<(notice: JobNotice) => void>();
  private readonly throttled = new Map<string, { seq: number; timer: NodeJS.Timeout | undefined }>();
  private listener: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly eventsIntervalMs: number;
  private readonly reconnectMs: number;
  private readonly logger: Logger | undefined;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    options: PgNotifierOptions,
  ) {
    this.eventsIntervalMs = options.eventsIntervalMs ?? 100;
    this.reconnectMs = options.reconnectMs ?? 100;
    this.logger = options.logger;
  }

  /** Opens the listening connection; resolves once it listens. */
  static async open(url: string, pool: pg.Pool, options: PgNotifierOptions = {}): Promise<PgNotifier> {
    const notifier = new PgNotifier(url, pool, options);
    await notifier.connect();
    return notifier;
  }

  send(notice: JobNotice): void {
    if (this.closed) return;
    if (notice.type !== 'events') {
      this.notify(notice);
      return;
    }
    const pending = this.throttled.get(notice.jobId);
    if (pending) {
      pending.seq = Math.max(pending.seq, notice.seq);
      return;
    }
    // Leading edge now; the window then collects the newest seq and sends it at its end.
    this.notify(notice);
    const entry = { seq: notice.seq, timer: undefined as NodeJS.Timeout | undefined };
    const sent = notice.seq;
    entry.timer = setTimeout(() => {
      this.throttled.delete(notice.jobId);
      if (entry.seq > sent) this.send({ type: 'events', jobId: notice.jobId, seq: entry.seq });
    }, this.eventsIntervalMs);
    entry.timer.unref();
    this.throttled.set(notice.jobId, entry);
  }

  listen(listener: (notice: JobNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening and drops throttled notices (their jobs' followers poll the log). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const { timer } of this.throttled.values()) clearTimeout(timer);
    this.throttled.clear();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private notify(notice: JobNotice): void {
    this.pool.query('SELECT pg_notify($1, $2)', [NOTICE_CHANNEL, encodeNotice(notice)]).catch((error: unknown) => {
      this.logger?.warn({ err: error, notice }, 'NOTIFY failed; the notice is dropped (followers and runners poll)');
    });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel !== NOTICE_CHANNEL || message.payload === undefined) return;
      const notice = decodeNotice(message.payload);
      if (notice) this.deliver(notice);
    });
    // A lost listening connection: listen again, with backoff, until it works or we close.
    client.on('error', () => undefined);
    client.once('end', () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      this.logger?.warn('the LISTEN connection to PostgreSQL was lost; listening again');
      this.scheduleReconnect(this.reconnectMs);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTICE_CHANNEL}`);
    } catch (error: unknown) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }

  private scheduleReconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        // Notices sent while nobody listened are gone: tell listeners to look now.
        () => this.deliver({ type: 'wake' }),
        (error: unknown) => {
          this.logger?.warn({ err: error }, 'listening to PostgreSQL failed; trying again');
          if (!this.closed) this.scheduleReconnect(Math.min(delayMs * 2, 5_000));
        },
      );
    }, delayMs);
    this.reconnectTimer.unref();
  }

  private deliver(notice: JobNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (error: unknown) {
        this.logger?.error({ err: error, notice }, 'a job notice listener threw');
      }
    }
  }
}
