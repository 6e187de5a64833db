/**
 * The client side of `bench:loop`, in a child process so that making requests, decoding frames and
 * the fake upstreams cost the measured server nothing. Starts a 10,000-row import, a 5-photo scan and the small
 * imports at once, follows every job over one WebSocket, and sends back each event's arrival time
 * (epoch ms, sub-ms precision) keyed by job and seq, and how each job ended.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBooksTrackClient } from '../src/client/index.js';
import { syntheticCatalogue } from '../test/fakes/catalogue.js';
import { DEMO_FILES, demoShelfReply } from '../test/fakes/demo.js';
import { goodreadsCsv } from '../test/fakes/goodreads-csv.js';
import { startFakeGemini, startFakeUpstreams } from '../test/fakes/index.js';

export interface LoopClientsStart {
  url: string;
  /**
   * How the large import and the scan are sent: `json` through the tRPC client (a 10 MB CSV and
   * 25 MB of base64 photos as JSON bodies, parsed whole on the serving thread), or `multipart`
   * through the REST routes, which stream uploads to disk.
   */
  upload: 'json' | 'multipart';
}
export type LoopClientsMessage =
  | { type: 'ready'; env: Record<string, string> }
  | { type: 'done'; arrivals: [string, number][]; jobs: { kind: string; end: string | undefined }[] };

const epoch = (): number => performance.timeOrigin + performance.now();

const [rows, small] = process.argv.slice(2).map(Number) as [number, number];
const catalogue = syntheticCatalogue(rows, 11);
const fakes = await startFakeUpstreams({ catalogue });
const gemini = await startFakeGemini();
gemini.setDefault(() => demoShelfReply());

async function run(start: LoopClientsStart): Promise<void> {
  const bigCsv = goodreadsCsv(catalogue);
  const photo = readFileSync(DEMO_FILES.shelf).toString('base64');
  const smallCsvs = Array.from({ length: small }, (_, i) => goodreadsCsv(catalogue.slice(i * 50, i * 50 + 50)));
  const client = createBooksTrackClient({ url: start.url });
  const arrivals: [string, number][] = [];
  const starts = [
    ...(start.upload === 'json'
      ? [client.trpc.imports.startCsv.mutate({ csv: bigCsv }), client.trpc.scans.start.mutate({ photos: Array.from({ length: 5 }, () => ({ data: photo })) })]
      : [postMultipart(start.url, '/api/v1/imports/csv', 'file', [new Blob([bigCsv])]), postMultipart(start.url, '/api/v1/scans', 'photos', Array.from({ length: 5 }, () => new Blob([readFileSync(DEMO_FILES.shelf)])))]),
    ...smallCsvs.map((csv) => client.trpc.imports.startCsv.mutate({ csv })),
  ];
  const jobs = await Promise.all(
    starts.map(async (started) => {
      const { jobId, token, kind } = await started;
      let end: string | undefined;
      for await (const event of client.watchJob(jobId, token)) {
        arrivals.push([`${event.jobId}:${event.seq}`, epoch()]);
        end = event.type;
      }
      return { kind, end };
    }),
  );
  await client.close();
  await Promise.all([fakes.close(), gemini.close()]);
  process.send?.({ type: 'done', arrivals, jobs } satisfies LoopClientsMessage, () => process.exit(0));
}

/** A REST start with its files as multipart/form-data; answers like the tRPC start. */
async function postMultipart(url: string, path: string, field: string, files: Blob[]): Promise<{ jobId: string; token: string; kind: string }> {
  const form = new FormData();
  files.forEach((file, i) => form.append(field, file, `upload-${String(i)}`));
  const res = await fetch(`${url}${path}`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`${path} answered ${String(res.status)}: ${await res.text()}`);
  return (await res.json()) as { jobId: string; token: string; kind: string };
}

process.once('message', (start: LoopClientsStart) => {
  run(start).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
process.send?.({ type: 'ready', env: { ...fakes.env, GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url } } satisfies LoopClientsMessage);
