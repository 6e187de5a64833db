import type { RunningServer } from './start.js';

/** How long after the grace period a shutdown may still take before the process gives up on it. */
const SHUTDOWN_SLACK_MS = 5_000;

/**
 * A write to a closed pipe (`npm start | tee log`, then Ctrl-C: tee is gone first) fails with
 * EPIPE. Nobody reads those lines any more, so they are dropped, rather than the error keeping
 * the process from stopping.
 */
export function ignoreBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/**
 * Stops the server on SIGTERM or SIGINT, then exits: 0 after a clean shutdown, 1 when it failed or
 * outlasted the grace period by `SHUTDOWN_SLACK_MS`. A second signal during the shutdown exits at
 * once (130 for SIGINT, 143 for SIGTERM), as a second Ctrl-C is meant to.
 */
export function stopOnSignals(server: RunningServer, opts: { graceMs: number; onStop?: () => void }): void {
  let stopping = false;
  const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: stopping now, without waiting for the shutdown');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    opts.onStop?.();
    setTimeout(() => {
      server.logger.error({ waitedMs: opts.graceMs + SHUTDOWN_SLACK_MS }, 'shutdown did not finish in time: stopping now');
      process.exit(1);
    }, opts.graceMs + SHUTDOWN_SLACK_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
