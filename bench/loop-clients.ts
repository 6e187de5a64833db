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

export interface LoopClientsStart { url: string }
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
    client.trpc.imports.startCsv.mutate({ csv: bigCsv }),
    client.trpc.scans.start.mutate({ photos: Array.from({ length: 5 }, () => ({ data: photo })) }),
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

process.once('message', (start: LoopClientsStart) => {
  run(start).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
process.send?.({ type: 'ready', env: { ...fakes.env, GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url } } satisfies LoopClientsMessage);
