import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TResultItem } from '../../src/contract/jobs.js';
import { syntheticCatalogue } from '../fakes/catalogue.js';
import { goodreadsCsv } from '../fakes/goodreads-csv.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { range } from '../helpers/events.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
afterEach(async () => {
  await server?.close();
  await fakes?.close();
  server = undefined;
  fakes = undefined;
});

const FAST = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };

async function start(catalogue = syntheticCatalogue(10), progressIntervalMs = 0) {
  fakes = await startFakeUpstreams({ catalogue });
  server = await startTestServer({ ...fakes.env, ...FAST }, { progressIntervalMs });
  return server;
}

function form(bytes: Uint8Array | string, filename: string, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set('file', new Blob([bytes]), filename);
  return body;
}

type ErrorBody = { code: string; data: { appCode: string; field: string | null } };

describe('CSV import over real sockets', () => {
  it('a 500-row import streams the same contiguous events to a WebSocket subscriber and an SSE client, and its results page', async () => {
    const catalogue = syntheticCatalogue(500);
    const s = await start(catalogue, 50);
    const { trpc } = s.client();
    const started = await trpc.imports.startCsv.mutate({ csv: goodreadsCsv(catalogue), filename: 'goodreads_library_export.csv' });
    expect(started).toMatchObject({ kind: 'csv-import', status: 'queued' });

    const sse = followSse(`${s.url}/api/v1/jobs/${started.jobId}/stream`, started.token);
    const ws: TJobEvent[] = [];
    for await (const { data } of trpc.jobs.onProgress.subscribe({ jobId: started.jobId, token: started.token })) ws.push(data);
    await sse.ended;

    expect(ws.map((e) => e.seq)).toEqual(range(1, ws.length));
    expect(sse.events).toEqual(ws);
    expect(ws.at(-1)).toMatchObject({ type: 'completed', summary: { itemCount: 500, counts: { matched: 500 }, details: { format: 'goodreads', rows: 500 } } });
    const enriching = ws.filter((e): e is Extract<TJobEvent, { type: 'progress' }> => e.type === 'progress' && e.phase === 'enriching');
    // Coalesced: far fewer frames than rows, the last one complete; the first says what there is
    // to do before anything is found, each after it names a title.
    expect(enriching[0]).toMatchObject({ done: 0, total: 500 });
    expect(enriching.length).toBeLessThan(100);
    expect(enriching.at(-1)).toMatchObject({ done: 500, total: 500 });
    expect(enriching.slice(1).every((e) => (e.currentItem ?? '').startsWith('The '))).toBe(true);

    const items: TResultItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await trpc.jobs.results.query({ jobId: started.jobId, limit: 100, ...(cursor ? { cursor } : {}) }, { context: { token: started.token } });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(items.map((i) => i.index)).toEqual(range(0, 499));
    expect(items[7]).toMatchObject({ status: 'matched', title: catalogue[7]?.title, input: { line: 9, isbn13: catalogue[7]?.isbn13 } });
  });

  it('POST /api/v1/imports/csv takes multipart/form-data: a Latin-1 LibraryThing TSV with form fields', async () => {
    const s = await start();
    const tsv = readFileSync(`${FIXTURES}/imports/bookwyrm/librarything.tsv`);
    const res = await fetch(`${s.url}/api/v1/imports/csv`, { method: 'POST', body: form(tsv, 'librarything.tsv', { enrich: 'false', format: 'librarything' }) });
    expect(res.status).toBe(200);
    const { jobId, token, kind } = (await res.json()) as { jobId: string; token: string; kind: string };
    expect(kind).toBe('csv-import');
    const sse = followSse(`${s.url}/api/v1/jobs/${jobId}/stream`, token);
    await sse.ended;
    expect(sse.events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { parsed: 3 }, details: { format: 'librarything', encoding: 'utf-8+windows-1252' } } });
    const page = (await (await fetch(`${s.url}/api/v1/jobs/${jobId}/results?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: TResultItem[] };
    expect(page.items[0]?.input).toMatchObject({ title: 'Marelle', authors: [{ name: 'Julio Cortazar', role: null }], rating: 4.5 });
  });

  it('refuses bad uploads with a 4xx, a code and the field, on multipart and JSON alike', async () => {
    const s = await start();
    const post = async (body: FormData | string) => {
      const res = await fetch(`${s.url}/api/v1/imports/csv`, { method: 'POST', body, ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}) });
      return { status: res.status, body: (await res.json()) as ErrorBody };
    };
    const twelveMiB = `Title\n${'x'.repeat(12 * 1024 * 1024)}\n`;
    expect(await post(form(twelveMiB, 'big.csv'))).toMatchObject({ status: 413, body: { data: { appCode: 'PAYLOAD_TOO_LARGE', field: 'file' } } });
    expect(await post(JSON.stringify({ csv: twelveMiB }))).toMatchObject({ status: 413, body: { data: { appCode: 'PAYLOAD_TOO_LARGE', field: 'csv' } } });
    expect(await post(form('', 'empty.csv'))).toMatchObject({ status: 400, body: { data: { appCode: 'CSV_EMPTY', field: 'file' } } });
    expect(await post(form(readFileSync(`${FIXTURES}/images/tiny-test.jpg`), 'books.csv'))).toMatchObject({ status: 400, body: { data: { appCode: 'CSV_NOT_TEXT' } } });
    expect(await post(form('Title\nA\n', 'a.csv', { enrich: 'perhaps' }))).toMatchObject({ status: 400, body: { data: { appCode: 'INVALID_INPUT', field: 'enrich' } } });
    expect(await post(form('Title\nA\n', 'a.csv', { format: 'kindle' }))).toMatchObject({ status: 400, body: { data: { appCode: 'INVALID_INPUT', field: 'format' } } });
    const noFile = new FormData();
    noFile.set('format', 'auto');
    expect(await post(noFile)).toMatchObject({ status: 400, body: { data: { appCode: 'INVALID_INPUT', field: 'file' } } });
    expect(await post('{"csv": ')).toMatchObject({ status: 400 });
    // The server is still fine.
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});
