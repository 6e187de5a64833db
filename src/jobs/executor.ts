import type { AbortReason } from './runner.js';

/**
 * What runs jobs, as the engine and the server see it: a `JobRunner` in this thread, or a pool of
 * job workers on their own threads and database connections.
 */
export interface JobExecutor {
  start(): void;
  /** Stops intake and releases running jobs for resumption. */
  stop(): Promise<void>;
  /** Look for work now (a job was queued or retried). */
  wake(): void;
  /** Aborts a running job wherever it runs here; false when it is known not to run here. */
  abort(jobId: string, reason: AbortReason): boolean;
  isRunning(): boolean;
}
