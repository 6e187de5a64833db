import { afterEach, describe, expect, it } from 'vitest';
import { claimNext, renewLease } from '../../src/db/pg/claims.js';
import { openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import { jobs } from '../../src/db/pg/schema/index.js';
import { freshPgDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(url: string): Promise<PgDb> {
  const db = await openPgDatabase(url, { poolSize: 2 });
  cleanups.push(() => db.$client.end());
  return db;
}

function queued(i: number, now: number) {
  return { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, kind: 'csv-import', status: 'queued' as const, input: {}, maxAttempts: 3, runAfter: now, inputHash: 'h', createdAt: now + i, updatedAt: now };
}

describe('claiming jobs on PostgreSQL', () => {
  it('gives each job to exactly one of many workers claiming at once', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const workers = await Promise.all(Array.from({ length: 6 }, () => open(fresh.url)));
    const now = Date.now();
    await workers[0]?.insert(jobs).values(Array.from({ length: 30 }, (_, i) => queued(i, now)));
    await workers[0]?.insert(jobs).values({ ...queued(99, now), runAfter: now + 60_000 });

    const claims = await Promise.all(
      workers.map(async (db, w) => {
        const mine: { id: string; lease: string | null; attempts: number }[] = [];
        for (;;) {
          const row = await claimNext(db, 'csv-import', `worker-${String(w)}:${String(mine.length)}`, Date.now(), 30_000);
          if (!row) return mine;
          mine.push({ id: row.id, lease: row.leaseOwner, attempts: row.attempts });
        }
      }),
    );
    const all = claims.flat();
    expect(all).toHaveLength(30);
    expect(new Set(all.map((c) => c.id)).size).toBe(30);
    expect(all.every((c) => c.attempts === 1 && c.lease?.startsWith('worker-'))).toBe(true);
    // The job not due yet was left alone; more than one worker got work.
    expect(all.some((c) => c.id.endsWith('000000000099'))).toBe(false);
    expect(claims.filter((c) => c.length > 0).length).toBeGreaterThan(1);
  });

  it('claims the oldest first, and renews a lease only for the claim that holds it', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const db = await open(fresh.url);
    const now = Date.now();
    await db.insert(jobs).values([queued(3, now), queued(1, now), queued(2, now)]);
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await claimNext(db, 'csv-import', `worker-o:${String(i)}`, Date.now(), 30_000))?.id.slice(-1));
    expect(order).toEqual(['1', '2', '3']);

    await db.insert(jobs).values(queued(4, now));
    const row = await claimNext(db, 'csv-import', 'worker-a:1', Date.now(), 30_000);
    expect(row?.status).toBe('running');
    expect(await renewLease(db, row?.id ?? '', 'worker-a:1', Date.now() + 60_000)).toBe(true);
    expect(await renewLease(db, row?.id ?? '', 'worker-a:2', Date.now() + 60_000)).toBe(false);
    expect(await claimNext(db, 'csv-import', 'worker-b:1', Date.now(), 30_000)).toBeUndefined();
  });
});
