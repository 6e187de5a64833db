/**
 * A BooksTrack process for `bench:cluster` (startServer, configured from the environment), with its
 * event-loop delay measured. Prints `LISTENING <url>`; over IPC, `reset` starts a new measurement
 * and `stats` answers its p99 and max in ms.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { configFromEnv, startServer } from '../src/server/start.js';

export type ServerCommand = { cmd: 'reset' } | { cmd: 'stats' };
export interface ServerStats {
  type: 'stats';
  loopDelayMs: { p99: number; max: number };
}

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const server = await startServer(configFromEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...process.env }));
process.on('message', (command: ServerCommand) => {
  if (command.cmd === 'reset') {
    loop.reset();
    return;
  }
  const stats: ServerStats = { type: 'stats', loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } };
  process.send?.(stats);
});
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`LISTENING ${server.url}\n`);
