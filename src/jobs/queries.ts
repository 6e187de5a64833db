import type { TJobEvent } from '../contract/job-events.js';
import type { TItemStatus, TJobStatus } from '../contract/job-status.js';
import type { TJobEventsPage, TJobListPage, TJobResultsPage, TJobSnapshot, TJobStall, TResultItem } from '../contract/jobs.js';
import type { JobEventsStore, JobItemsStore, JobRow, JobsStore, JobTokensStore, QueueState, UnfinishedCount } from '../db/store.js';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { followJob, streamEndedAt, type FollowDeps } from './follow.js';
import { followLive, type LiveSink } from './live-follow.js';
import { toSnapshot } from './snapshot.js';
import { queueProblem, stallOf } from './stall.js';
import { searchWords } from './item-search.js';
import { tokenMatches } from './tokens.js';
import { isoTimestamp } from './timestamps.js';

export interface JobQueriesDeps extends FollowDeps {
  items: JobItemsStore;
  tokens: JobTokensStore;
  events: JobEventsStore;
  jobs: JobsStore;
  /** A running job silent this long, or a queued one waiting this long while nothing runs, looks stalled (`STALL_AFTER_MS`). */
  stallAfterMs: number;
  now: () => number;
}

export type JobAccess = 'ok' | 'not_found' | 'unauthorized';

/** Everything clients read about jobs. */
export class JobQueries {
  constructor(private readonly deps: JobQueriesDeps) {}

  /** Does `token` open `jobId`? Unknown jobs and wrong tokens are told apart (404 vs 401). */
  async access(jobId: string, token: string): Promise<JobAccess> {
    if (!(await this.deps.jobs.get(jobId))) return 'not_found';
    return tokenMatches(token, await this.deps.tokens.hashesFor(jobId)) ? 'ok' : 'unauthorized';
  }

  async exists(jobId: string): Promise<boolean> {
    return (await this.deps.jobs.get(jobId)) !== undefined;
  }

  async snapshot(jobId: string): Promise<TJobSnapshot> {
    const row = await this.require(jobId);
    const queue = row.status === 'queued' ? await this.deps.jobs.queueState(this.deps.now()) : undefined;
    return toSnapshot(row, await this.deps.items.counts(jobId), await this.stallOf(row, queue));
  }

  /** How the queue stands, and whether it looks stuck (readiness). */
  async queueProblem(): Promise<string | null> {
    const now = this.deps.now();
    return queueProblem(await this.deps.jobs.queueState(now), this.deps.stallAfterMs, now);
  }

  /** Unfinished jobs by kind and status, and how many look stalled, by reason (metrics). */
  async census(): Promise<{ unfinished: UnfinishedCount[]; stalled: Record<TJobStall['reason'], number> }> {
    const now = this.deps.now();
    const { jobs, stallAfterMs } = this.deps;
    const unfinished = await jobs.unfinishedByKind();
    const queue = await jobs.queueState(now);
    // Running jobs are few (each kind's concurrency per worker); a stalled one is read like jobs.get reads it.
    const running = await jobs.list({ status: 'running', limit: 1_000 });
    const stalls = await Promise.all(running.map((row) => this.stallOf(row, undefined)));
    // A queued job is stalled when nothing runs and it has been runnable for stallAfterMs: the
    // queue as it stood that long ago counts exactly those.
    const waitingLong = queue.liveRuns === 0 ? (await jobs.queueState(now - stallAfterMs)).runnable : 0;
    return { unfinished, stalled: { no_progress: stalls.filter((s) => s !== null).length, no_worker: waitingLong } };
  }

  /**
   * `stallOf`, with the job's last sign of life: its row's last write, or its newest event when
   * that is later (events alone do not touch the row's `updatedAt`). The log is read only for a
   * running job whose row has been quiet for long enough to matter.
   */
  private async stallOf(row: JobRow, queue: QueueState | undefined): Promise<TJobStall | null> {
    const now = this.deps.now();
    let lastActivityAt = row.updatedAt;
    if (row.status === 'running' && now - row.updatedAt >= this.deps.stallAfterMs && row.lastSeq > 0) {
      const [newest] = await this.deps.events.listAfter(row.id, row.lastSeq - 1, 1);
      if (newest) lastActivityAt = Math.max(lastActivityAt, Date.parse(newest.at));
    }
    return stallOf(row, lastActivityAt, queue, this.deps.stallAfterMs, now);
  }

  async events(jobId: string, after: number, limit: number): Promise<TJobEventsPage> {
    const row = await this.require(jobId);
    const events = await this.deps.events.listAfter(jobId, after, limit);
    const lastReturned = events.at(-1)?.seq ?? after;
    return { jobId, events, lastSeq: row.lastSeq, nextAfter: lastReturned < row.lastSeq ? lastReturned : null };
  }

  async results(jobId: string, opts: { cursor?: string | undefined; limit: number; status?: TItemStatus | undefined; q?: string | undefined }): Promise<TJobResultsPage> {
    const row = await this.require(jobId);
    const afterIndex = opts.cursor === undefined ? -1 : decodeCursor(opts.cursor, 'cursor').index;
    // A search with nothing searchable in it (only punctuation) narrows nothing, as an empty one.
    const search = searchWords(opts.q);
    const rows = await this.deps.items.page(jobId, { afterIndex, limit: opts.limit + 1, status: opts.status, search });
    const more = rows.length > opts.limit;
    const page = more ? rows.slice(0, opts.limit) : rows;
    const { total, counts } = await this.deps.items.counts(jobId, search);
    const items: TResultItem[] = page.map((r) => ({
      index: r.idx,
      status: r.status,
      title: r.title,
      input: r.input,
      result: r.result,
      error: r.error,
      updatedAt: isoTimestamp(r.updatedAt),
    }));
    const last = page.at(-1);
    return {
      jobId,
      status: row.status,
      items,
      total: opts.status ? (counts[opts.status] ?? 0) : total,
      nextCursor: more && last ? encodeCursor({ index: last.idx }) : null,
    };
  }

  async list(filter: { status?: TJobStatus | undefined; kind?: string | undefined; cursor?: string | undefined; limit: number }): Promise<TJobListPage> {
    const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, 'cursor').before;
    const rows = await this.deps.jobs.list({ status: filter.status, kind: filter.kind, before, limit: filter.limit + 1 });
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    const last = page.at(-1);
    // One grouped query for the page's counts, not one per job.
    const counts = await this.deps.items.countsMany(page.map((r) => r.id));
    const queue = page.some((r) => r.status === 'queued') ? await this.deps.jobs.queueState(this.deps.now()) : undefined;
    const stalls = await Promise.all(page.map((r) => this.stallOf(r, queue)));
    return {
      jobs: page.map((r, i) => toSnapshot(r, counts.get(r.id) ?? { total: 0, counts: {} }, stalls[i] ?? null)),
      nextCursor: more && last ? encodeCursor({ before: { createdAt: last.createdAt, id: last.id } }) : null,
    };
  }

  /** Whether the stream after `after` has ended: the job is finished and nothing newer is left to send. */
  async streamEnded(jobId: string, after: number): Promise<boolean> {
    return streamEndedAt(await this.deps.jobs.get(jobId), after);
  }

  /** The live stream: see `followJob`. */
  async follow(jobId: string, after: number, signal: AbortSignal): Promise<AsyncGenerator<TJobEvent, void>> {
    await this.require(jobId);
    return followJob(this.deps, jobId, after, signal);
  }

  /** The same stream pushed to `sink` (see `followLive`): for transports that fan out to many subscribers. */
  async followLive(jobId: string, after: number, sink: LiveSink, signal: AbortSignal): Promise<void> {
    await this.require(jobId);
    followLive(this.deps, jobId, after, sink, signal);
  }

  private async require(jobId: string): Promise<JobRow> {
    const row = await this.deps.jobs.get(jobId);
    if (!row) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return row;
  }
}
