/**
 * `npm run bench:cluster`: imports (default 200 of 100 rows) against fake providers that answer at
 * once, in three set-ups, each on a fresh database:
 * - `sqlite`: one `all` process on embedded SQLite (handlers on its job worker thread);
 * - `pg1`: one `api` process and one `worker` process on PostgreSQL;
 * - `pg2`: one `api` process and two `worker` processes on PostgreSQL.
 *
 *   npm run bench:cluster -- [--imports 200] [--rows 100] [--modes sqlite,pg1,pg2] [--nice-workers] [--json]
 *
 * PostgreSQL is `BENCH_DATABASE_URL` (a server the bench may create databases on), else an embedded
 * one started here with fsync on. Reported per mode: wall time from the first start to the last
 * terminal event, jobs/s and rows/s, the event-loop delay (p99, max) of the process that serves
 * clients (`all` or `api`), and the live-event latency of one WebSocket subscriber per job: receipt
 * minus the time the server made the event (its log's millisecond `at`), for events made after the
 * subscription's first frame. The fakes run in their own process, away from every measured loop.
 * Exits non-zero when an import does not complete or a stream has a gap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createBooksTrackClient, type TJobEvent } from '../src/client/index.js';
import { syntheticCatalogue } from '../test/fakes/catalogue.js';
import { goodreadsCsv } from '../test/fakes/goodreads-csv.js';
import { startEmbeddedPostgres } from '../test/helpers/embedded-postgres.js';
import type { ServerCommand, ServerStats } from './cluster-server.js';
import { Histogram } from './histogram.js';

const { values: args } = parseArgs({
  options: {
    imports: { type: 'string', default: '200' },
    rows: { type: 'string', default: '100' },
    modes: { type: 'string', default: 'sqlite,pg1,pg2' },
    // Worker processes at a lower CPU priority (nice 10): on a machine they share with the api,
    // the api's live events then wait less for a core.
    'nice-workers': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const IMPORTS = Number(args.imports);
const ROWS = Number(args.rows);
const MODES = args.modes.split(',').map((m) => m.trim());
const root = new URL('..', import.meta.url).pathname;

/** Starts `script` with `env`; resolves once it prints `<tag> <rest>`, with the rest. */
function start(script: string, env: Record<string, string>, tag: string, extraArgs: string[] = [], niceness = 0): Promise<{ child: ChildProcess; said: string }> {
  const command = [process.execPath, '--import', 'tsx', script, ...extraArgs];
  const [file = process.execPath, ...argv] = niceness > 0 ? ['nice', '-n', String(niceness), ...command] : command;
  const child = spawn(file, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = new RegExp(`${tag} (.+)\\n`).exec(out);
      if (match?.[1]) resolve({ child, said: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${String(code)}) before it was ready: ${err.slice(-2000)}`)));
  });
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

function ask(child: ChildProcess, command: ServerCommand): Promise<ServerStats | undefined> {
  if (command.cmd === 'reset') {
    child.send(command);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    child.once('message', (m: ServerStats) => resolve(m));
    child.send(command);
  });
}

interface Receipts {
  seq: number[];
  at: number[];
  /** When the subscription's first frame came: events made before it were replayed. */
  since: number;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const nowMs = () => performance.timeOrigin + performance.now();

/** CPU seconds (user + system) a process has used, from /proc; 0 when it is gone. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch (gone: unknown) {
    if (gone instanceof Error) return 0;
    throw gone;
  }
}

/** CPU seconds of every PostgreSQL server process on this machine (the embedded one's backends). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(entry));
    } catch (gone: unknown) {
      if (!(gone instanceof Error)) throw gone;
    }
  }
  return total;
}

interface ModeResult {
  mode: string;
  wallS: number;
  jobsPerS: number;
  rowsPerS: number;
  completed: number;
  gaps: number;
  apiLoopDelayMs: { p99: number; max: number };
  liveLatencyMs: { p50: number; p99: number; max: number; samples: number };
  /** CPU seconds used during the run: what limits the scaling on a machine of few cores. */
  cpuS: { serving: number; workers: number; postgres: number; bench: number; ofAvailable: number };
}

const catalogue = syntheticCatalogue(IMPORTS * ROWS, 61);
const csvs = Array.from({ length: IMPORTS }, (_, i) => goodreadsCsv(catalogue.slice(i * ROWS, (i + 1) * ROWS)));
const fakes = await start('bench/cluster-fakes.ts', {}, 'FAKES', [String(IMPORTS * ROWS)]);
const fakeEnv = JSON.parse(fakes.said) as Record<string, string>;
const scratch = mkdtempSync(join(tmpdir(), 'bookstrack-bench-cluster-'));
// Run as root, embedded PostgreSQL runs as `postgres`, which must be able to reach its folder.
chmodSync(scratch, 0o711);
let pgAdmin: { url: string; stop: () => Promise<void> } | undefined;
const needsPg = MODES.some((m) => m.startsWith('pg'));
if (needsPg) {
  const given = process.env.BENCH_DATABASE_URL;
  pgAdmin = given ? { url: given, stop: () => Promise.resolve() } : await startEmbeddedPostgres(join(scratch, 'postgres'), { durable: true });
}

const common = {
  ...fakeEnv,
  LOG_LEVEL: 'warn',
  OPENLIBRARY_REQUESTS_PER_MINUTE: '100000',
  GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '100000',
  ISBNDB_REQUESTS_PER_MINUTE: '100000',
  RATE_LIMIT_STARTS_PER_MINUTE: '100000',
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
};

async function freshPgUrl(name: string): Promise<string> {
  if (!pgAdmin) throw new Error('no PostgreSQL');
  const admin = new pg.Client({ connectionString: pgAdmin.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgAdmin.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function madeTimes(mode: string, where: { sqlitePath?: string; pgUrl?: string }, jobIds: string[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>(jobIds.map((id) => [id, new Map()]));
  let rows: { job_id: string; seq: number; at: number }[];
  if (where.sqlitePath) {
    const db = new Database(where.sqlitePath, { readonly: true });
    rows = db.prepare<[], { job_id: string; seq: number; at: number }>('SELECT job_id, seq, at FROM job_events').all();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: where.pgUrl });
    await client.connect();
    const result = await client.query<{ job_id: string; seq: number; at: string }>('SELECT job_id, seq, at FROM job_events');
    await client.end();
    rows = result.rows.map((r) => ({ job_id: r.job_id, seq: r.seq, at: Number(r.at) }));
  }
  for (const r of rows) out.get(r.job_id)?.set(r.seq, r.at);
  if (out.size === 0) throw new Error(`${mode}: no events in the log`);
  return out;
}

async function run(mode: string): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(scratch, `${mode}-`));
  const workers = mode === 'sqlite' ? 0 : Number(mode.slice(2));
  const pgUrl = mode === 'sqlite' ? undefined : await freshPgUrl(`bench_${mode}`);
  const env = { ...common, DATA_DIR: dataDir, ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) };
  const serving = await start('bench/cluster-server.ts', { ...env, BOOKSTRACK_ROLE: mode === 'sqlite' ? 'all' : 'api' }, 'LISTENING');
  const runners = await Promise.all(Array.from({ length: workers }, () => start('bench/cluster-server.ts', { ...env, BOOKSTRACK_ROLE: 'worker' }, 'LISTENING', [], args['nice-workers'] ? 10 : 0)));
  const url = serving.said.trim();
  const client = createBooksTrackClient({ url });
  const receipts = new Map<string, Receipts>();
  let gaps = 0;
  let completed = 0;
  await ask(serving.child, { cmd: 'reset' });
  const cpu0 = { serving: cpuSeconds(serving.child.pid), workers: runners.reduce((n, r) => n + cpuSeconds(r.child.pid), 0), postgres: postgresCpuSeconds(), bench: process.cpuUsage() };
  const t0 = nowMs();
  await Promise.all(
    csvs.map(async (csv) => {
      const { jobId, token } = await client.trpc.imports.startCsv.mutate({ csv });
      const r: Receipts = { seq: [], at: [], since: 0 };
      receipts.set(jobId, r);
      let last: TJobEvent | undefined;
      for await (const event of client.watchJob(jobId, token)) {
        const at = nowMs();
        if (r.seq.length === 0) r.since = at;
        if (event.seq !== (last?.seq ?? 0) + 1) gaps++;
        r.seq.push(event.seq);
        r.at.push(at);
        last = event;
      }
      if (last?.type === 'completed') completed++;
    }),
  );
  const wallS = (nowMs() - t0) / 1000;
  const bench = process.cpuUsage(cpu0.bench);
  const cpuS = {
    serving: round(cpuSeconds(serving.child.pid) - cpu0.serving),
    workers: round(runners.reduce((n, r) => n + cpuSeconds(r.child.pid), 0) - cpu0.workers),
    postgres: round(postgresCpuSeconds() - cpu0.postgres),
    bench: round((bench.user + bench.system) / 1e6),
    ofAvailable: round(wallS * availableParallelism()),
  };
  const stats = await ask(serving.child, { cmd: 'stats' });
  await client.close();
  await Promise.all([serving, ...runners].map((p) => stop(p.child)));

  const made = await madeTimes(mode, pgUrl ? { pgUrl } : { sqlitePath: join(dataDir, 'bookstrack.db') }, [...receipts.keys()]);
  const latency = new Histogram();
  for (const [jobId, r] of receipts) {
    const times = made.get(jobId);
    r.seq.forEach((seq, i) => {
      const madeAt = times?.get(seq);
      if (madeAt === undefined || madeAt < r.since) return;
      latency.add((r.at[i] ?? 0) - madeAt);
    });
  }
  return {
    mode,
    wallS: round(wallS, 2),
    jobsPerS: round(IMPORTS / wallS, 2),
    rowsPerS: round((IMPORTS * ROWS) / wallS, 0),
    completed,
    gaps,
    apiLoopDelayMs: { p99: round(stats?.loopDelayMs.p99 ?? NaN), max: round(stats?.loopDelayMs.max ?? NaN) },
    liveLatencyMs: { p50: round(latency.percentile(50)), p99: round(latency.percentile(99)), max: round(latency.max), samples: latency.count },
    cpuS,
  };
}

const results: ModeResult[] = [];
try {
  for (const mode of MODES) results.push(await run(mode));
} finally {
  await stop(fakes.child);
  await pgAdmin?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

if (args.json) process.stdout.write(`${JSON.stringify({ imports: IMPORTS, rows: ROWS, results }, null, 2)}\n`);
else {
  process.stdout.write(`bench:cluster: ${IMPORTS} imports of ${ROWS} rows, zero-latency fakes\n`);
  for (const r of results) {
    process.stdout.write(
      `  ${r.mode.padEnd(6)} ${String(r.wallS).padStart(6)} s  ${String(r.jobsPerS).padStart(6)} jobs/s  ${String(r.rowsPerS).padStart(6)} rows/s  ` +
        `api loop delay p99 ${r.apiLoopDelayMs.p99} ms, max ${r.apiLoopDelayMs.max} ms  live event p50 ${r.liveLatencyMs.p50} ms, p99 ${r.liveLatencyMs.p99} ms, max ${r.liveLatencyMs.max} ms (${r.liveLatencyMs.samples})  ` +
        `completed ${r.completed}/${IMPORTS}${r.gaps > 0 ? `, GAPS ${r.gaps}` : ''}\n` +
        `         CPU s: serving ${r.cpuS.serving}, workers ${r.cpuS.workers}, postgres ${r.cpuS.postgres}, bench ${r.cpuS.bench} (of ${r.cpuS.ofAvailable} available)\n`,
    );
  }
}
process.exitCode = results.every((r) => r.completed === IMPORTS && r.gaps === 0) ? 0 : 1;
