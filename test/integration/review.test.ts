import { isTrackedEnvelope, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEnrichmentOutcome } from '../../src/contract/books.js';
import { isTerminalEvent, type TJobEvent } from '../../src/contract/job-events.js';
import type { TReviewTrail } from '../../src/contract/review.js';
import { toReviewItem } from '../../src/jobs/review.js';
import type { FakeBook } from '../fakes/catalogue.js';
import { startEnrichmentHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { collect, range } from '../helpers/events.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fakeBook = (n: number, title: string): FakeBook => ({
  title,
  authors: ['Ada Palmer'],
  publishedDate: String(2000 + n),
  subjects: ['Fiction'],
  olEditionKey: `OL${7_000_000 + n}M`,
  olWorkKey: `OL${6_000_000 + n}W`,
  googleVolumeId: `REV${n}`,
  in: { openlibrary: true, googleBooks: false, isbndb: false },
});

/**
 * "Garden" by Ada Palmer scores 0.65 against "The Shadow Garden" (between the review and match
 * thresholds), so it needs review, with the two other books as alternatives.
 */
const CATALOGUE = [fakeBook(1, 'The Shadow Garden'), fakeBook(2, 'The Shadow Garden Returns'), fakeBook(3, 'Garden of Shadows and Light')];
const VAGUE = { title: 'Garden', author: 'Ada Palmer' };
const EXACT = { title: 'The Shadow Garden', author: 'Ada Palmer' };

const outcome = (result: unknown) => result as TEnrichmentOutcome & { review?: TReviewTrail; edited?: unknown };
const titles = (candidates: readonly { work: { title: string } }[]) => candidates.map((c) => c.work.title);

/** Runs an enrichment job to its end; five items need review, the last one matches. */
async function finishedJob(harness: EnrichmentHarness) {
  const started = await harness.caller.enrichment.start({ books: [VAGUE, VAGUE, VAGUE, VAGUE, VAGUE, EXACT] });
  const events = await harness.events(started.jobId, started.token);
  return { ...started, reader: harness.reader(started.token), terminalSeq: events.filter(isTerminalEvent).at(-1)?.seq ?? 0 };
}

async function rejection(p: Promise<unknown>): Promise<{ httpStatus: number; appCode: unknown; field: unknown }> {
  try {
    await p;
  } catch (error: unknown) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown; field?: unknown; issues?: { path: PropertyKey[] }[] } | undefined;
    return { httpStatus: getHTTPStatusCodeFromError(error), appCode: cause?.code, field: cause?.field ?? cause?.issues?.[0]?.path.join('.') };
  }
  throw new Error('expected the call to fail');
}

/** The job's stream from `lastEventId`, until the server ends it. */
async function streamAfter(harness: EnrichmentHarness, jobId: string, token: string, lastEventId: number): Promise<TJobEvent[]> {
  const stream = await harness.reader(token).jobs.onProgress({ jobId, lastEventId: String(lastEventId) });
  async function* unwrap() {
    for await (const item of stream) if (isTrackedEnvelope(item)) yield item[1] as TJobEvent;
  }
  return collect(unwrap(), 5_000);
}

describe('review.list and review.resolve (router, fresh in-memory database, fake upstreams)', () => {
  it('lists the items that need review with their best candidate and alternatives, a page at a time', async () => {
    h = await startEnrichmentHarness({ catalogue: CATALOGUE });
    const { jobId, reader } = await finishedJob(h);

    const first = await reader.review.list({ jobId, limit: 2 });
    expect(first).toMatchObject({ jobId, status: 'completed', total: 5 });
    const [item] = first.items;
    expect(item).toMatchObject({ index: 0, status: 'needs_review', title: 'Garden', input: VAGUE, score: 0.65, photoIndex: null, box: null, detection: null });
    expect(item?.match?.work.title).toBe('The Shadow Garden');
    expect(titles(item?.candidates ?? [])).toEqual(['The Shadow Garden Returns', 'Garden of Shadows and Light']);

    const indexes = first.items.map((i) => i.index);
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const page = await reader.review.list({ jobId, limit: 2, cursor });
      indexes.push(...page.items.map((i) => i.index));
      cursor = page.nextCursor;
    }
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
  });

  it('accept, choose, edit and reject each decide an item, update the summary and append a review event', async () => {
    h = await startEnrichmentHarness({ catalogue: CATALOGUE });
    const { jobId, token, reader, terminalSeq } = await finishedJob(h);
    expect((await reader.jobs.get({ jobId })).summary?.counts).toEqual({ needs_review: 5, matched: 1 });

    const accepted = await reader.review.resolve({ jobId, itemId: 0, decision: { action: 'accept' } });
    expect(accepted).toMatchObject({ jobId, item: { index: 0, status: 'matched', title: 'Garden' }, counts: { matched: 2, needs_review: 4 }, remaining: 4, seq: terminalSeq + 1 });
    const acceptedResult = outcome(accepted.item.result);
    expect(acceptedResult).toMatchObject({ status: 'matched', score: 0.65, match: { work: { title: 'The Shadow Garden' } }, review: { action: 'accept', by: 'user', previousStatus: 'needs_review' } });
    expect(titles(acceptedResult.candidates)).toEqual(['The Shadow Garden Returns', 'Garden of Shadows and Light']);

    const chosen = outcome((await reader.review.resolve({ jobId, itemId: 1, decision: { action: 'choose', candidate: 1 } })).item.result);
    expect(chosen).toMatchObject({ status: 'matched', match: { work: { title: 'Garden of Shadows and Light' } }, review: { action: 'choose', candidate: 1 } });
    expect(chosen.score).toBe(chosen.match?.score);
    // The best candidate that was passed over is kept, first among the alternatives.
    expect(titles(chosen.candidates)).toEqual(['The Shadow Garden', 'The Shadow Garden Returns']);

    const edited = await reader.review.resolve({ jobId, itemId: 2, decision: { action: 'edit', fields: { title: ' The Garden ', isbn: '0-441-17271-7' } } });
    expect(edited.item).toMatchObject({ status: 'matched', title: 'The Garden', input: VAGUE });
    expect(outcome(edited.item.result)).toMatchObject({ status: 'matched', match: null, score: null, edited: { title: 'The Garden', isbn: '9780441172719' }, review: { action: 'edit' } });
    expect(titles(outcome(edited.item.result).candidates)).toHaveLength(3);
    // The edit finds the item in the results, and so does what the user first wrote.
    expect((await reader.jobs.results({ jobId, q: 'the garden 0441172719' })).items.map((i) => i.index)).toEqual([2]);
    expect((await reader.jobs.results({ jobId, q: 'garden palmer' })).total).toBe(6);

    const rejected = await reader.review.resolve({ jobId, itemId: 3, decision: { action: 'reject' } });
    expect(rejected).toMatchObject({ item: { status: 'not_found' }, counts: { matched: 4, needs_review: 1, not_found: 1 }, remaining: 1 });
    expect(outcome(rejected.item.result)).toMatchObject({ status: 'not_found', match: null, score: null, review: { action: 'reject', previousStatus: 'needs_review' } });
    expect(titles(outcome(rejected.item.result).candidates)).toHaveLength(3);

    // The job's stored summary and live counts agree; the job stays completed.
    const job = await reader.jobs.get({ jobId });
    expect(job).toMatchObject({ status: 'completed', lastSeq: terminalSeq + 4, counts: { matched: 4, needs_review: 1, not_found: 1 } });
    expect(job.summary).toMatchObject({ itemCount: 6, counts: { matched: 4, needs_review: 1, not_found: 1 } });
    expect((await h.results(jobId, token)).map((i) => i.status)).toEqual(['matched', 'matched', 'matched', 'not_found', 'needs_review', 'matched']);
    expect((await reader.review.list({ jobId })).items.map((i) => i.index)).toEqual([4]);

    const { events } = await reader.jobs.events({ jobId, after: terminalSeq });
    expect(events.map((e) => (e.type === 'review' ? [e.seq, e.index, e.action, e.status, e.title] : [e.seq, e.type]))).toEqual([
      [terminalSeq + 1, 0, 'accept', 'matched', 'Garden'],
      [terminalSeq + 2, 1, 'choose', 'matched', 'Garden'],
      [terminalSeq + 3, 2, 'edit', 'matched', 'The Garden'],
      [terminalSeq + 4, 3, 'reject', 'not_found', 'Garden'],
    ]);

    // A finished job's stream still ends: replayed whole, resumed after its terminal event, or at its newest event.
    const whole = await streamAfter(h, jobId, token, 0);
    expect(whole.map((e) => e.seq)).toEqual(range(1, terminalSeq + 4));
    expect((await streamAfter(h, jobId, token, terminalSeq)).map((e) => e.type)).toEqual(['review', 'review', 'review', 'review']);
    expect(await streamAfter(h, jobId, token, terminalSeq + 4)).toEqual([]);
  });

  it('refuses a second decision (409), an unknown candidate (400 with its field), an unknown item (404) and a wrong token (401)', async () => {
    h = await startEnrichmentHarness({ catalogue: CATALOGUE });
    const { jobId, reader } = await finishedJob(h);
    await reader.review.resolve({ jobId, itemId: 0, decision: { action: 'reject' } });

    expect(await rejection(reader.review.resolve({ jobId, itemId: 0, decision: { action: 'accept' } }))).toMatchObject({ httpStatus: 409, appCode: 'CONFLICT' });
    // An item that was matched without review has nothing to decide either.
    expect(await rejection(reader.review.resolve({ jobId, itemId: 5, decision: { action: 'accept' } }))).toMatchObject({ httpStatus: 409, appCode: 'CONFLICT' });
    expect(await rejection(reader.review.resolve({ jobId, itemId: 1, decision: { action: 'choose', candidate: 2 } }))).toEqual({
      httpStatus: 400,
      appCode: 'INVALID_INPUT',
      field: 'decision.candidate',
    });
    expect(await rejection(reader.review.resolve({ jobId, itemId: 1, decision: { action: 'edit', fields: {} } }))).toMatchObject({ httpStatus: 400, field: 'decision.fields.title' });
    expect(await rejection(reader.review.resolve({ jobId, itemId: 1, decision: { action: 'edit', fields: { isbn: '978-0441' } } }))).toMatchObject({
      httpStatus: 400,
      field: 'decision.fields.isbn',
    });
    expect(await rejection(reader.review.resolve({ jobId, itemId: 99, decision: { action: 'accept' } }))).toMatchObject({ httpStatus: 404, appCode: 'NOT_FOUND', field: 'itemId' });

    const stranger = h.reader('not-the-token');
    expect(await rejection(stranger.review.list({ jobId }))).toMatchObject({ httpStatus: 401, appCode: 'UNAUTHORIZED' });
    expect(await rejection(stranger.review.resolve({ jobId, itemId: 1, decision: { action: 'accept' } }))).toMatchObject({ httpStatus: 401 });

    // None of the refusals changed anything: one decision, one review event.
    const job = await reader.jobs.get({ jobId });
    expect(job.summary?.counts).toEqual({ needs_review: 4, not_found: 1, matched: 1 });
    expect((await reader.jobs.events({ jobId, after: 0 })).events.filter((e) => e.type === 'review')).toHaveLength(1);
  });

  it('waits until the job has finished: a running job may still rewrite its items (409)', async () => {
    h = await startEnrichmentHarness({ catalogue: CATALOGUE });
    const { jobId, token } = await h.caller.test.sleep({ input: { ms: 30_000 } });
    const reader = h.reader(token);
    await expect.poll(async () => (await reader.jobs.get({ jobId })).status).toBe('running');
    expect(await rejection(reader.review.resolve({ jobId, itemId: 0, decision: { action: 'accept' } }))).toMatchObject({ httpStatus: 409, appCode: 'CONFLICT' });
    expect(await reader.review.list({ jobId })).toMatchObject({ status: 'running', items: [], total: 0, nextCursor: null });
    await reader.jobs.cancel({ jobId });
  });

  it('shows where a shelf-scan item was seen: its photo, box and detection', () => {
    const detection = { title: 'Dune', author: 'Frank Herbert', isbn: null, format: null, confidence: 0.4, box: { x: 0.1, y: 0.2, width: 0.05, height: 0.6 } };
    const input = { detection, photoIndex: 2, sightings: [{ photoIndex: 2, box: detection.box, confidence: 0.4 }] };
    const row = { jobId: 'j', idx: 7, status: 'needs_review' as const, title: 'Dune', search: 'dune', input, result: null, error: null, updatedAt: 0 };
    expect(toReviewItem(row)).toMatchObject({ index: 7, photoIndex: 2, box: detection.box, detection, match: null, candidates: [], score: null });
    expect(toReviewItem({ ...row, input: { title: 'Dune' } })).toMatchObject({ photoIndex: null, box: null, detection: null });
  });

  /**
   * Known gap in `followJob` (src/jobs/follow.ts, not part of this change): it ends only on a
   * terminal event that is still the job's newest. A subscriber that has been handed the terminal
   * event but has not asked for the next one when a decision is appended gets the review event and
   * then waits for ever. Ending on "the job is finished and this is its newest event" fixes it;
   * turn this into a plain `it` then.
   */
  it('ends a live stream that is overtaken by a decision right after the terminal event', async () => {
    h = await startEnrichmentHarness({ catalogue: CATALOGUE });
    const { jobId, token } = await h.caller.enrichment.start({ books: [VAGUE] });
    const abort = new AbortController();
    const stream = await h.system.queries.follow(jobId, 0, abort.signal);
    try {
      for (let next = await stream.next(); !next.done && !isTerminalEvent(next.value); next = await stream.next());
      await h.reader(token).review.resolve({ jobId, itemId: 0, decision: { action: 'accept' } });
      expect((await stream.next()).value).toMatchObject({ type: 'review' });
      const end = await Promise.race([stream.next(), new Promise((resolve) => setTimeout(() => resolve('still open'), 500))]);
      expect(end).toEqual({ done: true, value: undefined });
    } finally {
      abort.abort();
    }
  });
});
