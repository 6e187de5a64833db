import { pgTable, text } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.js';

/**
 * The next free send slot of each provider, shared by every worker process (PostgreSQL only: on
 * SQLite one process paces, in memory). Times are the database's clock, so the processes' clocks
 * need not agree.
 */
export const providerPace = pgTable('provider_pace', {
  provider: text('provider').primaryKey(),
  nextAt: epochMs('next_at').notNull(),
});
