import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { epochMs } from './columns.js';

/** Answers from metadata providers (PostgreSQL; see `src/db/schema/provider-cache.ts`). */
export const providerCache = pgTable(
  'provider_cache',
  {
    key: text('key').primaryKey(),
    provider: text('provider').notNull(),
    value: jsonb('value').$type<unknown>(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [index('provider_cache_expires_idx').on(t.expiresAt)],
);
