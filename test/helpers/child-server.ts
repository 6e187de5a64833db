/**
 * A real server in its own process, for crash tests: the parent kills it with SIGKILL and starts
 * another on the same database. Step executions are appended to EXEC_LOG, one line each.
 * Prints `LISTENING <url>` once it accepts connections.
 */
import { appendFileSync } from 'node:fs';
import { createBooksTrackApp, type BooksTrackApp } from '../../src/server/app.js';
import { parseConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { createTestRegistry, type TestJobCatalog, type TestProbe } from './test-jobs.js';
import { OFFLINE_PROVIDER_ENV } from './offline-env.js';
import { createTestRouter } from './test-router.js';

const execLog = process.env.EXEC_LOG;
if (!execLog) throw new Error('EXEC_LOG must name the execution log file');

const probe: TestProbe = { executed: (key) => appendFileSync(execLog, `${key}\n`), providerDown: false, failures: 0 };
const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...OFFLINE_PROVIDER_ENV, ...process.env });
const router = createTestRouter(() => app.jobs.engine);
const app: BooksTrackApp<TestJobCatalog> = createBooksTrackApp({
  config,
  logger: createLogger({ level: config.LOG_LEVEL }),
  registry: createTestRegistry(probe),
  router,
  jobOptions: { pollIntervalMs: 50, progressIntervalMs: 0 },
});
const url = await app.listen();
process.stdout.write(`LISTENING ${url}\n`);
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
