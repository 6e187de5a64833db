import type { JobExecutor } from './executor.js';

/**
 * The executor of an `api` process: it runs nothing. Jobs it queues are claimed by `worker`
 * processes (they poll the queue); a cancel is the flag `JobEngine.cancel` sets on the job's row,
 * which the worker running it sees at its next poll; the events workers write reach this
 * process's followers through the job system's `LogPoll`.
 */
export class RemoteExecutor implements JobExecutor {
  private running = false;

  start(): void {
    this.running = true;
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  /** Workers find queued jobs at their next poll. */
  wake(): void {
    return;
  }

  /** Nothing runs here; the cancel flag on the job's row reaches the worker that runs it. */
  abort(): boolean {
    return false;
  }

  /** Whether it is started; for /readyz. */
  isRunning(): boolean {
    return this.running;
  }
}
