import { integer, pgTable, varchar } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.js';

/**
 * Start and read limits per client, shared by every `api` process (PostgreSQL only: on SQLite one
 * process serves, and counts in memory). The table rate-limiter-flexible's `RateLimiterPostgres`
 * uses, created here by migration instead of by the limiter at run time; keys are prefixed per limit.
 */
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: epochMs('expire'),
});
