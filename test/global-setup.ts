import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_DIR } from '../src/server/console-assets.js';
import { startEmbeddedPostgres } from './helpers/embedded-postgres.js';

/**
 * Once per test run:
 * - one folder for every data and blob folder the tests make (`testTempDir`), removed at the end:
 *   the test processes inherit its path, and are often ended without an `exit` event;
 * - a PostgreSQL server for the PostgreSQL-mode tests, unless `TEST_DATABASE_URL` names one: the
 *   embedded one, started here and stopped at the end (`test/helpers/postgres.ts`).
 */
export default async function setup(): Promise<() => Promise<void>> {
  keepExitCode();
  buildConsoleIfMissing();
  const root = mkdtempSync(join(tmpdir(), 'bookstrack-test-'));
  // Run as root, embedded PostgreSQL runs as `postgres`, which must be able to reach its folder.
  chmodSync(root, 0o711);
  process.env.BOOKSTRACK_TEST_TMP = root;
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    try {
      const postgres = await startEmbeddedPostgres(join(root, 'postgres'));
      process.env.TEST_DATABASE_URL = postgres.url;
      stopPostgres = postgres.stop;
    } catch (error: unknown) {
      rmSync(root, { recursive: true, force: true });
      throw new Error('could not start the embedded PostgreSQL for the tests (or set TEST_DATABASE_URL)', { cause: error });
    }
  }
  return async () => {
    await stopPostgres?.();
    rmSync(root, { recursive: true, force: true });
  };
}

/**
 * embedded-postgres registers async-exit-hook, which calls `process.exit(0)` on `beforeExit`: the
 * code vitest set for a failed run would become 0, and CI would pass a failing suite. The code
 * set before that is put back as the process exits.
 */
function keepExitCode(): void {
  let code: string | number | undefined;
  process.on('beforeExit', () => {
    code ??= process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (code !== undefined && Number(code) !== 0) process.exitCode = code;
  });
}

/**
 * The browser tests load the built console; `npm test` builds it first, and a run of a few test
 * files on a fresh clone builds it here.
 */
function buildConsoleIfMissing(): void {
  if (existsSync(join(CONSOLE_DIR, 'index.html'))) return;
  execFileSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.console.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
