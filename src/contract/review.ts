import { z } from 'zod';
import { ZBookCandidate, ZBookQuery } from './books.js';
import { ZCursor, ZIsoDateTime, ZJobId, ZJsonObject, ZPageLimit } from './common.js';
import { ZReviewAction } from './job-events.js';
import { ZItemCounts, ZItemStatus, ZJobStatus } from './job-status.js';
import { ZResultItem } from './jobs.js';
import { ZBox, ZDetection } from './scans.js';

/** `review.list`: a job's items in `needs_review`, in index order, a page at a time. */
export const ZReviewListInput = z.object({
  jobId: ZJobId,
  cursor: ZCursor.optional(),
  limit: ZPageLimit,
});
export type TReviewListInput = z.input<typeof ZReviewListInput>;

/** One item waiting for a decision, with what a person needs to make it. */
export const ZReviewItem = z.object({
  index: z.number().int().nonnegative(),
  status: ZItemStatus,
  title: z.string().nullable(),
  input: ZJsonObject.describe("the user's own data (CSV row, enrichment input) or the detection, as stored"),
  score: z.number().min(0).max(1).nullable().describe('score of the best candidate'),
  match: ZBookCandidate.nullable().describe('the best candidate: what `accept` takes'),
  candidates: z.array(ZBookCandidate).describe('the alternatives; `choose` takes one by its position here (0-based)'),
  photoIndex: z.number().int().nonnegative().nullable().describe('shelf scans: the photo of the best sighting'),
  box: ZBox.nullable().describe("shelf scans: the spine's place in that photo"),
  detection: ZDetection.nullable().describe('shelf scans: what was read off the spine'),
  updatedAt: ZIsoDateTime,
}).meta({ id: 'ReviewItem' });
export type TReviewItem = z.infer<typeof ZReviewItem>;

/** A page of `review.list`, in the cursor style of `jobs.results`. */
export const ZReviewPage = z.object({
  jobId: ZJobId,
  status: ZJobStatus.describe("the job's status: decisions are taken once it has finished"),
  items: z.array(ZReviewItem),
  total: z.number().int().nonnegative().describe('items still waiting for a decision'),
  nextCursor: ZCursor.nullable(),
}).meta({ id: 'ReviewPage' });
export type TReviewPage = z.infer<typeof ZReviewPage>;

/** The user's own correction of a book; at least one field. */
export const ZReviewEdit = ZBookQuery.partial().refine((f) => f.title !== undefined || f.author !== undefined || f.isbn !== undefined, {
  message: 'give at least one of title, author or isbn',
  path: ['title'],
});

/**
 * A decision. Every one moves the item out of `needs_review`:
 * - `accept`: the best candidate (`match`) is the book → `matched`.
 * - `choose`: `candidates[candidate]` is the book → `matched`; the old best joins the candidates.
 * - `edit`: none of them is; the user's own fields stand instead → `matched` with `match: null` and
 *   `result.edited` holding the fields (the item's title follows an edited title).
 * - `reject`: not this book, or not a book at all → `not_found`, `match: null`.
 * Nothing is dropped: a best candidate that is not taken moves to the front of `candidates`.
 */
export const ZReviewDecision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }).meta({ id: 'ReviewAccept' }),
  z
    .object({ action: z.literal('choose'), candidate: z.number().int().nonnegative().describe('position in the review item\'s `candidates`') })
    .meta({ id: 'ReviewChoose' }),
  z.object({ action: z.literal('edit'), fields: ZReviewEdit }).meta({ id: 'ReviewEdit' }),
  z.object({ action: z.literal('reject') }).meta({ id: 'ReviewReject' }),
]).meta({ id: 'ReviewDecision' });
export type TReviewDecision = z.infer<typeof ZReviewDecision>;

/** `review.resolve`; over REST `jobId` and `itemId` come from the path and `decision` is the body. */
export const ZReviewResolveInput = z.object({
  jobId: ZJobId,
  itemId: z.number().int().nonnegative().describe('the item to decide: its `index` in the results'),
  decision: ZReviewDecision,
});
export type TReviewResolveInput = z.input<typeof ZReviewResolveInput>;

/** The decision as kept in the item's `result.review`. */
export const ZReviewTrail = z.object({
  action: ZReviewAction,
  by: z.literal('user'),
  at: ZIsoDateTime,
  previousStatus: ZItemStatus,
  candidate: z.number().int().nonnegative().optional().describe('choose: the position chosen'),
  fields: ZBookQuery.partial().optional().describe('edit: the fields as given'),
});
export type TReviewTrail = z.infer<typeof ZReviewTrail>;

/** What `review.resolve` answers: the item as `jobs.results` now shows it, and the job's new counts. */
export const ZReviewResolveOutput = z.object({
  jobId: ZJobId,
  item: ZResultItem,
  counts: ZItemCounts.describe('item counts by status, as `jobs.get` and the job summary now show them'),
  remaining: z.number().int().nonnegative().describe('items still waiting for a decision'),
  seq: z.number().int().positive().describe('seq of the `review` event this decision appended'),
}).meta({ id: 'ReviewResolveResult' });
export type TReviewResolveOutput = z.infer<typeof ZReviewResolveOutput>;
