import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { JobExecutor } from '../../jobs/executor.js';
import type { JobNotice } from '../../jobs/notifier.js';
import type { JobSystemOptions } from '../../jobs/system.js';
import type { TelemetryRecord } from '../../telemetry.js';
import type { JobWorkerData } from './job-worker.js';
import { PortNotifier, type WorkerMessage } from '../../jobs/worker/port-notifier.js';

export interface WorkerPoolOptions {
  size: number;
  /** The server's configuration: each worker opens the same database and builds the same providers. */
  config: AppConfig;
  options: Partial<JobSystemOptions>;
  /** Where notices from the workers go (the serving side's event tail). */
  onNotice(notice: JobNotice): void;
  /** Where the workers' telemetry goes (`source`: `worker-N`), and that a worker is gone. */
  telemetry?: { record(record: TelemetryRecord, source: string): void; forget(source: string): void } | undefined;
  /** How long `stop` waits for workers to release their jobs before terminating them. */
  stopGraceMs: number;
  logger: Logger;
}

// Under tsx or vitest this file is TypeScript, and so is the worker's entry: the thread registers
// tsx's loader first (a worker does not inherit the loader hooks of the thread that starts it).
const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './job-worker.ts' : './job-worker.js', import.meta.url);
const SOURCE_BOOT = fromSource
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY.href)}); })`
  : undefined;

/**
 * On SQLite each worker paces its own calls: with several, each gets its share of a provider's
 * rate so that together they stay within the limit the provider publishes. On PostgreSQL every
 * worker of every process reserves its slots from the provider's one row, at the full rate.
 */
export function shareOfRates(config: AppConfig, workers: number): AppConfig {
  if (config.DATABASE_URL !== undefined) return config;
  const share = (rpm: number) => Math.max(1, Math.floor(rpm / workers));
  return {
    ...config,
    OPENLIBRARY_REQUESTS_PER_MINUTE: share(config.OPENLIBRARY_REQUESTS_PER_MINUTE),
    GOOGLE_BOOKS_REQUESTS_PER_MINUTE: share(config.GOOGLE_BOOKS_REQUESTS_PER_MINUTE),
    ISBNDB_REQUESTS_PER_MINUTE: share(config.ISBNDB_REQUESTS_PER_MINUTE),
  };
}

interface Member {
  worker: Worker;
  notifier: PortNotifier;
  exited: Promise<void>;
}

/**
 * Job workers on their own threads. The engine steers them through notices (wake, cancel); they
 * claim jobs from the database under leases as a runner in this thread would, so crash safety
 * and resumption are the runner's own. A worker that dies is replaced while the pool runs.
 */
export class WorkerPool implements JobExecutor {
  private readonly members = new Set<Member>();
  private running = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.opts.size; i++) this.spawn(i);
  }

  isRunning(): boolean {
    return this.running && this.members.size > 0;
  }

  wake(): void {
    this.broadcast({ type: 'wake' });
  }

  abort(jobId: string, reason: string): boolean {
    if (reason !== 'canceled') return false;
    this.broadcast({ type: 'cancel', jobId });
    return this.members.size > 0;
  }

  async stop(): Promise<void> {
    this.running = false;
    const all = [...this.members];
    for (const m of all) m.worker.postMessage({ kind: 'stop' } satisfies WorkerMessage);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.opts.stopGraceMs + 2_000)));
    const done = await Promise.race([Promise.all(all.map((m) => m.exited)).then(() => 'done' as const), grace]);
    clearTimeout(timer);
    if (done === 'late') {
      this.opts.logger.warn({ workers: this.members.size }, 'job workers did not stop in time; terminating them (their leases will expire)');
      await Promise.all(all.map((m) => m.worker.terminate()));
    }
  }

  private broadcast(notice: JobNotice): void {
    for (const m of this.members) m.notifier.send(notice);
  }

  private spawn(index: number): void {
    const workerData: JobWorkerData = { config: shareOfRates(this.opts.config, this.opts.size), options: { ...this.opts.options, purge: index === 0 }, index };
    const worker = SOURCE_BOOT === undefined ? new Worker(ENTRY, { workerData }) : new Worker(SOURCE_BOOT, { eval: true, workerData });
    const notifier = new PortNotifier(worker);
    notifier.listen((notice) => this.opts.onNotice(notice));
    const source = `worker-${index}`;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'stopped') worker.unref();
      else if (message.kind === 'telemetry') for (const record of message.records) this.opts.telemetry?.record(record, source);
    });
    const member: Member = {
      worker,
      notifier,
      exited: new Promise((resolve) => {
        worker.once('exit', (code) => {
          this.members.delete(member);
          this.opts.telemetry?.forget(source);
          resolve();
          if (!this.running) return;
          this.opts.logger.error({ worker: index, code }, 'a job worker exited; starting another in a second');
          // A second apart, so a worker that cannot start does not spin.
          setTimeout(() => {
            if (this.running) this.spawn(index);
          }, 1_000).unref();
        });
      }),
    };
    worker.on('error', (error) => this.opts.logger.error({ err: error, worker: index }, 'job worker failed'));
    this.members.add(member);
  }
}
