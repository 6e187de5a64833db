import { openDatabase, type Db } from '../../src/db/client.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { JobStore } from '../../src/db/store.js';
import type { JobProviders } from '../../src/jobs/context.js';
import { createJobSystem, type JobSystem, type JobSystemOptions } from '../../src/jobs/system.js';
import { createLogger } from '../../src/server/logger.js';
import { createProbe, createTestRegistry, type TestJobCatalog } from './test-jobs.js';
import { testTempDir } from './temp-dir.js';

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A fresh in-memory SQLite store, with its connection for tests that look at the rows. */
export function createTestStore(): { db: Db; store: JobStore; blobDir: string } {
  const db = openDatabase(':memory:');
  const blobDir = testTempDir('blobs-');
  return { db, store: createSqliteStore(db, blobDir), blobDir };
}

/** A job system on a fresh in-memory database with the test job kinds. */
export function createTestJobSystem(options: Partial<JobSystemOptions> = {}, providers: JobProviders = { metadata: [] }) {
  const { db, store, blobDir } = createTestStore();
  const probe = createProbe();
  const system: JobSystem<TestJobCatalog> = createJobSystem({
    store,
    registry: createTestRegistry(probe),
    providers,
    logger: testLogger,
    options: { pollIntervalMs: 20, progressIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 }, ...options },
  });
  return { db, store, probe, system, blobDir, client: { clientKey: 'test-client' } };
}
