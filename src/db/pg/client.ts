import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** drizzle-kit output for PostgreSQL (`drizzle.pg.config.ts`), committed. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle/pg', import.meta.url));

/**
 * The advisory lock every process takes to migrate (an arbitrary constant, "BkTr" in ASCII): two
 * processes starting together on an empty database would otherwise both create the tables.
 */
export const MIGRATION_LOCK_KEY = 0x426b5472;

/** PostgreSQL could not be reached or used; `message` names `DATABASE_URL` and says what failed. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages and logs. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export interface PgOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
  /** How long a connection attempt may take before start-up gives up. */
  connectTimeoutMs?: number;
}

/**
 * Connects to PostgreSQL at `url` and applies pending migrations, under an advisory lock held on
 * one connection for the whole migration, so any number of processes may start at once. Fails with
 * a `DatabaseUnavailableError` that names `DATABASE_URL` (password redacted) when the server
 * cannot be reached or the migration fails.
 */
export async function openPgDatabase(url: string, options: PgOptions = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // An idle connection the server dropped (a restart) errors on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  // The pool listens for errors on idle connections only. One checked out (a transaction) whose
  // connection the server ends emits `error` too, and unheard that is an uncaught exception that
  // ends the process or job worker thread; the statement or transaction on it fails with the same
  // error all the same, and that is where it is handled.
  pool.on('connect', (connection) => connection.on('error', () => undefined));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause: unknown) {
    await pool.end();
    throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at DATABASE_URL=${redactUrl(url)}: ${messageOf(cause)}`, { cause });
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (cause: unknown) {
    client.release();
    await pool.end();
    throw new DatabaseUnavailableError(`cannot migrate the PostgreSQL database at DATABASE_URL=${redactUrl(url)}: ${messageOf(cause)}`, { cause });
  }
  client.release();
  return drizzle({ client: pool, schema });
}

function messageOf(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return messageOf(cause.errors[0]);
  return cause instanceof Error ? cause.message || cause.name : String(cause);
}
