import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Answers from metadata providers, shared by every job and request: an ISBN hit, a miss (`value`
 * null) or a search's candidates. Outages are never stored. Rows past `expires_at` are ignored
 * and purged.
 */
export const providerCache = sqliteTable(
  'provider_cache',
  {
    key: text('key').primaryKey(),
    provider: text('provider').notNull(),
    value: text('value', { mode: 'json' }).$type<unknown>(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('provider_cache_expires_idx').on(t.expiresAt)],
);
