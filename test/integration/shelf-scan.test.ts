import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEnrichmentOutcome } from '../../src/contract/books.js';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TScanItemInput } from '../../src/contract/scans.js';
import type { GeminiReply } from '../fakes/index.js';
import { startEnrichmentHarness, startGeminiHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { range, terminalOf } from '../helpers/events.js';
import { FIXTURES } from '../helpers/fixtures.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(env: Record<string, string> = {}) {
  const harness = await startGeminiHarness({ env });
  h = harness;
  return { h: harness, gemini: harness.gemini };
}

/** A small JPEG of one colour: a stand-in shelf photo (the fake Gemini answers by call order). */
const photo = async (r: number, width = 64, height = 48) =>
  (await sharp({ create: { width, height, channels: 3, background: { r, g: 80, b: 40 } } }).jpeg().toBuffer()).toString('base64');
const box = (x: number) => ({ x, y: 0.1, width: 0.1, height: 0.8 });
const book = (title: string, author: string | null, confidence: number, x = 0.1) => ({ title, author, isbn: null, format: 'paperback', confidence, box: box(x) });
const shelf = (...books: ReturnType<typeof book>[]): GeminiReply => ({ json: { books } });

const photoEvents = (events: readonly TJobEvent[]) =>
  events.flatMap((e) => (e.type === 'photo' ? [`${e.index}:${e.status}${e.status === 'done' ? `:${e.booksFound}` : ''}${e.error ? `:${e.error.code}` : ''}`] : []));

async function scan(harness: EnrichmentHarness, photos: string[]) {
  const started = await harness.caller.scans.start({ photos: photos.map((data) => ({ data })) });
  const events = await harness.events(started.jobId, started.token);
  return { ...started, events, items: await harness.results(started.jobId, started.token), terminal: terminalOf(events) };
}

describe('scans.start (router, fresh database, fake Gemini and fake providers)', () => {
  it('reads 3 photos one by one, merges a book seen twice, looks the books up, and sends a doubtful reading to review', async () => {
    const { h, gemini } = await start();
    gemini.script(
      shelf(book('Dune', 'Frank Herbert', 0.9, 0.1), book('A Clockwork Orange', 'Anthony Burgess', 0.5, 0.3)),
      shelf(book('dune', 'Frank Herbert', 0.97, 0.6)),
      shelf(),
    );
    const run = await scan(h, [await photo(10), await photo(120), await photo(240)]);
    expect(run).toMatchObject({ kind: 'shelf-scan', totalPhotos: 3 });
    expect(run.events.map((e) => e.seq)).toEqual(range(1, run.events.length));
    expect(photoEvents(run.events)).toEqual(['0:queued', '1:queued', '2:queued', '0:processing', '0:done:2', '1:processing', '1:done:1', '2:processing', '2:done:0']);
    expect(run.events.flatMap((e) => (e.type === 'phase' ? [e.phase] : []))).toEqual(['scanning', 'deduplicating', 'enriching', 'finalizing']);
    expect(run.terminal).toMatchObject({
      type: 'completed',
      summary: { itemCount: 2, counts: { matched: 1, needs_review: 1 }, details: { detections: 3, books: 2, photos: [{ status: 'done', booksFound: 2 }, { status: 'done' }, { status: 'done', booksFound: 0 }] } },
    });
    const [dune, clockwork] = run.items;
    expect(dune?.input as TScanItemInput).toMatchObject({
      detection: { title: 'dune', confidence: 0.97, box: box(0.6), format: 'Paperback' },
      photoIndex: 1,
      sightings: [
        { photoIndex: 0, confidence: 0.9, box: box(0.1) },
        { photoIndex: 1, confidence: 0.97, box: box(0.6) },
      ],
    });
    expect(dune).toMatchObject({ status: 'matched', result: { match: { work: { title: 'Dune' } } } });
    expect(clockwork).toMatchObject({ status: 'needs_review', result: { match: { work: { title: 'A Clockwork Orange' } } } });
    expect(run.events.find((e) => e.type === 'item' && e.index === 1)).toMatchObject({ status: 'needs_review', reason: expect.stringContaining('confidence 0.5, below 0.7') as unknown });
    // Each photo went to Gemini once, oriented and re-encoded as JPEG.
    expect(gemini.calls).toHaveLength(3);
    expect(gemini.calls[0]?.body.contents?.[0]?.parts?.[0]).toMatchObject({ inlineData: { mimeType: 'image/jpeg' } });
    expect((clockwork?.result as TEnrichmentOutcome).score).toBeGreaterThan(0.8);

    // The doubtful reading waits in the review queue with where it was seen; accepting it is recorded.
    const reader = h.reader(run.token);
    const queue = await reader.review.list({ jobId: run.jobId });
    expect(queue.items).toMatchObject([{ index: 1, photoIndex: 0, box: box(0.3), detection: { title: 'A Clockwork Orange', confidence: 0.5 }, match: { work: { title: 'A Clockwork Orange' } } }]);
    await reader.review.resolve({ jobId: run.jobId, itemId: 1, decision: { action: 'accept' } });
    expect((await reader.jobs.get({ jobId: run.jobId })).summary).toMatchObject({ counts: { matched: 2 } });
    expect((await h.results(run.jobId, run.token))[1]).toMatchObject({ status: 'matched', result: { review: { action: 'accept', previousStatus: 'needs_review' } } });
  });

  it('a photo that fails leaves the others in the results; a photo with no books is a valid one', async () => {
    const { h, gemini } = await start();
    gemini.script(shelf(book('Dune', 'Frank Herbert', 0.95)), { blocked: 'candidate' }, shelf(book('A Clockwork Orange', 'Anthony Burgess', 0.9)));
    const run = await scan(h, [await photo(10), await photo(120), await photo(240)]);
    expect(photoEvents(run.events)).toContain('1:failed:GEMINI_BLOCKED');
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 2 }, details: { photos: [{ status: 'done' }, { status: 'failed', error: { code: 'GEMINI_BLOCKED' } }, { status: 'done' }] } } });
    expect(run.items.map((i) => (i.input as TScanItemInput).photoIndex)).toEqual([0, 2]);
  });

  it('a photo lost to an outage is read again by retryFailed, and only it; its books come after the ones already found', async () => {
    const { h, gemini } = await start();
    // Photo 1 meets three 503s (every attempt) and is lost to the outage; photo 2 is read.
    gemini.script({ status: 503 }, { status: 503 }, { status: 503 }, shelf(book('Dune', 'Frank Herbert', 0.95)));
    const run = await scan(h, [await photo(10), await photo(120)]);
    expect(photoEvents(run.events)).toContain('0:failed:PROVIDER_UNAVAILABLE');
    expect(run.terminal).toMatchObject({
      type: 'completed',
      summary: { counts: { matched: 1 }, retryableParts: 1, details: { photos: [{ status: 'failed', retryable: true, error: { code: 'PROVIDER_UNAVAILABLE' } }, { status: 'done' }] } },
    });
    const callsBefore = gemini.calls.length;

    gemini.script(shelf(book('A Clockwork Orange', 'Anthony Burgess', 0.9), book('Dune', 'Frank Herbert', 0.9, 0.5)));
    await new Promise((r) => setTimeout(r, 350)); // the breaker's open period in tests
    const reader = h.reader(run.token);
    expect(await reader.jobs.retryFailed({ jobId: run.jobId })).toMatchObject({ retriedItems: 0, job: { status: 'queued' } });
    const again = await h.events(run.jobId, run.token);
    const retried = again.slice(run.events.length);
    expect(retried[0]).toMatchObject({ type: 'status', status: 'queued', message: 'retrying 1 other part(s) that failed for a transient reason' });
    // Photo 2 is not sent to Gemini again: only photo 1 is.
    expect(photoEvents(retried)).toEqual(['0:processing', '0:done:2']);
    expect(gemini.calls.length).toBe(callsBefore + 1);
    const terminal = terminalOf(again);
    expect(terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 2 }, details: { photos: [{ status: 'done', booksFound: 2 }, { status: 'done' }] } } });
    expect(terminal?.type === 'completed' ? terminal.summary.retryableParts : 'not completed').toBeUndefined();
    // Dune, found first, keeps its index (and its match) though photo 1 comes first; the new book comes after it.
    const items = await h.results(run.jobId, run.token);
    expect(items.map((i) => [i.index, i.title, i.status])).toEqual([
      [0, 'Dune', 'matched'],
      [1, 'A Clockwork Orange', 'matched'],
    ]);
    // Nothing is left to retry.
    await expect(reader.jobs.retryFailed({ jobId: run.jobId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a 429 waits out Gemini\'s RetryInfo, announced as a warning, then reads the photo', async () => {
    const { h, gemini } = await start();
    gemini.script({ status: 429, retryDelay: '1s' }, shelf(book('Dune', 'Frank Herbert', 0.95)));
    const run = await scan(h, [await photo(10)]);
    expect(gemini.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(run.events.find((e) => e.type === 'warning')).toMatchObject({ code: 'PROVIDER_RATE_LIMITED', retryInMs: 1000 });
    expect(photoEvents(run.events)).toEqual(['0:queued', '0:processing', '0:done:1']);
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 1 } } });
  });

  it('fails the job, saying why, only when no photo could be read; 503s are retried first', async () => {
    const { h, gemini } = await start();
    gemini.script({ status: 503 }, { text: 'not json' });
    gemini.setDefault(() => ({ status: 503 }));
    const run = await scan(h, [await photo(10), await photo(120)]);
    // Attempt 1: photo 1 gets a 503 then bad output (stored: never sent again); photo 2 three 503s.
    // The job fails as retryable, so the engine runs it twice more: only photo 2 is sent again.
    expect(gemini.calls.map((c) => c.status)).toEqual([503, 200, 503, 503, 503, 503, 503, 503, 503, 503, 503]);
    expect(photoEvents(run.events).slice(0, 6)).toEqual(['0:queued', '1:queued', '0:processing', '0:failed:GEMINI_OUTPUT_INVALID', '1:processing', '1:failed:PROVIDER_UNAVAILABLE']);
    expect(run.terminal).toMatchObject({ type: 'failed', error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
    expect(run.events.some((e) => e.type === 'warning' && e.code === 'PROVIDER_RETRY')).toBe(true);
  });

  it('cancel during photo 2 of 5 sends no further photo to Gemini and keeps what photo 1 found', async () => {
    const { h, gemini } = await start();
    const photos = await Promise.all([10, 60, 110, 160, 210].map((r) => photo(r)));
    const started = await h.caller.scans.start({ photos: photos.map((data) => ({ data })) });
    const reader = h.reader(started.token);
    // Photo 1 is read; photo 2 is canceled while Gemini is reading it.
    gemini.script(shelf(book('Dune', 'Frank Herbert', 0.9)));
    gemini.setDefault(async () => {
      await reader.jobs.cancel({ jobId: started.jobId });
      return { delayMs: 500, then: shelf(book('Emma', 'Jane Austen', 0.9)) };
    });
    const seen = await h.events(started.jobId, started.token);
    expect(terminalOf(seen)).toMatchObject({ type: 'canceled', summary: { itemCount: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(gemini.calls).toHaveLength(2);
    expect(photoEvents(seen).filter((e) => !e.endsWith('queued'))).toEqual(['0:processing', '0:done:1', '1:processing']);
    expect(h.db.$client.prepare("select count(*) as n from job_steps where key like 'photo:%'").get()).toEqual({ n: 1 });
    const items = await h.results(started.jobId, started.token);
    expect(items).toMatchObject([{ status: 'pending', title: 'Dune' }]);
  });
});

describe('scans.start: bad uploads, each with its own 4xx', () => {
  async function refusal(p: Promise<unknown>) {
    try {
      await p;
    } catch (error: unknown) {
      const e = error as { code: string; cause?: { code?: unknown; field?: unknown; issues?: { path: PropertyKey[] }[] } };
      return { code: e.code, appCode: e.cause?.code ?? 'ZOD', field: e.cause?.field ?? e.cause?.issues?.[0]?.path.join('.') };
    }
    throw new Error('expected the start to be refused');
  }

  it('refuses 6 photos, none, a PDF named .jpg, a 16×16 PNG, an 11 MiB photo, bad base64, a header-only JPEG', async () => {
    const { h } = await start();
    const ok = await photo(10);
    const start6 = h.caller.scans.start({ photos: Array.from({ length: 6 }, () => ({ data: ok })) });
    expect(await refusal(start6)).toMatchObject({ code: 'BAD_REQUEST', field: 'photos' });
    expect(await refusal(h.caller.scans.start({ photos: [] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'photos' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
    expect(await refusal(h.caller.scans.start({ photos: [{ data: ok }, { data: pdf, mimeType: 'image/jpeg' }] }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'PHOTO_NOT_IMAGE', field: 'photos.1' });
    const tiny = (await sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } }).png().toBuffer()).toString('base64');
    expect(await refusal(h.caller.scans.start({ photos: [{ data: tiny }] }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'PHOTO_TOO_SMALL', field: 'photos.0' });
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(11 * 1024 * 1024)]).toString('base64');
    expect(await refusal(h.caller.scans.start({ photos: [{ data: huge }] }))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', appCode: 'PAYLOAD_TOO_LARGE', field: 'photos.0' });
    expect(await refusal(h.caller.scans.start({ photos: [{ data: 'not base64!' }] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'photos.0.data' });
    const headerOnly = readFileSync(`${FIXTURES}/images/test-bookshelf.jpg`).toString('base64');
    expect(await refusal(h.caller.scans.start({ photos: [{ data: headerOnly }] }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'PHOTO_UNREADABLE', field: 'photos.0' });
    expect(h.db.$client.prepare('select count(*) as n from jobs').get()).toEqual({ n: 0 });
  });

  it('refuses every scan with NOT_CONFIGURED (503) when the server has no GEMINI_API_KEY', async () => {
    h = await startEnrichmentHarness();
    expect(await refusal(h.caller.scans.start({ photos: [{ data: await photo(10) }] }))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', appCode: 'NOT_CONFIGURED' });
  });
});
