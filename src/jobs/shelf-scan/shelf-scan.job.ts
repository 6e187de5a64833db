import type { TEnrichmentOutcome } from '../../contract/books.js';
import type { TErrorCode } from '../../contract/errors.js';
import { ZScanJobInput, type TDetection, type TScanItemInput, type TScanJobInput, type TScanPhoto } from '../../contract/scans.js';
import { AppError, isAppError } from '../../errors.js';
import type { ProviderCall, ShelfScanner } from '../../providers/types.js';
import type { JobContext } from '../context.js';
import { defineJob } from '../define.js';
import { enrichPendingItems } from '../enrichment/enrich-pending.js';
import { createWarningRelay } from '../enrichment/warning-relay.js';
import { preparePhoto } from './photo.js';
import { mergeSightings } from './sightings.js';

/** What one photo gave, stored once per photo so a resumed or retried job never sends it again. */
type PhotoOutcome =
  /** `readAt`: when it was read (absent in outcomes stored before it was kept). */
  | { status: 'done'; detections: TDetection[]; scanner: string; readAt?: number }
  | { status: 'failed'; error: { code: TErrorCode; message: string }; retryable: boolean };

/** Reads one photo: oriented and scaled down, then read by the scanner. Failures of this photo stay its own. */
async function scanPhoto(ctx: JobContext, scanner: ShelfScanner, photo: TScanPhoto, index: number, maxSide: number, call: ProviderCall): Promise<PhotoOutcome> {
  // Set inside the step: a stored photo (resumed job) announces nothing again.
  const fresh = { ran: false };
  let outcome: PhotoOutcome;
  try {
    outcome = await ctx.step<PhotoOutcome>(`photo:${index}`, async () => {
      fresh.ran = true;
      await ctx.emit({ type: 'photo', index, status: 'processing', booksFound: 0 });
      try {
        const prepared = await preparePhoto(await ctx.blobs.read(photo.blob), maxSide, photo.width * photo.height);
        const detections = await scanner.scan({ bytes: prepared.bytes, mimeType: prepared.mimeType }, call);
        return { status: 'done', detections, scanner: `${scanner.name}/${scanner.version}`, readAt: Date.now() };
      } catch (error: unknown) {
        // Outages and aborts are not stored: the photo is tried again on retry or resume.
        if (ctx.signal.aborted || (isAppError(error) && error.retryable)) throw error;
        if (!isAppError(error)) ctx.logger.error({ err: error, photo: index }, 'reading a photo failed');
        const failure = isAppError(error) ? { code: error.code, message: error.message } : { code: 'PHOTO_UNREADABLE' as const, message: 'the photo could not be read' };
        return { status: 'failed', error: failure, retryable: false };
      }
    });
  } catch (error: unknown) {
    if (ctx.signal.aborted || !isAppError(error)) throw error;
    outcome = { status: 'failed', error: { code: error.code, message: error.message }, retryable: true };
  }
  if (fresh.ran || (outcome.status === 'failed' && outcome.retryable)) {
    await ctx.emit(
      outcome.status === 'done'
        ? { type: 'photo', index, status: 'done', booksFound: outcome.detections.length }
        : { type: 'photo', index, status: 'failed', booksFound: 0, error: outcome.error },
    );
  }
  return outcome;
}

/**
 * The books of the photos read so far, as items to look up, rewritten after every photo: the
 * merge keeps the order of first sighting, so a book keeps its index as later photos add sightings.
 * Photos are merged in the order they were read, not their order in the scan: a photo read only
 * by a retry (lost to an outage the first time) adds its books after the ones already stored.
 * A cancel (which does not wait for the handler) then finds every book read so far already stored.
 */
async function putItems(ctx: JobContext, outcomes: readonly (PhotoOutcome | undefined)[]): Promise<number> {
  const read = outcomes.flatMap((o, photoIndex) => (o?.status === 'done' ? [{ photoIndex, detections: o.detections, readAt: o.readAt ?? 0 }] : []));
  const books = mergeSightings(read.sort((a, b) => a.readAt - b.readAt || a.photoIndex - b.photoIndex));
  await ctx.items.putPending(books.map((book, index) => ({ index, title: book.detection.title, input: book })));
  return books.length;
}

/** A match is only as good as the reading of the spine: a doubtful reading goes to review. */
function finalizeWith(threshold: number) {
  return (item: { input: Record<string, unknown> }, outcome: TEnrichmentOutcome): { outcome: TEnrichmentOutcome; reason?: string } => {
    const { confidence } = (item.input as TScanItemInput).detection;
    if (outcome.status !== 'matched' || confidence >= threshold) return { outcome };
    return { outcome: { ...outcome, status: 'needs_review' }, reason: `the spine was read with confidence ${confidence}, below ${threshold}; please confirm` };
  };
}

function photoSummary(outcomes: readonly (PhotoOutcome | undefined)[]) {
  return outcomes.map((o, index) =>
    o === undefined ? { index, status: 'skipped' } : o.status === 'done' ? { index, status: 'done', booksFound: o.detections.length } : { index, status: 'failed', error: o.error, retryable: o.retryable },
  );
}

/**
 * `shelf-scan`: 1–5 shelf photos read one after the other by the shelf scanner (Gemini vision), a
 * photo failing on its own; the books of all photos merged, then looked up. Each finished photo is
 * stored, so a resumed or retried job sends no photo twice; cancel stops at the photo at hand
 * and keeps the books the photos before it found, not looked up (`pending`).
 */
export const shelfScanJob = defineJob({
  kind: 'shelf-scan',
  input: ZScanJobInput,
  limits: { concurrency: 2, maxAttempts: 3 },
  async run(ctx, input: TScanJobInput) {
    const scanner = ctx.providers.shelfScanner;
    if (!scanner) throw new AppError('NOT_CONFIGURED', 'shelf scanning needs GEMINI_API_KEY, which this server does not have', { retryable: false });
    const call: ProviderCall = { signal: ctx.signal, onWarning: createWarningRelay(ctx) };
    const total = input.photos.length;
    await ctx.phase('scanning', `reading ${total} photo${total === 1 ? '' : 's'}`);
    const outcomes: (PhotoOutcome | undefined)[] = [];
    // Once per job, however often it is resumed or retried.
    await ctx.step('photos-queued', async () => {
      for (const index of input.photos.keys()) await ctx.emit({ type: 'photo', index, status: 'queued', booksFound: 0 });
      return true;
    });
    let books = 0;
    for (const [index, photo] of input.photos.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress({ phase: 'scanning', done: index, total, currentItem: `photo ${index + 1} of ${total}` });
      outcomes[index] = await scanPhoto(ctx, scanner, photo, index, input.maxSide, call);
      books = await putItems(ctx, outcomes);
    }
    ctx.progress({ phase: 'scanning', done: total, total });

    const failed = outcomes.filter((o): o is Extract<PhotoOutcome, { status: 'failed' }> => o?.status === 'failed');
    if (failed.length === total) {
      const retryable = failed.some((f) => f.retryable);
      const first = failed[0]?.error ?? { code: 'PHOTO_UNREADABLE' as const, message: 'no photo could be read' };
      throw new AppError(retryable ? 'PROVIDER_UNAVAILABLE' : first.code, `no photo could be read: ${failed.map((f, i) => `photo ${i + 1}: ${f.error.message}`).join('; ')}`, {
        retryable,
      });
    }

    const detections = outcomes.reduce((n, o) => n + (o?.status === 'done' ? o.detections.length : 0), 0);
    // The merge happened photo by photo; this phase reports it.
    await ctx.phase('deduplicating', `${detections} sighting${detections === 1 ? '' : 's'} are ${books} book${books === 1 ? '' : 's'}`);
    let lookups: { upstreamCalls: number; providers: string[] } | undefined;
    if ((await ctx.items.counts()).pending > 0) {
      lookups = await enrichPendingItems(
        ctx,
        {
          total: books,
          request: (item) => {
            const { detection } = item.input as TScanItemInput;
            return { title: detection.title, ...(detection.author ? { author: detection.author } : {}), ...(detection.isbn ? { isbn13: detection.isbn } : {}) };
          },
          finalize: finalizeWith(input.reviewThreshold),
        },
        call,
      );
    }
    await ctx.phase('finalizing', `${books} book${books === 1 ? '' : 's'} on ${total - failed.length} of ${total} photos`);
    // Photos lost to an outage are not stored: jobs.retryFailed reads them (and only them) again.
    const lost = failed.filter((f) => f.retryable).length;
    return { details: { photos: photoSummary(outcomes), detections, books, ...(lookups ?? {}) }, ...(lost > 0 ? { retryableParts: lost } : {}) };
  },
});
