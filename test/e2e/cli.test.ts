import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { demoCatalogue } from '../fakes/demo.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { exited, within } from '../helpers/child-process.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { OFFLINE_PROVIDER_ENV } from '../helpers/offline-env.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { testTempDir } from '../helpers/temp-dir.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
let gemini: FakeGemini | undefined;
afterEach(async () => {
  await server?.close();
  await fakes?.close();
  await gemini?.close();
  server = undefined;
  fakes = undefined;
  gemini = undefined;
});

async function start() {
  fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
  gemini = await startFakeGemini();
  server = await startTestServer({ ...fakes.env, OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000', GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url }, {}, { fastProviders: true });
  return { url: server.url, fakes, gemini };
}

/** Runs `bookstrack ARGS` in-process against `url`, as a pipe would see it (no TTY). */
async function cli(url: string, ...args: string[]) {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s), isTTY: false }, stderr: { write: (s: string) => (err += s) } };
  const code = await runCli(['node', 'bookstrack', '--url', url, ...args], io, {});
  return { code, out, err };
}

/** The job id and token a start command printed (shown once). */
function startedOf(out: string): { jobId: string; token: string } {
  const jobId = /^job\s+(\S+)/m.exec(out)?.[1];
  const token = /^token\s+(\S+)/m.exec(out)?.[1];
  if (!jobId || !token) throw new Error(`no job printed in:\n${out}`);
  return { jobId, token };
}

const GOODREADS = `${FIXTURES}/imports/goodreads_library_export.24col.csv`;

describe('the bookstrack CLI against a test server', () => {
  it('import follows the job to its end and prints a summary; jobs show, events and results read it back with the token', async () => {
    const { url } = await start();
    const run = await cli(url, 'import', GOODREADS);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain('shown once');
    expect(run.out).toMatch(/^parsing: /m);
    expect(run.out).toMatch(/^enriching: 152\/152/m);
    expect(run.out).toMatch(/^completed$/m);
    expect(run.out).toMatch(/│ total\s+│ 152\s+│/);
    const { jobId, token } = startedOf(run.out);

    const show = await cli(url, 'jobs', 'show', jobId, '--token', token);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/│ status\s+│ completed\s+│/);
    const events = await cli(url, 'jobs', 'events', jobId, '--token', token);
    expect(events.code).toBe(0);
    expect(events.out).toMatch(/^\s+1\s+\S+ \S+\s+status\s+queued$/m);
    expect(events.out).toMatch(/completed\s+completed$/m);
    const results = await cli(url, '--json', 'jobs', 'results', jobId, '--token', token, '--status', 'matched');
    expect(results.code).toBe(0);
    const items = JSON.parse(results.out) as { index: number; status: string }[];
    expect(items.length).toBeGreaterThan(100);
    expect(items.every((i) => i.status === 'matched')).toBe(true);
    // The token is also taken from BOOKSTRACK_TOKEN.
    let out = '';
    const code = await runCli(['node', 'bookstrack', '--url', url, 'jobs', 'show', jobId], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } }, { BOOKSTRACK_TOKEN: token });
    expect({ code, ok: out.includes('completed') }).toEqual({ code: 0, ok: true });
  });

  it('--json prints the start answer, then every event as a JSON line, ending with the terminal one', async () => {
    const { url } = await start();
    const run = await cli(url, '--json', 'import', `${FIXTURES}/imports/bookwyrm/goodreads.csv`, '--no-enrich');
    expect(run.code).toBe(0);
    const lines = run.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'csv-import', status: 'queued' });
    const events = lines.slice(1) as TJobEvent[];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'completed', summary: { counts: { parsed: 3 } } });
  });

  it('scan, review (list and resolve), cancel and retry', async () => {
    const { url, fakes, gemini } = await start();
    gemini.script({
      json: { books: [{ title: 'Babel', author: 'R. F. Kuang', isbn: null, format: 'paperback', confidence: 0.5, box: { x: 0.1, y: 0.1, width: 0.1, height: 0.8 } }] },
    });
    const photo = join(testTempDir('cli-'), 'shelf.jpg');
    writeFileSync(photo, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#862' } }).jpeg().toBuffer());
    const scan = await cli(url, 'scan', photo);
    expect(scan.code).toBe(0);
    expect(scan.out).toContain('photo 1: done (1 book)');
    const { jobId, token } = startedOf(scan.out);
    const list = await cli(url, 'review', jobId, '--token', token);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/│ 0 │ Babel\s+│ photo 1 \(read 0\.5\)/);
    expect((await cli(url, 'review', jobId, '--token', token, '--accept', '0')).out).toContain('item 0: matched (0 left to review)');
    const again = await cli(url, 'review', jobId, '--token', token, '--accept', '0');
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('CONFLICT') as unknown });
    expect((await cli(url, 'jobs', 'cancel', jobId, '--token', token)).out).toContain(`${jobId}: completed`);

    // An import during an outage ends with retryable items; `jobs retry` finishes them once it is over.
    for (const fake of fakes.all()) fake.faults.down = true;
    const down = await cli(url, 'import', GOODREADS);
    expect(down.code).toBe(0);
    expect(down.out).toMatch(/│ provider_unavailable\s+│ 152\s+│/);
    for (const fake of fakes.all()) fake.faults.down = false;
    await new Promise((r) => setTimeout(r, 350)); // the breakers' open period in tests
    const retry = await cli(url, 'jobs', 'retry', startedOf(down.out).jobId, '--token', startedOf(down.out).token);
    expect(retry.code).toBe(0);
    expect(retry.out).toContain('retrying 152 item(s)');
    expect(retry.out).toMatch(/│ matched\s+│ 152\s+│/);
  });

  it('fails with a clear message and a non-zero status', async () => {
    const { url } = await start();
    expect(await cli(url, 'import', '/no/such/file.csv')).toMatchObject({ code: 1, err: 'bookstrack: no such file: /no/such/file.csv\n' });
    const headerOnly = join(testTempDir('cli-'), 'header-only.csv');
    writeFileSync(headerOnly, 'Title,Author\n');
    expect(await cli(url, 'import', headerOnly)).toMatchObject({ code: 1, err: `bookstrack: ${headerOnly}: the file has a header line but no rows (CSV_NO_ROWS)\n` });
    const noTitle = join(testTempDir('cli-'), 'no-title.csv');
    writeFileSync(noTitle, 'Colour,Weight\nblue,1kg\n');
    const failed = await cli(url, 'import', noTitle);
    expect(failed.code).toBe(1);
    // This server has a (fake) Gemini to map columns, which answers nothing here: the job fails, saying so.
    expect(failed.out).toMatch(/\nfailed: PROVIDER_UNAVAILABLE: gemini: /);
    const empty = join(testTempDir('cli-'), 'empty.csv');
    writeFileSync(empty, '');
    // Refusals about a file name the file, as typed, not the API's field.
    expect(await cli(url, 'import', empty)).toMatchObject({ code: 1, err: `bookstrack: ${empty}: the file is empty (CSV_EMPTY)\n` });
    const notAPhoto = join(testTempDir('cli-'), 'invoice.pdf');
    writeFileSync(notAPhoto, '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    const refused = await cli(url, 'scan', `${FIXTURES}/images/IMG_0014.jpeg`, notAPhoto);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(new RegExp(`^bookstrack: ${notAPhoto.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*\\(PHOTO_NOT_IMAGE\\)\\n$`));
    const job = '00000000-0000-4000-8000-000000000000';
    expect(await cli(url, 'jobs', 'show', job)).toMatchObject({ code: 2, err: expect.stringContaining('needs the job token') as unknown });
    expect(await cli(url, 'jobs', 'show', job, '--token', 'nope')).toMatchObject({ code: 1, err: expect.stringContaining('NOT_FOUND (jobId)') as unknown });
    const real = startedOf((await cli(url, 'import', `${FIXTURES}/imports/bookwyrm/goodreads.csv`, '--no-enrich')).out);
    expect(await cli(url, 'jobs', 'show', real.jobId, '--token', 'wrong-token')).toMatchObject({ code: 1, err: expect.stringContaining('UNAUTHORIZED') as unknown });
    expect(await cli(url, 'jobs', 'results', real.jobId, '--token', real.token, '--status', 'lost')).toMatchObject({ code: 2, err: expect.stringContaining('--status must be one of') as unknown });
    expect(await cli(url, 'jobs', 'retry', real.jobId, '--token', real.token)).toMatchObject({ code: 1, err: expect.stringContaining('JOB_NOT_RETRYABLE') as unknown });
    expect(await cli('http://127.0.0.1:9', 'jobs', 'show', job, '--token', 'x')).toMatchObject({ code: 1, err: expect.stringContaining('cannot reach the server at http://127.0.0.1:9') as unknown });
    expect((await cli(url, 'bogus')).code).toBe(2);
    expect((await cli(url, 'review', real.jobId, '--token', real.token, '--accept', '1', '--reject', '2')).code).toBe(2);
  });

  it('Ctrl-C during an import leaves the job running and says how to come back; jobs watch follows it to its end; jobs list shows it (admin)', { timeout: 90_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    for (const fake of fakes.all()) fake.faults.latencyMs = 150;
    const admin = 'admin-token-for-the-cli-test';
    server = await startTestServer({ ...fakes.env, ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', BOOKSTRACK_ADMIN_TOKEN: admin }, {}, { fastProviders: true });
    const url = server.url;
    const child = spawn(process.execPath, ['bin/bookstrack.js', '--url', url, 'import', GOODREADS], { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await within(
      new Promise<void>((resolve) => {
        const check = () => (/^enriching: \d+\/152/m.test(out) ? resolve() : setTimeout(check, 20));
        check();
      }),
      30_000,
      () => `the import did not reach enriching:\n${out}`,
    );
    child.kill('SIGINT');
    await within(exited(child), 10_000, () => `still running after Ctrl-C:\n${out}`);
    expect(child.exitCode).toBe(130);
    const { jobId, token } = startedOf(out);
    expect(out).toContain(`Stopped watching; the job goes on on the server. Back to it: bookstrack jobs watch ${jobId} --token ${token}`);

    const listed = await cli(url, 'jobs', 'list', '--token', admin);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`│ ${jobId}\\s+│ csv-import\\s+│ (queued|running|completed)`));
    expect((await cli(url, 'jobs', 'list', '--token', token)).code).toBe(1);

    for (const fake of fakes.all()) fake.faults.latencyMs = 0;
    const watched = await cli(url, 'jobs', 'watch', jobId, '--token', token);
    expect(watched).toMatchObject({ code: 0, err: '' });
    expect(watched.out).toMatch(new RegExp(`^${jobId} \\(csv-import\\): (running|completed)`));
    expect(watched.out).toMatch(/│ total\s+│ 152\s+│/);
    const job = await cli(url, '--json', 'jobs', 'show', jobId, '--token', token);
    expect((JSON.parse(job.out) as { status: string; counts: Record<string, number> }).counts).toEqual({ matched: 152 });
  });

  it('`bookstrack serve` (the bin) listens, answers, and stops cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const dir = join(testTempDir('cli-serve-'), 'data');
    const child = spawn(process.execPath, ['bin/bookstrack.js', 'serve', '--port', '0'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, ...OFFLINE_PROVIDER_ENV, DATA_DIR: dir, DATABASE_PATH: ':memory:', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await within(
      new Promise<string>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /listening on (\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
      }),
      20_000,
      () => `serve printed: ${out}`,
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    await exited(child);
    expect(child.exitCode).toBe(0);
  });
});
