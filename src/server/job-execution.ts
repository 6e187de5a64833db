import type { Logger } from 'pino';
import type { JobExecutor } from '../jobs/executor.js';
import type { JobSystemOptions } from '../jobs/system.js';
import { appJobRegistry } from '../jobs/registry.js';
import type { EventTail } from '../jobs/worker/event-tail.js';
import { WorkerPool, type WorkerPoolOptions } from './workers/worker-pool.js';
import { RemoteExecutor } from '../jobs/remote-executor.js';
import type { AppConfig } from './config.js';

type ExecutorFactory = (deps: { tail: Pick<EventTail, 'onNotice'> }) => JobExecutor;

/**
 * Where jobs run. An `api` process runs none: `worker` processes on the same database do, and
 * their events reach this process's followers by reading the log (`LogPoll`, `EVENT_POLL_MS`). Otherwise:
 * on `JOB_WORKERS` worker threads with their own connection to the database file,
 * or on the serving thread when there are none, when the database is in memory (a thread cannot
 * share it), or when the caller brings its own providers or job kinds (objects a thread cannot
 * be handed: tests and benchmarks that inject them).
 */
export function jobExecution(
  config: AppConfig,
  given: { providers: unknown; registry: unknown; options: Partial<JobSystemOptions> },
  logger: Logger,
  /** Where the job workers' telemetry goes (the process's metrics), when there are metrics. */
  telemetry?: WorkerPoolOptions['telemetry'],
): ExecutorFactory | undefined {
  if (config.BOOKSTRACK_ROLE === 'api') return () => new RemoteExecutor();
  const threadable = (config.DATABASE_URL !== undefined || config.DATABASE_PATH !== ':memory:') && given.providers === undefined && given.registry === appJobRegistry;
  if (config.JOB_WORKERS === 0 || !threadable) return undefined;
  return ({ tail }) => {
    return new WorkerPool({
      size: config.JOB_WORKERS,
      config,
      options: given.options,
      onNotice: (notice) => tail.onNotice(notice),
      telemetry,
      stopGraceMs: config.SHUTDOWN_GRACE_MS,
      logger: logger.child({ component: 'worker-pool' }),
    });
  };
}
