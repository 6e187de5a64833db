import { z } from 'zod';
import { ZBookCandidate, type TBookCandidate } from '../contract/books.js';
import type { TJsonObject } from '../contract/common.js';
import { isTerminalStatus, type TItemStatus } from '../contract/job-status.js';
import type { TResultItem } from '../contract/jobs.js';
import type { TReviewDecision, TReviewItem, TReviewPage, TReviewResolveOutput, TReviewTrail } from '../contract/review.js';
import { ZScanItemInput } from '../contract/scans.js';
import type { JobItemRow, JobItemsStore, JobsStore } from '../db/store.js';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { JobEventLog } from './event-log.js';
import { itemSearchText } from './item-search.js';
import { isoTimestamp } from './timestamps.js';

/** What the review queue works on: the same repos and event log as the engine. */
export interface ReviewServiceDeps {
  jobs: Pick<JobsStore, 'get'>;
  items: Pick<JobItemsStore, 'page' | 'counts'>;
  eventLog: JobEventLog;
  now: () => number;
}

const ZCandidates = z.array(ZBookCandidate);

/**
 * The best candidate and the alternatives of an item's result (an enrichment outcome for
 * enrichment, CSV and scan items). Values are checked, then kept as stored, so a decision writes
 * back exactly what was there; a result of another shape has none.
 */
function candidatesOf(result: TJsonObject | null): { match: TBookCandidate | null; candidates: TBookCandidate[] } {
  const match = ZBookCandidate.safeParse(result?.match).success ? (result?.match as TBookCandidate) : null;
  const candidates = ZCandidates.safeParse(result?.candidates).success ? (result?.candidates as TBookCandidate[]) : [];
  return { match, candidates };
}


/** A stored item as the review queue shows it; shelf-scan items also say where the spine is. */
export function toReviewItem(row: JobItemRow): TReviewItem {
  const { match, candidates } = candidatesOf(row.result);
  const scan = ZScanItemInput.safeParse(row.input);
  const score = typeof row.result?.score === 'number' ? row.result.score : (match?.score ?? null);
  return {
    index: row.idx,
    status: row.status,
    title: row.title,
    input: row.input,
    score,
    match,
    candidates,
    photoIndex: scan.success ? scan.data.photoIndex : null,
    box: scan.success ? scan.data.detection.box : null,
    detection: scan.success ? scan.data.detection : null,
    updatedAt: isoTimestamp(row.updatedAt),
  };
}

interface Decided {
  status: TItemStatus;
  title?: string;
  result: TJsonObject;
}

/**
 * Applies a decision to an item's result. The outcome's own `status`, `score` and `match` follow
 * the decision; a best candidate that is not taken moves to the front of `candidates`, so nothing
 * the lookup found is lost; `review` keeps who decided what, when, and from which status.
 */
export function applyDecision(row: JobItemRow, decision: TReviewDecision, at: number): Decided {
  const { match, candidates } = candidatesOf(row.result);
  const kept = match ? [match] : [];
  const review: TReviewTrail = {
    action: decision.action,
    by: 'user',
    at: isoTimestamp(at),
    previousStatus: row.status,
    ...(decision.action === 'choose' ? { candidate: decision.candidate } : {}),
    ...(decision.action === 'edit' ? { fields: decision.fields } : {}),
  };
  const base = { ...row.result, review };
  switch (decision.action) {
    case 'accept':
      if (!match) throw new AppError('INVALID_INPUT', 'this item has no best candidate to accept: choose, edit or reject it', { field: 'decision.action' });
      return { status: 'matched', result: { ...base, status: 'matched', score: match.score, match, candidates } };
    case 'choose': {
      const chosen = candidates[decision.candidate];
      if (!chosen) {
        throw new AppError('INVALID_INPUT', `no candidate ${decision.candidate}: this item has ${candidates.length} (0-based)`, { field: 'decision.candidate' });
      }
      const others = candidates.filter((_, i) => i !== decision.candidate);
      return { status: 'matched', result: { ...base, status: 'matched', score: chosen.score, match: chosen, candidates: [...kept, ...others] } };
    }
    case 'edit':
      // The user's record stands in for a catalogue match: `matched`, with no match and the fields in `edited`.
      return {
        status: 'matched',
        ...(decision.fields.title !== undefined ? { title: decision.fields.title } : {}),
        result: { ...base, status: 'matched', score: null, match: null, candidates: [...kept, ...candidates], edited: decision.fields },
      };
    case 'reject':
      return { status: 'not_found', result: { ...base, status: 'not_found', score: null, match: null, candidates: [...kept, ...candidates] } };
  }
}

function toResultItem(row: JobItemRow): TResultItem {
  return { index: row.idx, status: row.status, title: row.title, input: row.input, result: row.result, error: row.error, updatedAt: isoTimestamp(row.updatedAt) };
}

/**
 * The review queue over any job's items in `needs_review`: listing them, and recording a person's
 * decision, which updates the item, the job's stored summary counts and appends a `review` event,
 * in one transaction. Decisions wait until the job has finished: a running job may still rewrite
 * its items, and its summary is written only at the end.
 */
export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  async list(jobId: string, opts: { cursor?: string | undefined; limit: number }): Promise<TReviewPage> {
    const job = await this.requireJob(jobId);
    const afterIndex = opts.cursor === undefined ? -1 : decodeCursor(opts.cursor, 'cursor').index;
    const rows = await this.deps.items.page(jobId, { afterIndex, limit: opts.limit + 1, status: 'needs_review' });
    const more = rows.length > opts.limit;
    const page = more ? rows.slice(0, opts.limit) : rows;
    const last = page.at(-1);
    return {
      jobId,
      status: job.status,
      items: page.map(toReviewItem),
      total: (await this.deps.items.counts(jobId)).counts.needs_review ?? 0,
      nextCursor: more && last ? encodeCursor({ index: last.idx }) : null,
    };
  }

  async resolve(jobId: string, index: number, decision: TReviewDecision): Promise<TReviewResolveOutput> {
    await this.requireJob(jobId);
    const now = this.deps.now();
    const { item, totals, event } = await this.deps.eventLog.decide(jobId, index, (job, row) => {
      // Checked inside the transaction, so two decisions for one item cannot both pass.
      if (!isTerminalStatus(job.status)) throw new AppError('CONFLICT', `the job is still ${job.status}; review its items once it has finished`);
      if (!row) throw new AppError('NOT_FOUND', `job ${jobId} has no item ${index}`, { field: 'itemId' });
      if (row.status !== 'needs_review') throw new AppError('CONFLICT', `item ${index} is ${row.status}: it does not need a decision`, { field: 'itemId' });
      const decided = applyDecision(row, decision, now);
      const title = decided.title ?? row.title;
      // An edit's fields find the item too, beside what the user first gave.
      const search = decision.action === 'edit' ? `${row.search ?? ''} ${itemSearchText({ input: decision.fields })}`.trim() : undefined;
      return {
        outcome: {
          status: decided.status,
          ...(decided.title !== undefined ? { title: decided.title } : {}),
          ...(search !== undefined ? { search } : {}),
          result: decided.result,
          error: row.error,
        },
        event: { type: 'review', index, action: decision.action, status: decided.status, ...(title ? { title } : {}) },
      };
    });
    return { jobId, item: toResultItem(item), counts: totals.counts, remaining: totals.counts.needs_review ?? 0, seq: event.seq };
  }

  private async requireJob(jobId: string) {
    const job = await this.deps.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return job;
  }
}
