import type { TJobEvent } from '../contract/job-events.js';
import type { TItemStatus, TJobStatus } from '../contract/job-status.js';
import type { TJobEventsPage, TJobListPage, TJobResultsPage, TJobSnapshot, TResultItem } from '../contract/jobs.js';
import type { JobEventsRepo } from '../db/repos/job-events.repo.js';
import type { JobItemsRepo } from '../db/repos/job-items.repo.js';
import type { JobTokensRepo } from '../db/repos/job-tokens.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobRow } from '../db/schema/jobs.js';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { followJob, streamEndedAt, type FollowDeps } from './follow.js';
import { followLive, type LiveSink } from './live-follow.js';
import { toSnapshot } from './snapshot.js';
import { tokenMatches } from './tokens.js';
import { isoTimestamp } from './timestamps.js';

export interface JobQueriesDeps extends FollowDeps {
  items: JobItemsRepo;
  tokens: JobTokensRepo;
  events: JobEventsRepo;
  jobs: JobsRepo;
}

export type JobAccess = 'ok' | 'not_found' | 'unauthorized';

/** Everything clients read about jobs. */
export class JobQueries {
  constructor(private readonly deps: JobQueriesDeps) {}

  /** Does `token` open `jobId`? Unknown jobs and wrong tokens are told apart (404 vs 401). */
  access(jobId: string, token: string): JobAccess {
    if (!this.deps.jobs.get(jobId)) return 'not_found';
    return tokenMatches(token, this.deps.tokens.hashesFor(jobId)) ? 'ok' : 'unauthorized';
  }

  exists(jobId: string): boolean {
    return this.deps.jobs.get(jobId) !== undefined;
  }

  snapshot(jobId: string): TJobSnapshot {
    const row = this.require(jobId);
    return toSnapshot(row, this.deps.items.counts(jobId));
  }

  events(jobId: string, after: number, limit: number): TJobEventsPage {
    const row = this.require(jobId);
    const events = this.deps.events.listAfter(jobId, after, limit);
    const lastReturned = events.at(-1)?.seq ?? after;
    return { jobId, events, lastSeq: row.lastSeq, nextAfter: lastReturned < row.lastSeq ? lastReturned : null };
  }

  results(jobId: string, opts: { cursor?: string | undefined; limit: number; status?: TItemStatus | undefined }): TJobResultsPage {
    const row = this.require(jobId);
    const afterIndex = opts.cursor === undefined ? -1 : decodeCursor(opts.cursor, 'cursor').index;
    const rows = this.deps.items.page(jobId, { afterIndex, limit: opts.limit + 1, status: opts.status });
    const more = rows.length > opts.limit;
    const page = more ? rows.slice(0, opts.limit) : rows;
    const { total, counts } = this.deps.items.counts(jobId);
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

  list(filter: { status?: TJobStatus | undefined; kind?: string | undefined; cursor?: string | undefined; limit: number }): TJobListPage {
    const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, 'cursor').before;
    const rows = this.deps.jobs.list({ status: filter.status, kind: filter.kind, before, limit: filter.limit + 1 });
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    const last = page.at(-1);
    // One grouped query for the page's counts, not one per job.
    const counts = this.deps.items.countsMany(page.map((r) => r.id));
    return {
      jobs: page.map((r) => toSnapshot(r, counts.get(r.id) ?? { total: 0, counts: {} })),
      nextCursor: more && last ? encodeCursor({ before: { createdAt: last.createdAt, id: last.id } }) : null,
    };
  }

  /** Whether the stream after `after` has ended: the job is finished and nothing newer is left to send. */
  streamEnded(jobId: string, after: number): boolean {
    return streamEndedAt(this.deps.jobs.get(jobId), after);
  }

  /** The live stream: see `followJob`. */
  follow(jobId: string, after: number, signal: AbortSignal): AsyncGenerator<TJobEvent, void> {
    this.require(jobId);
    return followJob(this.deps, jobId, after, signal);
  }

  /** The same stream pushed to `sink` (see `followLive`): for transports that fan out to many subscribers. */
  followLive(jobId: string, after: number, sink: LiveSink, signal: AbortSignal): void {
    this.require(jobId);
    followLive(this.deps, jobId, after, sink, signal);
  }

  private require(jobId: string): JobRow {
    const row = this.deps.jobs.get(jobId);
    if (!row) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return row;
  }
}
