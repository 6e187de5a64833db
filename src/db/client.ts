import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** drizzle-kit output, committed; resolved from this file so `src/` and `dist/` both find it. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle/sqlite', import.meta.url));

/**
 * Opens (or creates) the database, sets the pragmas a single-writer job store wants and applies
 * pending migrations. Pass `:memory:` for a fresh database in tests.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers (subscriptions, REST reads) proceed while the runner writes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/** Readiness probe: a trivial query, with the driver's message when it fails. */
export function checkDatabase(db: Db): { ok: true } | { ok: false; reason: string } {
  try {
    db.$client.prepare('select 1').get();
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs `fn` in a transaction; nested calls become savepoints (better-sqlite3 semantics). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  // IMMEDIATE: with job workers several connections write; a deferred transaction that reads then
  // writes would fail with SQLITE_BUSY when another connection wrote in between (no busy wait).
  return db.$client.transaction(fn).immediate();
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, compiled once per connection: the bulk writes that bypass the
 * query builder run on hot paths (every batch of lookups), and compiling each time is wasted work.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db.$client);
  if (!cache) statements.set(db.$client, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.$client.prepare(sql)));
  return statement;
}
