import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobNotice } from '../../src/jobs/notifier.js';
import { decodeNotice, encodeNotice, PgNotifier } from '../../src/jobs/pg-notifier.js';
import { freshPgDatabase, testPostgresUrl } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two "processes" on one database: each with its own pool and notifier, as `api` and `worker` would have. */
async function twoProcesses(options: { eventsIntervalMs?: number } = {}) {
  const db = await freshPgDatabase();
  cleanups.push(db.drop);
  const open = async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const notifier = await PgNotifier.open(db.url, pool, { reconnectMs: 50, ...options });
    const received: JobNotice[] = [];
    notifier.listen((n) => received.push(n));
    cleanups.push(async () => {
      await notifier.close();
      await pool.end();
    });
    return { notifier, received };
  };
  return { a: await open(), b: await open(), dbUrl: db.url };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PgNotifier (LISTEN/NOTIFY)', () => {
  it('encodes each notice in a few bytes and reads it back; unknown payloads are ignored', () => {
    const notices: JobNotice[] = [{ type: 'events', jobId: '6f1c3e2a-0000-4000-8000-000000000001', seq: 1234 }, { type: 'cancel', jobId: 'j-1' }, { type: 'wake' }];
    for (const n of notices) expect(decodeNotice(encodeNotice(n))).toEqual(n);
    for (const junk of ['', 'x', 'e:job', 'e:job:12a', 'c:', 'e::3']) expect(decodeNotice(junk)).toBeUndefined();
  });

  it('carries events, wake and cancel from one process to the others', async () => {
    const { a, b } = await twoProcesses();
    a.notifier.send({ type: 'events', jobId: 'job-1', seq: 7 });
    a.notifier.send({ type: 'wake' });
    a.notifier.send({ type: 'cancel', jobId: 'job-2' });
    await until(() => b.received.length >= 3, 'three notices');
    // Each NOTIFY may leave on another pooled connection: notices are hints, their order is not kept.
    expect(b.received).toHaveLength(3);
    expect(b.received).toEqual(expect.arrayContaining([{ type: 'events', jobId: 'job-1', seq: 7 }, { type: 'wake' }, { type: 'cancel', jobId: 'job-2' }]));
  });

  it('sends at most one events notice per job per interval, and always the newest seq of a burst', async () => {
    const { a, b } = await twoProcesses({ eventsIntervalMs: 100 });
    for (let seq = 1; seq <= 50; seq++) a.notifier.send({ type: 'events', jobId: 'job-1', seq });
    a.notifier.send({ type: 'events', jobId: 'job-2', seq: 3 });
    await until(() => b.received.some((n) => n.type === 'events' && n.jobId === 'job-1' && n.seq === 50), 'seq 50 of job-1');
    const job1 = b.received.filter((n) => n.type === 'events' && n.jobId === 'job-1');
    expect(job1).toEqual([
      { type: 'events', jobId: 'job-1', seq: 1 },
      { type: 'events', jobId: 'job-1', seq: 50 },
    ]);
    expect(b.received).toContainEqual({ type: 'events', jobId: 'job-2', seq: 3 });
  });

  it('listens again after its connection is cut, tells its listeners to look (wake), and gets later notices', async () => {
    const { a, b, dbUrl } = await twoProcesses();
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    cleanups.push(() => admin.end());
    const database = new URL(dbUrl).pathname.slice(1);
    // Cut every LISTEN connection on this database (both processes'), as a failover or a proxy would.
    const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'", [database]);
    expect(cut.rowCount).toBe(2);
    await until(() => b.received.some((n) => n.type === 'wake'), 'the wake after listening again');
    a.notifier.send({ type: 'cancel', jobId: 'after-cut' });
    await until(() => b.received.some((n) => n.type === 'cancel' && n.jobId === 'after-cut'), 'a notice sent after the cut');
  });
});
