import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TResultItem } from '../../src/contract/jobs.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { exited, killChildren, startChild, within } from '../helpers/child-process.js';
import { range } from '../helpers/events.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
let gemini: FakeGemini | undefined;
const children: ChildProcess[] = [];
const dirs: string[] = [];
const streams: { close(): void }[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await killChildren(children);
  await server?.close();
  await fakes?.close();
  await gemini?.close();
  server = undefined;
  fakes = undefined;
  gemini = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const FAST = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };
const jpeg = (r: number) => sharp({ create: { width: 96, height: 64, channels: 3, background: { r, g: 90, b: 30 } } }).jpeg().toBuffer();
const shelf = (...titles: [string, string, number][]) => ({
  json: { books: titles.map(([title, author, confidence], i) => ({ title, author, isbn: null, format: 'hardcover', confidence, box: { x: 0.1 + 0.2 * i, y: 0.05, width: 0.15, height: 0.9 } })) },
});

function photosForm(photos: Buffer[]): FormData {
  const form = new FormData();
  photos.forEach((p, i) => form.append('photos', new Blob([p], { type: 'image/jpeg' }), `shelf-${i}.jpg`));
  return form;
}

describe('shelf scans over real sockets', () => {
  it('a 3-photo scan uploaded as multipart streams photo and lookup progress to a WebSocket subscriber; its photos and crops are served', async () => {
    gemini = await startFakeGemini();
    fakes = await startFakeUpstreams();
    server = await startTestServer({ ...fakes.env, ...FAST, GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
    gemini.script(shelf(['Dune', 'Frank Herbert', 0.93], ['A Clockwork Orange', 'Anthony Burgess', 0.55]), shelf(['Dune', 'Frank Herbert', 0.9]), shelf());
    const res = await fetch(`${server.url}/api/v1/scans`, { method: 'POST', body: photosForm([await jpeg(10), await jpeg(120), await jpeg(240)]) });
    expect(res.status).toBe(200);
    const started = (await res.json()) as { jobId: string; token: string; kind: string; totalPhotos: number };
    expect(started).toMatchObject({ kind: 'shelf-scan', totalPhotos: 3 });

    const { trpc } = server.client();
    const events: TJobEvent[] = [];
    for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId: started.jobId, token: started.token })) events.push(data);
    expect(events.map((e) => e.seq)).toEqual(range(1, events.length));
    expect(events.filter((e) => e.type === 'photo' && e.status === 'done').map((e) => e.type === 'photo' && [e.index, e.booksFound])).toEqual([
      [0, 2],
      [1, 1],
      [2, 0],
    ]);
    expect(events.some((e) => e.type === 'progress' && e.phase === 'enriching' && e.done === 2 && e.total === 2)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: 1, needs_review: 1 } } });

    const auth = { authorization: `Bearer ${started.token}` };
    const results = (await (await fetch(`${server.url}/api/v1/jobs/${started.jobId}/results`, { headers: auth })).json()) as { items: TResultItem[] };
    expect(results.items.map((i) => [i.title, i.status])).toEqual([
      ['Dune', 'matched'],
      ['A Clockwork Orange', 'needs_review'],
    ]);

    const whole = await fetch(`${server.url}/api/v1/jobs/${started.jobId}/photos/0`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await whole.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', width: 96, height: 64 });
    const crop = await fetch(`${server.url}/api/v1/jobs/${started.jobId}/photos/0?item=1&token=${started.token}`);
    expect(crop.status).toBe(200);
    // The box of item 1 on photo 0, widened to whole pixels: x 0.3–0.45 of 96 px → 28–44; y 0.05–0.95 of 64 px → 3–61.
    expect(await sharp(Buffer.from(await crop.arrayBuffer())).metadata()).toMatchObject({ width: 16, height: 58 });
    expect((await fetch(`${server.url}/api/v1/jobs/${started.jobId}/photos/0`)).status).toBe(401);
    const missing = await fetch(`${server.url}/api/v1/jobs/${started.jobId}/photos/7`, { headers: auth });
    expect({ status: missing.status, body: ((await missing.json()) as { data: { field: string } }).data.field }).toEqual({ status: 404, body: 'photoIndex' });
  });

  it('bad multipart uploads get their own 4xx naming the photo', async () => {
    gemini = await startFakeGemini();
    server = await startTestServer({ GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
    const post = async (form: FormData) => {
      const res = await fetch(`${server?.url ?? ''}/api/v1/scans`, { method: 'POST', body: form });
      const body = (await res.json()) as { message: string; data: { appCode: string; field: string } };
      return { status: res.status, message: body.message, data: body.data };
    };
    const ok = await jpeg(10);
    expect(await post(photosForm(Array.from({ length: 6 }, () => ok)))).toMatchObject({ status: 400, data: { appCode: 'INVALID_INPUT', field: 'photos' } });
    expect(await post(new FormData())).toMatchObject({ status: 400, data: { field: 'photos' } });
    // The field is the API's (from 0); the message counts from 1, as progress does, and names the file.
    const pdf = await post(photosForm([ok, Buffer.from('%PDF-1.7\n%%EOF\n')]));
    expect(pdf).toMatchObject({ status: 400, data: { appCode: 'PHOTO_NOT_IMAGE', field: 'photos.1' } });
    expect(pdf.message).toMatch(/^photo 2 \(shelf-1\.jpg\): /);
    const tiny = await post(photosForm([readFileSync(`${FIXTURES}/images/tiny-test.jpg`)]));
    expect(tiny).toMatchObject({ status: 400, data: { appCode: 'PHOTO_TOO_SMALL', field: 'photos.0' } });
    expect(tiny.message).toMatch(/^photo 1 \(shelf-0\.jpg\): /);
    const large = await post(photosForm([ok, ok, Buffer.alloc(11 * 1024 * 1024, 0xff)]));
    expect(large).toMatchObject({ status: 413, data: { appCode: 'PAYLOAD_TOO_LARGE', field: 'photos.2' } });
    expect(large.message).toMatch(/^photos 3 \(shelf-2\.jpg\) is over the limit/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('takes photo parts that have a content type and no filename (as swift-openapi-runtime sends them)', async () => {
    gemini = await startFakeGemini();
    gemini.setDefault(() => shelf(['Dune', 'Frank Herbert', 0.9]));
    server = await startTestServer({ GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
    const boundary = 'swift-openapi-boundary';
    const part = (bytes: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="photos"\r\ncontent-type: image/jpeg\r\n\r\n`), bytes, Buffer.from('\r\n')]);
    const body = Buffer.concat([part(await jpeg(10)), part(await jpeg(60)), Buffer.from(`--${boundary}--\r\n`)]);
    const res = await fetch(`${server.url}/api/v1/scans`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'shelf-scan', totalPhotos: 2 });
  });

  it('SIGKILL after photo 2 of 5 and a restart finish the job with exactly 5 Gemini calls', { timeout: 60_000 }, async () => {
    gemini = await startFakeGemini();
    let calls = 0;
    gemini.setDefault(() => {
      calls++;
      return shelf([`Book ${calls}`, `Author ${calls}`, 0.9]);
    });
    const dir = mkdtempSync(join(tmpdir(), 'bookstrack-scan-crash-'));
    dirs.push(dir);
    const env = { DATA_DIR: dir, DATABASE_PATH: join(dir, 'bookstrack.db'), JOB_LEASE_MS: '500', EXEC_LOG: join(dir, 'exec.log'), GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url };
    const first = await startChild(env, children);
    // Photo 3 is a real 24-MP shelf photo: scaling it takes long enough for the kill to land before it is sent.
    const photos = [await jpeg(10), await jpeg(60), readFileSync(`${FIXTURES}/images/IMG_0014.jpeg`), await jpeg(160), await jpeg(210)];
    const res = await fetch(`${first.url}/api/v1/scans`, { method: 'POST', body: photosForm(photos) });
    expect(res.status).toBe(200);
    const { jobId, token } = (await res.json()) as { jobId: string; token: string };

    await within(
      new Promise<void>((resolve) => {
        const run = followSse(`${first.url}/api/v1/jobs/${jobId}/stream`, token, (e) => {
          if (e.type === 'photo' && e.index === 1 && e.status === 'done') {
            first.child.kill('SIGKILL');
            resolve();
          }
        });
        streams.push(run);
      }),
      20_000,
      () => 'photo 2 was not reported done',
    );
    await exited(first.child);
    expect(gemini.calls).toHaveLength(2);

    const second = await startChild(env, children);
    const run = followSse(`${second.url}/api/v1/jobs/${jobId}/stream`, token);
    streams.push(run);
    await within(run.ended, 30_000, () => `the scan did not finish after the restart; events: ${run.events.map((e) => `${e.seq}:${e.type}`).join(' ')}`);
    expect(run.events.at(-1)).toMatchObject({ type: 'completed', summary: { itemCount: 5, details: { detections: 5 } } });
    expect(gemini.calls).toHaveLength(5);
    expect(run.events.filter((e) => e.type === 'photo' && e.status === 'done').map((e) => e.type === 'photo' && e.index)).toEqual([0, 1, 2, 3, 4]);
    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});
