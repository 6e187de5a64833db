import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { followSse } from '../helpers/sse.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
afterEach(async () => {
  await server?.close();
  await fakes?.close();
});

async function start() {
  fakes = await startFakeUpstreams();
  server = await startTestServer({ ...fakes.env, OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' });
  return server.url;
}

describe('enrichment and books over REST and SSE (real sockets)', () => {
  it('POST /api/v1/enrichment starts a job whose progress streams over SSE and whose results page', async () => {
    const url = await start();
    const res = await fetch(`${url}/api/v1/enrichment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ books: [{ title: 'Dune', author: 'Frank Herbert', isbn: '0441172717' }, { title: 'A Clockwork Orange', isbn: FIXTURE_ISBNS.clockwork }] }),
    });
    expect(res.status).toBe(200);
    const { jobId, token, kind, status } = (await res.json()) as { jobId: string; token: string; kind: string; status: string };
    expect({ kind, status }).toEqual({ kind: 'enrichment', status: 'queued' });
    const stream = followSse(`${url}/api/v1/jobs/${jobId}/stream`, token);
    await stream.ended;
    expect(stream.events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { matched: 2 } } });
    const page = (await (await fetch(`${url}/api/v1/jobs/${jobId}/results?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { result: { match: { work: { title: string } } } }[];
      nextCursor: string | null;
    };
    expect(page.items[0]?.result.match.work.title).toBe('Dune');
    expect(page.nextCursor).not.toBeNull();
  });

  it('a malformed ISBN is a 400 naming the book index and field', async () => {
    const url = await start();
    const res = await fetch(`${url}/api/v1/enrichment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ books: [{ title: 'Dune' }, { title: 'Dune', isbn: '978-0441' }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data: { appCode: string; field: string } };
    expect(body.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'books.1.isbn' });
  });

  it('GET /api/v1/books/isbn/{isbn} and /books/search answer merged records', async () => {
    const url = await start();
    const record = (await (await fetch(`${url}/api/v1/books/isbn/${FIXTURE_ISBNS.clockwork}`)).json()) as { providers: string[]; work: { title: string } };
    expect(record).toMatchObject({ providers: ['openlibrary', 'google-books'], work: { title: 'A Clockwork Orange' } });
    // REST clients cannot decode a null body: an ISBN no provider knows is a 404 naming the field (tRPC answers null).
    const unknown = await fetch(`${url}/api/v1/books/isbn/${FIXTURE_ISBNS.unknown}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', data: { appCode: 'NOT_FOUND', field: 'isbn' } });
    const search = (await (await fetch(`${url}/api/v1/books/search?title=Dune&author=Herbert&limit=5`)).json()) as { candidates: { work: { title: string } }[] };
    expect(search.candidates[0]?.work.title).toBe('Dune');
    expect((await fetch(`${url}/api/v1/books/search`)).status).toBe(400);
  });
});
