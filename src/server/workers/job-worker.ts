/**
 * A job worker thread: its own database connection, providers and `JobRunner`, so nothing a job
 * does (parsing a 10 MiB file, scoring thousands of candidates, SQLite writes) delays a frame on
 * the serving thread. It tells the serving thread "job X has events up to N" and listens for
 * "wake" and "cancel X"; everything else goes through the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TJobEvent } from '../../contract/job-events.js';
import { openStore } from '../store.js';
import type { AppConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { buildProviders } from '../providers.js';
import { JobEventBus } from '../../jobs/event-bus.js';
import { EventNoticeBatcher } from '../../jobs/notifier.js';
import { appJobRegistry } from '../../jobs/registry.js';
import { createJobSystem, type JobSystemOptions } from '../../jobs/system.js';
import { PortNotifier, type WorkerMessage } from '../../jobs/worker/port-notifier.js';
import { PortTelemetry } from '../../jobs/worker/port-telemetry.js';

/** What the serving thread hands a worker. */
export interface JobWorkerData {
  config: AppConfig;
  options: Partial<JobSystemOptions>;
  index: number;
}

/** The worker's bus: no subscribers of its own; every persisted event becomes a notice. */
class NoticeBus extends JobEventBus {
  constructor(
    logger: ConstructorParameters<typeof JobEventBus>[0],
    private readonly batcher: EventNoticeBatcher,
  ) {
    super(logger);
  }

  override publish(event: TJobEvent): void {
    this.batcher.eventsWritten(event.jobId, event.seq);
  }
}

const port = parentPort;
if (!port) throw new Error('job-worker.ts runs as a worker thread');
const data = workerData as JobWorkerData;
const config = data.config;
const logger = createLogger({ level: config.LOG_LEVEL }).child({ component: 'job-worker', worker: data.index });
// PostgreSQL mode: the thread's own pool, and the pacing every process shares; its notices go to
// its process (the port), which tells the other processes.
const { store, cluster } = await openStore(config, logger, { listen: false });
const notifier = new PortNotifier(port);
// The serving thread keeps the metrics; this thread's records (provider calls, job ends) go to it.
const telemetry = config.metricsEnabled ? new PortTelemetry(port) : undefined;
const system = createJobSystem({
  store,
  registry: appJobRegistry,
  providers: buildProviders(config, logger, { sharedPace: cluster?.pace, telemetry }),
  logger,
  options: data.options,
  bus: new NoticeBus(logger, new EventNoticeBatcher(notifier)),
  telemetry,
});
notifier.listen((notice) => {
  if (notice.type === 'wake') system.runner.wake();
  else if (notice.type === 'cancel') system.runner.abort(notice.jobId, 'canceled');
});
port.on('message', (message: WorkerMessage) => {
  if (message.kind !== 'stop') return;
  system
    .stop()
    .catch((error: unknown) => logger.error({ err: error }, 'stopping the job worker failed'))
    .finally(async () => {
      await cluster?.close();
      await store.close();
      port.postMessage({ kind: 'stopped' } satisfies WorkerMessage);
      port.close();
    });
});
system.start();
port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
