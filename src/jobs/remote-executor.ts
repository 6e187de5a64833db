import type { Logger } from 'pino';
import type { JobEventsRepo } from '../db/repos/job-events.repo.js';
import type { JobsRepo } from '../db/repos/jobs.repo.js';
import type { JobEventBus } from './event-bus.js';
import type { JobExecutor } from './executor.js';
import { LogPoll } from './log-poll.js';
import { EventTail } from './worker/event-tail.js';

/**
 * The executor of an `api` process: it runs nothing. Jobs it queues are claimed by `worker`
 * processes (they poll the queue); a cancel is the flag `JobEngine.cancel` sets on the job's row,
 * which the worker running it sees at its next poll; the events workers write reach this
 * process's followers through `LogPoll` and `EventTail`.
 */
export class RemoteExecutor implements JobExecutor {
  private readonly poll: LogPoll;
  private running = false;

  constructor(deps: { jobs: JobsRepo; events: JobEventsRepo; bus: JobEventBus; pollMs: number; logger: Logger }) {
    const tail = new EventTail(deps.events, deps.bus);
    this.poll = new LogPoll({ jobs: deps.jobs, bus: deps.bus, tail, logger: deps.logger }, deps.pollMs);
  }

  start(): void {
    this.running = true;
    this.poll.start();
  }

  stop(): Promise<void> {
    this.running = false;
    this.poll.stop();
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

  /** Whether it serves its part (following workers' events); for /readyz. */
  isRunning(): boolean {
    return this.running;
  }
}
