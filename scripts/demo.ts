/**
 * `npm run demo`: the whole system, offline, in one command.
 *
 * Starts the local fake upstreams (OpenLibrary, Google Books, ISBNdb and Gemini on loopback, with a
 * catalogue covering the sample files), the server on SQLite in a temporary folder, then imports the
 * sample Goodreads export and scans the sample shelf photo through the typed client, with live
 * progress and a summary of each job. The server then keeps running, with its URLs printed, until
 * Ctrl-C. No API keys, no network. `PORT` picks the port (8787, or any free one if that is taken).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_URL } from '../src/cli/client.js';
import { Output } from '../src/cli/output.js';
import { followJob, printSummary } from '../src/cli/watch.js';
import { createBooksTrackClient } from '../src/client/index.js';
import { parseConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { DEMO_FILES, demoCatalogue, demoShelfReply } from '../test/fakes/demo.js';
import { startFakeGemini, startFakeUpstreams } from '../test/fakes/index.js';

const out = new Output(process, false);
const fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
const gemini = await startFakeGemini();
/** The first photo Gemini is sent is the demo's own sample, as the server prepared it. */
let samplePhoto: string | undefined;
gemini.setDefault((call) => {
  const photo = call.body.contents?.flatMap((c) => c.parts ?? []).find((p) => p.inlineData)?.inlineData?.data;
  samplePhoto ??= photo;
  if (photo !== undefined && photo !== samplePhoto) {
    out.line("note: a photo other than the demo's sample was scanned. The demo's fake Gemini reads no photo: it answers the sample shelf's six books for every one.");
  }
  return demoShelfReply();
});
const DEMO_METRICS_TOKEN = 'demo-metrics-token';
const dataDir = mkdtempSync(join(tmpdir(), 'bookstrack-demo-'));

async function serve(port: string): Promise<RunningServer> {
  const config = parseConfig({
    ...fakes.env,
    OPENLIBRARY_REQUESTS_PER_MINUTE: '6000',
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: port,
    LOG_LEVEL: 'warn',
    // A fixed token is enough on loopback; a real deployment sets its own (see the README's Metrics).
    METRICS_TOKEN: DEMO_METRICS_TOKEN,
  });
  return startServer(config, createLogger({ level: 'warn' }));
}

let server: RunningServer;
try {
  server = await serve(process.env.PORT ?? new URL(DEFAULT_URL).port);
} catch (error: unknown) {
  if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
  server = await serve('0');
}
out.line(`BooksTrack demo: server on ${server.url}, fake upstreams on loopback, data in ${dataDir}`);

const client = createBooksTrackClient({ url: server.url });
const jobs: { label: string; jobId: string; token: string; status: string }[] = [];

out.line('\n1. Importing the sample Goodreads export (152 rows)');
const csv = readFileSync(DEMO_FILES.goodreads);
const imported = await client.trpc.imports.startCsv.mutate({ csvBase64: csv.toString('base64'), filename: 'goodreads_library_export.csv' });
const importEnd = await followJob(client, out, imported.jobId, imported.token);
printSummary(out, 'import', importEnd?.summary);
jobs.push({ label: 'import', jobId: imported.jobId, token: imported.token, status: importEnd?.type ?? 'unknown' });

out.line('\n2. Scanning the sample shelf photo (the fake Gemini returns a recorded reading of it)');
const scanned = await client.trpc.scans.start.mutate({ photos: [{ data: readFileSync(DEMO_FILES.shelf).toString('base64') }] });
const scanEnd = await followJob(client, out, scanned.jobId, scanned.token);
printSummary(out, 'scan', scanEnd?.summary);
jobs.push({ label: 'scan', jobId: scanned.jobId, token: scanned.token, status: scanEnd?.type ?? 'unknown' });
const review = await client.trpc.review.list.query({ jobId: scanned.jobId }, { context: { token: scanned.token } });
if (review.items.length > 0) {
  out.line(`\nWaiting for a decision (in the console: ${server.url}/#/jobs/${scanned.jobId}/review?token=${scanned.token}`);
  out.line('or bookstrack review JOBID --token TOKEN --accept N):');
  out.table(
    ['#', 'read as', 'confidence', 'best match'],
    review.items.map((i) => [i.index, i.title, i.detection?.confidence, i.match?.work.title]),
  );
}

out.line('\nThe server keeps running. Try:');
out.line(`  Web console ${server.url}/  (start imports and scans, watch them live, review)`);
for (const job of jobs) out.line(`  ${job.label.padEnd(10)} in the console: ${server.url}/#/jobs/${job.jobId}?token=${job.token}`);
out.line(`  API docs   ${server.url}/api/docs`);
out.line(`  Metrics    curl -H 'Authorization: Bearer ${DEMO_METRICS_TOKEN}' '${server.url}/metrics'`);
for (const job of jobs) out.line(`  ${job.label.padEnd(10)} ${job.status.padEnd(10)} ${server.url}/api/v1/jobs/${job.jobId}  (token ${job.token})`);
const first = jobs[0];
if (first) {
  // Quoted: an unquoted `?` is a glob to zsh, which then refuses the line.
  out.line(`  curl -H "Authorization: Bearer ${first.token}" '${server.url}/api/v1/jobs/${first.jobId}/results?limit=3'`);
  out.line(`  npx bookstrack --url ${server.url} jobs events ${first.jobId} --token ${first.token}`);
}
out.line('Ctrl-C stops the demo.');

await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await client.close();
await server.close();
await fakes.close();
await gemini.close();
rmSync(dataDir, { recursive: true, force: true });
out.line('demo stopped');
