import { join } from 'node:path';
import type { Logger } from 'pino';
import { openDatabase } from '../db/client.js';
import { openPgDatabase } from '../db/pg/client.js';
import { postgresProviderPace } from '../db/pg/provider-pace.js';
import { createPgStore } from '../db/pg/pg-store.js';
import { postgresLimiters } from '../db/pg/rate-limit-store.js';
import { createSqliteStore } from '../db/sqlite-store.js';
import type { JobStore } from '../db/store.js';
import type { JobNotifier } from '../jobs/notifier.js';
import { PgNotifier } from '../jobs/pg-notifier.js';
import type { SharedPace } from '../providers/upstream/shared-pace.js';
import type { LimiterFactory } from '../router/rate-limit.js';
import type { AppConfig } from './config.js';

/**
 * What the processes on one PostgreSQL share besides the store: notices (LISTEN/NOTIFY), the
 * per-client limits and each provider's pacing. SQLite has none of these: one machine, and
 * notices between its threads go through their message ports.
 */
export interface ClusterServices {
  /** Absent in a job worker thread: its notices go to its process, which tells the others. */
  notifier?: JobNotifier;
  limiters: LimiterFactory;
  pace: SharedPace;
  close(): Promise<void>;
}

export interface OpenedStore {
  store: JobStore;
  cluster?: ClusterServices;
}

/** The embedded SQLite store the configuration names: `DATABASE_PATH`, uploads under `DATA_DIR/blobs`. */
export function openSqliteStore(config: Pick<AppConfig, 'DATABASE_PATH' | 'DATA_DIR'>): JobStore {
  return createSqliteStore(openDatabase(config.DATABASE_PATH), join(config.DATA_DIR, 'blobs'));
}

/**
 * The store the configuration names: PostgreSQL at `DATABASE_URL` (migrated at open, under an
 * advisory lock), with the services processes share, else SQLite. PostgreSQL that cannot be
 * reached fails with a `DatabaseUnavailableError` naming `DATABASE_URL`.
 */
export async function openStore(config: AppConfig, logger: Logger, opts: { listen: boolean }): Promise<OpenedStore> {
  const url = config.DATABASE_URL;
  if (url === undefined) return { store: openSqliteStore(config) };
  const db = await openPgDatabase(url, { poolSize: config.DATABASE_POOL_SIZE });
  const store = createPgStore(db);
  const pool = db.$client;
  let notifier: PgNotifier | undefined;
  try {
    if (opts.listen) notifier = await PgNotifier.open(url, pool, { logger: logger.child({ component: 'pg-notifier' }) });
  } catch (error: unknown) {
    await store.close();
    throw error;
  }
  return {
    store,
    cluster: {
      ...(notifier ? { notifier } : {}),
      limiters: postgresLimiters(pool),
      pace: postgresProviderPace(pool),
      close: async () => {
        await notifier?.close();
      },
    },
  };
}
