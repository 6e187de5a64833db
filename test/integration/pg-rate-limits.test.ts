import { afterEach, describe, expect, it } from 'vitest';
import { openPgDatabase } from '../../src/db/pg/client.js';
import { postgresLimiters } from '../../src/db/pg/rate-limit-store.js';
import { AppError } from '../../src/errors.js';
import type { RequestScope } from '../../src/router/context.js';
import { createRateLimits, type RateLimits } from '../../src/router/rate-limit.js';
import { freshPgDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function request(): RequestScope & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return { transport: 'http', ip: '127.0.0.1', bearer: undefined, apiKey: undefined, setHeader: (k, v) => (headers[k] = v), headers };
}

const outcome = (limits: RateLimits, client: string) =>
  limits.starts.check(client, request()).then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : `unexpected ${String(e)}`),
  );

describe('limits shared through PostgreSQL', () => {
  it('holds a start limit of 3 a minute across two api processes, per client', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    // Two processes: each its own pool and its own limiters, one database.
    const processes = await Promise.all(
      [1, 2].map(async () => {
        const db = await openPgDatabase(fresh.url, { poolSize: 2 });
        cleanups.push(() => db.$client.end());
        return createRateLimits({ startsPerMinute: 3, readsPerMinute: 100, limiters: postgresLimiters(db.$client) });
      }),
    );
    const [a, b] = processes as [RateLimits, RateLimits];
    const seen = [await outcome(a, 'ip:1'), await outcome(b, 'ip:1'), await outcome(a, 'ip:1'), await outcome(b, 'ip:1'), await outcome(a, 'ip:1')];
    expect(seen).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Another client, and the read limit, count apart.
    expect(await outcome(b, 'ip:2')).toBe('ok');
    await expect(a.reads.check('ip:1', request())).resolves.toBeUndefined();
  });

  it('counts in the process’s memory while the database cannot answer, instead of failing the request', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const db = await openPgDatabase(fresh.url, { poolSize: 1 });
    const limits = createRateLimits({ startsPerMinute: 2, readsPerMinute: 100, limiters: postgresLimiters(db.$client) });
    await db.$client.end();
    expect([await outcome(limits, 'ip:9'), await outcome(limits, 'ip:9'), await outcome(limits, 'ip:9')]).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });
});
