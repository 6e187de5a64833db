import type { Command } from 'commander';
import { ignoreBrokenPipes, stopOnSignals } from '../../server/signals.js';
import { ConfigError, configFromEnv, DatabaseUnavailableError, startServer } from '../../server/start.js';
import { CliError } from '../client.js';
import type { CommandEnv } from './start.js';

/** `bookstrack serve`: the server, configured from the environment, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command, env: CommandEnv): void {
  program
    .command('serve')
    .description('run the server (configured by environment variables; see the README)')
    .option('--port <port>', 'overrides PORT')
    .option('--host <host>', 'overrides HOST')
    .option('--role <role>', 'all | api | worker: serve clients, run jobs, or both (overrides BOOKSTRACK_ROLE)')
    .action(async (o: { port?: string; host?: string; role?: string }) => {
      let config;
      try {
        config = configFromEnv({ ...process.env, ...(o.port ? { PORT: o.port } : {}), ...(o.host ? { HOST: o.host } : {}), ...(o.role ? { BOOKSTRACK_ROLE: o.role } : {}) });
      } catch (error: unknown) {
        if (error instanceof ConfigError) throw new CliError(error.message, 2);
        throw error;
      }
      let server;
      try {
        server = await startServer(config);
      } catch (error: unknown) {
        if (error instanceof DatabaseUnavailableError) throw new CliError(error.message, 1);
        throw error;
      }
      const what = config.BOOKSTRACK_ROLE === 'worker' ? 'runs jobs (health on' : config.BOOKSTRACK_ROLE === 'api' ? 'serves clients (jobs run by worker processes) on' : 'is listening on';
      const docs = config.BOOKSTRACK_ROLE === 'worker' ? `${server.url}/healthz)` : `${server.url} (API docs: ${server.url}/api/docs)`;
      env.out.line(`BooksTrack ${what} ${docs}; Ctrl-C stops it`);
      ignoreBrokenPipes();
      stopOnSignals(server, { graceMs: config.SHUTDOWN_GRACE_MS, onStop: () => env.out.line('Stopping: running jobs are checkpointed (Ctrl-C again stops at once)') });
      // The process ends in `stopOnSignals`, once the server has shut down.
      await new Promise<never>(() => undefined);
    });
}
