/**
 * `npm run hardening:crash`: 20 imports and 10 shelf scans against fake upstreams, the server (a
 * child process on a file database) SIGKILLed at random moments and restarted each time.
 *
 *   npm run hardening:crash -- [--kills 5] [--seed 42] [--json]
 *
 * Afterwards every job must be terminal, every CSV row must appear exactly once in its job's
 * results, and no photo whose `done` event was stored may have been sent to Gemini again (each
 * photo is a distinct image; the fake Gemini names its books after the photo's hash, so a call is
 * traced back to its photo). Exits non-zero when a check fails.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TJobSnapshot, TResultItem } from '../../src/contract/jobs.js';
import type { TScanItemInput } from '../../src/contract/scans.js';
import { syntheticCatalogue } from '../../test/fakes/catalogue.js';
import { goodreadsCsv } from '../../test/fakes/goodreads-csv.js';
import { startFakeGemini, startFakeUpstreams } from '../../test/fakes/index.js';
import { exited, startChild } from '../../test/helpers/child-process.js';

const { values: args } = parseArgs({ options: { kills: { type: 'string', default: '5' }, seed: { type: 'string', default: String(Date.now() % 100_000) }, json: { type: 'boolean', default: false } } });
const KILLS = Number(args.kills);
let seed = Number(args.seed);
/** A seeded PRNG, so a run that finds something can be repeated with `--seed`. */
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const catalogue = syntheticCatalogue(3_000, 3);
const fakes = await startFakeUpstreams({ catalogue });
const gemini = await startFakeGemini();
const geminiCalls: { photo: string; at: number }[] = [];
gemini.setDefault(async (call) => {
  const data = call.body.contents?.[0]?.parts?.find((p) => p.inlineData)?.inlineData?.data ?? '';
  const photo = createHash('sha256').update(data).digest('hex').slice(0, 12);
  geminiCalls.push({ photo, at: Date.now() });
  await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 250)));
  const box = { x: 0.1, y: 0.1, width: 0.2, height: 0.8 };
  return { json: { books: [0, 1].map((k) => ({ title: `Photo ${photo} book ${k}`, author: `Author ${photo}`, isbn: null, format: 'unknown', confidence: 0.9, box })) } };
});

const dir = mkdtempSync(join(tmpdir(), 'bookstrack-crash-'));
const children: ChildProcess[] = [];
const env = {
  ...fakes.env,
  DATA_DIR: dir,
  DATABASE_PATH: join(dir, 'bookstrack.db'),
  JOB_LEASE_MS: '500',
  EXEC_LOG: join(dir, 'exec.log'),
  GEMINI_API_KEY: gemini.apiKey,
  GEMINI_BASE_URL: gemini.url,
  OPENLIBRARY_REQUESTS_PER_MINUTE: '60000',
  GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000',
  ISBNDB_REQUESTS_PER_MINUTE: '60000',
  RATE_LIMIT_STARTS_PER_MINUTE: '10000',
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
};

let server = await startChild(env, children);
const jobs: { kind: 'import' | 'scan'; jobId: string; token: string; rows: number; photos: number }[] = [];

async function post(path: string, body: string | FormData, headers: Record<string, string> = {}): Promise<{ jobId: string; token: string }> {
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', body, headers });
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { jobId: string; token: string };
}

for (let i = 0; i < 20; i++) {
  const rows = 60 + i * 7;
  const books = catalogue.slice(i * 140, i * 140 + rows);
  const started = await post('/imports/csv', JSON.stringify({ csv: goodreadsCsv(books), filename: `library-${i}.csv` }), { 'content-type': 'application/json' });
  jobs.push({ ...started, kind: 'import', rows, photos: 0 });
}
for (let i = 0; i < 10; i++) {
  const form = new FormData();
  for (let p = 0; p < 3; p++) {
    const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: i * 20, g: p * 60, b: 90 } } }).jpeg().toBuffer();
    form.append('photos', new Blob([image], { type: 'image/jpeg' }), `shelf-${i}-${p}.jpg`);
  }
  jobs.push({ ...(await post('/scans', form)), kind: 'scan', rows: 0, photos: 3 });
}

for (let k = 0; k < KILLS; k++) {
  await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 1_300)));
  server.child.kill('SIGKILL');
  await exited(server.child);
  server = await startChild(env, children);
}

const get = async <T>(path: string, token: string): Promise<T> => {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

const deadline = Date.now() + 180_000;
const snapshots = new Map<string, TJobSnapshot>();
for (const job of jobs) {
  for (;;) {
    const snapshot = await get<TJobSnapshot>(`/jobs/${job.jobId}`, job.token);
    if (['completed', 'failed', 'canceled'].includes(snapshot.status) || Date.now() > deadline) {
      snapshots.set(job.jobId, snapshot);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const problems: string[] = [];
let rowsChecked = 0;
let photosChecked = 0;
for (const job of jobs) {
  const snapshot = snapshots.get(job.jobId);
  if (!snapshot || !['completed', 'failed', 'canceled'].includes(snapshot.status)) problems.push(`${job.kind} ${job.jobId} is still ${snapshot?.status ?? 'unknown'}`);
  else if (snapshot.status !== 'completed') problems.push(`${job.kind} ${job.jobId} ended ${snapshot.status}: ${snapshot.error?.code ?? ''} ${snapshot.error?.message ?? ''}`);
  const items: TResultItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<{ items: TResultItem[]; nextCursor: string | null }>(`/jobs/${job.jobId}/results?limit=500${cursor ? `&cursor=${cursor}` : ''}`, job.token);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (job.kind === 'import') {
    const indices = items.map((i) => i.index).join(',');
    const expected = Array.from({ length: job.rows }, (_, i) => i).join(',');
    if (indices !== expected) problems.push(`import ${job.jobId}: ${items.length} items for ${job.rows} rows`);
    rowsChecked += job.rows;
    continue;
  }
  // Scans: when was each photo's `done` stored, and which photo hash is it?
  const events: TJobEvent[] = (await get<{ events: TJobEvent[] }>(`/jobs/${job.jobId}/events?limit=500`, job.token)).events;
  const doneAt = new Map(events.flatMap((e) => (e.type === 'photo' && e.status === 'done' ? [[e.index, Date.parse(e.at)] as const] : [])));
  const hashOf = new Map<number, string>();
  for (const item of items) {
    const input = item.input as Partial<TScanItemInput>;
    if (!input.detection || !input.sightings) {
      problems.push(`scan ${job.jobId} item ${item.index} is not a detection: ${JSON.stringify(item).slice(0, 300)}`);
      continue;
    }
    const photo = /^Photo (\w+) book/.exec(input.detection.title)?.[1];
    for (const s of input.sightings) if (photo) hashOf.set(s.photoIndex, photo);
  }
  if (items.length !== 6) problems.push(`scan ${job.jobId}: ${items.length} books, expected 6 (2 per photo)`);
  for (let p = 0; p < job.photos; p++) {
    const hash = hashOf.get(p);
    const done = doneAt.get(p);
    if (hash === undefined || done === undefined) continue;
    photosChecked++;
    const late = geminiCalls.filter((c) => c.photo === hash && c.at > done);
    if (late.length > 0) problems.push(`scan ${job.jobId} photo ${p}: sent to Gemini ${late.length} more time(s) after it was done`);
  }
}

server.child.kill('SIGTERM');
await exited(server.child);
await fakes.close();
await gemini.close();
rmSync(dir, { recursive: true, force: true });

const perPhoto = new Map<string, number>();
for (const c of geminiCalls) perPhoto.set(c.photo, (perPhoto.get(c.photo) ?? 0) + 1);
const result = {
  seed: Number(args.seed),
  kills: KILLS,
  jobs: { imports: 20, scans: 10, completed: [...snapshots.values()].filter((s) => s.status === 'completed').length },
  rowsChecked,
  photos: { distinct: perPhoto.size, checked: photosChecked, geminiCalls: geminiCalls.length, resentInFlight: geminiCalls.length - perPhoto.size },
  problems,
};
process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${Object.entries(result).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
process.exit(problems.length === 0 ? 0 : 1);
