import { readFileSync } from 'node:fs';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { eq, is } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import * as pgSchema from '../../src/db/pg/schema/index.js';
import * as sqliteSchema from '../../src/db/schema/index.js';
import { freshPgDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDb(): Promise<{ url: string; open: () => Promise<PgDb> }> {
  const fresh = await freshPgDatabase();
  cleanups.push(fresh.drop);
  return {
    url: fresh.url,
    open: async () => {
      const db = await openPgDatabase(fresh.url, { poolSize: 2 });
      cleanups.push(() => db.$client.end());
      return db;
    },
  };
}

/** Column name → [SQL type kind, not null, primary] per table, from drizzle's own table configs. */
function shapeOf(columns: { name: string; notNull: boolean; primary: boolean }[]) {
  return Object.fromEntries(columns.map((c) => [c.name, { notNull: c.notNull, primary: c.primary }]));
}

describe('the PostgreSQL store', () => {
  it('migrates a new database once even when two processes start on it together', async () => {
    const { open } = await freshDb();
    const [a, b] = await Promise.all([open(), open()]);
    const tables = await a.$client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.rows.map((r) => r.table_name)).toEqual(['blob_bytes', 'blobs', 'job_blobs', 'job_events', 'job_items', 'job_steps', 'job_tokens', 'jobs', 'provider_cache', 'provider_pace', 'rate_limits']);
    const applied = await b.$client.query<{ n: string }>('SELECT count(*)::text AS n FROM drizzle.__drizzle_migrations');
    // Each migration of the journal once, not twice.
    const journal = JSON.parse(readFileSync(new URL('../../drizzle/pg/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
    expect(journal.entries.length).toBeGreaterThan(3);
    expect(applied.rows[0]?.n).toBe(String(journal.entries.length));
  });

  it('has every table and column of the SQLite schema, with the same nullability and keys (and its own three besides)', () => {
    const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
    const pgTables = (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
    const sqliteShapes = Object.fromEntries(sqliteTables.map((t) => [sqliteTableConfig(t).name, shapeOf(sqliteTableConfig(t).columns)]));
    const pgShapes = Object.fromEntries(pgTables.map((t) => [pgTableConfig(t).name, shapeOf(pgTableConfig(t).columns)]));
    expect(Object.keys(sqliteShapes)).toHaveLength(8);
    // PostgreSQL only: the blobs' bytes (files on SQLite), and the rate limits and provider pacing
    // every process shares (in memory on SQLite).
    const { blob_bytes: blobBytes, rate_limits: rateLimits, provider_pace: providerPace, ...shared } = pgShapes;
    expect(shared).toEqual(sqliteShapes);
    expect(blobBytes).toEqual({ sha256: { notNull: true, primary: true }, bytes: { notNull: true, primary: false } });
    expect(Object.keys(rateLimits ?? {})).toEqual(['key', 'points', 'expire']);
    expect(Object.keys(providerPace ?? {})).toEqual(['provider', 'next_at']);
  });

  it('stores and reads a job row as the SQLite store does: epoch-ms numbers and JSON documents', async () => {
    const { open } = await freshDb();
    const db = await open();
    const now = Date.now();
    const row = {
      id: '6f1c3e2a-0000-4000-8000-000000000001',
      kind: 'csv-import',
      status: 'queued' as const,
      input: { blob: 'ab', nested: { list: [1, 'two', null] } },
      maxAttempts: 3,
      runAfter: now,
      inputHash: 'h',
      createdAt: now,
      updatedAt: now,
    };
    await db.insert(pgSchema.jobs).values(row);
    const [read] = await db.select().from(pgSchema.jobs).where(eq(pgSchema.jobs.id, row.id));
    expect(read).toMatchObject({ ...row, attempts: 0, lastSeq: 0, phase: null, leaseOwner: null });
    expect(typeof read?.createdAt).toBe('number');
  });

  it('refuses an unreachable server with one line that names DATABASE_URL and hides the password', async () => {
    const error = await openPgDatabase('postgres://someone:s3cret@127.0.0.1:9/nowhere', { connectTimeoutMs: 2_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL=postgres://someone:***@127.0.0.1:9/nowhere');
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('\n');
  });
});
