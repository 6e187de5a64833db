import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { appJobRegistry } from '../jobs/registry.js';
import { createBooksTrackApp } from './app.js';
import { ConfigError, describeConfig, parseConfig, type AppConfig } from './config.js';
import { createLogger } from './logger.js';
import { openStore } from './store.js';
import { DatabaseUnavailableError } from '../db/pg/client.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Parses the environment; a bad value is a `ConfigError` whose message lists every variable at fault. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): AppConfig {
  return parseConfig(env);
}

export { ConfigError, DatabaseUnavailableError };

/** A running production server: its URL, and how to stop it gracefully. */
export interface RunningServer {
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/** Builds the production app from a configuration and listens (used by `npm start` and `bookstrack serve`). */
export async function startServer(config: AppConfig, logger: Logger = createLogger({ level: config.LOG_LEVEL })): Promise<RunningServer> {
  // PostgreSQL unreachable: a `DatabaseUnavailableError` naming DATABASE_URL, before anything listens.
  const { store, cluster } = await openStore(config, logger, { listen: true });
  const app = createBooksTrackApp({ config, logger, registry: appJobRegistry, version: VERSION, store, ...(cluster ? { cluster } : {}) });
  const url = await app.listen();
  logger.info({ url, docs: `${url}/api/docs`, config: describeConfig(config) }, 'BooksTrack is listening');
  return { url, logger, close: () => app.close() };
}

