import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Limiters whose counts live in PostgreSQL's `rate_limits` table (made by migration), so a client's
 * limit holds across every `api` process. While the database cannot answer, each process counts
 * in memory (rate-limiter-flexible's insurance limiter) rather than failing the request.
 */
export function postgresLimiters(pool: pg.Pool): (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract {
  return ({ keyPrefix, points, duration }) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
}
