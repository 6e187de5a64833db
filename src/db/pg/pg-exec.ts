import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/**
 * What the store's queries run on: the pool (a read, a single statement) or a transaction (one
 * pooled connection), so one query function serves both.
 */
export type PgExec = PgDatabase<NodePgQueryResultHKT, typeof schema>;

/**
 * Rows per multi-row statement. 500 rows of 8 columns stay far below PostgreSQL's 65,535 bind
 * parameters, and an import of 10,000 items takes 20 round trips instead of 10,000.
 */
export const CHUNK_ROWS = 500;

/** `rows` in slices of at most `size`. */
export function chunked<T>(rows: readonly T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * The last of each key, in first-seen order. One PostgreSQL upsert statement may not touch a row
 * twice, while SQLite's row-by-row statements let the later write win: keeping the last matches it.
 */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string | number): T[] {
  const byKey = new Map<string | number, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

/** A JSON document as a `jsonb` parameter of raw SQL (`null` for none). */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
