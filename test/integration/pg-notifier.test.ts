import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobNotice } from '../../src/jobs/notifier.js';
import { decodeNotices, encodeEvents, encodeNotice, PgNotifier } from '../../src/jobs/pg-notifier.js';
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
  it('encodes each notice in a few bytes, the events of several jobs in one, and reads them back; unknown payloads are ignored', () => {
    const notices: JobNotice[] = [{ type: 'events', jobId: '6f1c3e2a-0000-4000-8000-000000000001', seq: 1234 }, { type: 'cancel', jobId: 'j-1' }, { type: 'wake' }];
    for (const n of notices) expect(decodeNotices(encodeNotice(n))).toEqual([n]);
    expect(decodeNotices(encodeEvents([['a', 1], ['b-2', 30]]))).toEqual([{ type: 'events', jobId: 'a', seq: 1 }, { type: 'events', jobId: 'b-2', seq: 30 }]);
    for (const junk of ['', 'x', 'e:job', 'e:job:12a', 'c:', 'e::3']) expect(decodeNotices(junk)).toEqual([]);
    // A bad entry among good ones costs only itself.
    expect(decodeNotices('e:a:1,b:x,c:2')).toEqual([{ type: 'events', jobId: 'a', seq: 1 }, { type: 'events', jobId: 'c', seq: 2 }]);
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

  it("sends the events of a burst of jobs in one NOTIFY with each job's newest seq, then at most one per interval", async () => {
    const { a, b } = await twoProcesses({ eventsIntervalMs: 300 });
    const sentAt = Date.now();
    for (let seq = 1; seq <= 50; seq++) a.notifier.send({ type: 'events', jobId: 'job-1', seq });
    a.notifier.send({ type: 'events', jobId: 'job-2', seq: 3 });
    await until(() => b.received.length >= 2, 'the first batch');
    expect(Date.now() - sentAt).toBeLessThan(250);
    expect(b.received).toEqual([
      { type: 'events', jobId: 'job-1', seq: 50 },
      { type: 'events', jobId: 'job-2', seq: 3 },
    ]);
    // Within the interval: held back, then sent once with the newest seq.
    a.notifier.send({ type: 'events', jobId: 'job-1', seq: 51 });
    a.notifier.send({ type: 'events', jobId: 'job-1', seq: 52 });
    await new Promise((r) => setTimeout(r, 150));
    expect(b.received).toHaveLength(2);
    await until(() => b.received.length >= 3, 'the second batch');
    expect(b.received[2]).toEqual({ type: 'events', jobId: 'job-1', seq: 52 });
  });

  it('splits a batch too long for one NOTIFY (PostgreSQL refuses 8,000 bytes) into several', async () => {
    const { a, b } = await twoProcesses();
    const jobIds = Array.from({ length: 400 }, (_, i) => `6f1c3e2a-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const jobId of jobIds) a.notifier.send({ type: 'events', jobId, seq: 7 });
    await until(() => b.received.length >= jobIds.length, 'every job');
    expect(b.received.map((n) => n.type === 'events' && n.jobId).sort()).toEqual(jobIds);
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
