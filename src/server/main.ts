import { readFileSync } from 'node:fs';
import { appJobRegistry } from '../jobs/registry.js';
import { createBooksTrackApp } from './app.js';
import { ConfigError, describeConfig, parseConfig } from './config.js';
import { createLogger } from './logger.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function loadConfig() {
  try {
    return parseConfig(process.env);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const app = createBooksTrackApp({ config, logger, registry: appJobRegistry, version: VERSION });
const url = await app.listen();
logger.info({ url, docs: `${url}/api/docs`, config: describeConfig(config) }, 'BooksTrack is listening');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
