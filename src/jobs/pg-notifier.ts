import type { Logger } from 'pino';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { JobNotice, JobNotifier } from './notifier.js';

/** The one channel every process listens on. */
export const NOTICE_CHANNEL = 'bookstrack_jobs';

/** Longest payload sent: PostgreSQL refuses 8,000 bytes and more. */
const MAX_PAYLOAD = 7_000;

/**
 * A notice as NOTIFY carries it: a few dozen bytes (`w`, `c:<jobId>`), and for events one entry
 * per job, `e:<jobId>:<seq>,<jobId>:<seq>…` (a batch of jobs in one NOTIFY).
 */
export function encodeNotice(notice: JobNotice): string {
  if (notice.type === 'events') return encodeEvents([[notice.jobId, notice.seq]]);
  if (notice.type === 'cancel') return `c:${notice.jobId}`;
  return 'w';
}

/** The events of several jobs in one payload (the caller keeps it under `MAX_PAYLOAD`). */
export function encodeEvents(entries: readonly (readonly [jobId: string, seq: number])[]): string {
  return `e:${entries.map(([jobId, seq]) => `${jobId}:${String(seq)}`).join(',')}`;
}

/** The notices in a payload; entries this version does not understand are skipped (not fatal). */
export function decodeNotices(payload: string): JobNotice[] {
  if (payload === 'w') return [{ type: 'wake' }];
  if (payload.startsWith('c:') && payload.length > 2) return [{ type: 'cancel', jobId: payload.slice(2) }];
  if (!payload.startsWith('e:')) return [];
  const notices: JobNotice[] = [];
  for (const entry of payload.slice(2).split(',')) {
    const colon = entry.lastIndexOf(':');
    const jobId = entry.slice(0, colon);
    const seq = entry.slice(colon + 1);
    if (colon > 0 && /^\d+$/.test(seq)) notices.push({ type: 'events', jobId, seq: Number(seq) });
  }
  return notices;
}

export interface PgNotifierOptions {
  /**
   * Events notices leave at most once per this long from a process, one NOTIFY carrying every job
   * with new events since (its newest seq); the first of a quiet spell goes at the next turn.
   */
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
 * - `events` notices are batched per process (a transaction that notifies takes a database-wide
 *   lock at commit, and a process may write events for hundreds of jobs a second): one NOTIFY per
 *   `eventsIntervalMs` at most carries every job written since, with its newest seq. Per job that
 *   is also at most one notice per interval; across jobs it is one NOTIFY instead of one per job,
 *   and a short interval keeps live events quick;
 * - one dedicated connection per process listens; when it is lost it is opened again with
 *   backoff, and listeners get a `wake` once it is back, since notices may have been missed.
 */
export class PgNotifier implements JobNotifier {
  private readonly listeners = new Set<(notice: JobNotice) => void>();
  /** Jobs with events not yet notified, with their newest seq. */
  private readonly pending = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
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
    this.eventsIntervalMs = options.eventsIntervalMs ?? 10;
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
      this.notify(encodeNotice(notice));
      return;
    }
    this.pending.set(notice.jobId, Math.max(notice.seq, this.pending.get(notice.jobId) ?? 0));
    if (this.flushTimer !== undefined) return;
    const wait = this.lastFlushAt + this.eventsIntervalMs - performance.now();
    // A timer even when none is due: the events of one tick (a burst of jobs) share the NOTIFY.
    this.flushTimer = setTimeout(this.flush, Math.max(0, wait));
  }

  listen(listener: (notice: JobNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening and drops pending notices (their jobs' followers poll the log). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending.clear();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private readonly flush = (): void => {
    this.flushTimer = undefined;
    this.lastFlushAt = performance.now();
    let batch: [string, number][] = [];
    let size = 2;
    for (const entry of this.pending) {
      const entrySize = entry[0].length + String(entry[1]).length + 2;
      if (size + entrySize > MAX_PAYLOAD) {
        this.notify(encodeEvents(batch));
        batch = [];
        size = 2;
      }
      batch.push(entry);
      size += entrySize;
    }
    this.pending.clear();
    if (batch.length > 0) this.notify(encodeEvents(batch));
  };

  private notify(payload: string): void {
    this.pool.query('SELECT pg_notify($1, $2)', [NOTICE_CHANNEL, payload]).catch((error: unknown) => {
      this.logger?.warn({ err: error, payload: payload.slice(0, 200) }, 'NOTIFY failed; the notice is dropped (followers and runners poll)');
    });
  }

  private async connect(): Promise<void> {
    // Keepalive: a connection dropped without a FIN or RST (a NAT timeout) must end, not idle forever.
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel !== NOTICE_CHANNEL || message.payload === undefined) return;
      for (const notice of decodeNotices(message.payload)) this.deliver(notice);
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
