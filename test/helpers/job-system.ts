import { openDatabase, type Db } from '../../src/db/client.js';
import type { JobProviders } from '../../src/jobs/context.js';
import { createJobSystem, type JobSystem, type JobSystemOptions } from '../../src/jobs/system.js';
import { createLogger } from '../../src/server/logger.js';
import { createProbe, createTestRegistry, type TestJobCatalog } from './test-jobs.js';
import { testTempDir } from './temp-dir.js';

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A job system on a fresh in-memory database with the test job kinds. */
export function createTestJobSystem(options: Partial<JobSystemOptions> = {}, providers: JobProviders = { metadata: [] }) {
  const db: Db = openDatabase(':memory:');
  const probe = createProbe();
  const blobDir = testTempDir('blobs-');
  const system: JobSystem<TestJobCatalog> = createJobSystem({
    db,
    registry: createTestRegistry(probe),
    providers,
    logger: testLogger,
    blobDir,
    options: { pollIntervalMs: 20, progressIntervalMs: 0, backoff: { baseMs: 10, maxMs: 50 }, ...options },
  });
  return { db, probe, system, blobDir, client: { clientKey: 'test-client' } };
}
