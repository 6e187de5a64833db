import { rmSync } from 'node:fs';
import { embeddedPostgresServer } from './embedded-postgres.js';

export { unusedLoopbackPort } from './embedded-postgres.js';

/** A PostgreSQL server a test owns alone, which it may stop and start again on the same port and data. */
export interface RestartablePostgres {
  /** The `postgres` database, as its superuser (password included). */
  url: string;
  /** Fast shutdown (SIGINT: open sessions are ended, transactions rolled back); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (when running) and removes its data folder. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of its own for a test that restarts it: the shared one the global setup
 * starts (`test/helpers/embedded-postgres.ts`) serves other test files at the same time, and its
 * data is deleted at stop (`persistent: false`), so it could not come back. This one keeps its
 * data until `destroy`.
 */
export async function startRestartablePostgres(dir: string): Promise<RestartablePostgres> {
  const { server, url } = await embeddedPostgresServer(dir, { password: 'bookstrack-restart-test', persistent: true, maxConnections: 100 });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url,
    stop: async () => {
      await server.stop();
      running = false;
    },
    start: async () => {
      await server.start();
      running = true;
    },
    destroy: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
