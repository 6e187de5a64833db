import { ConfigError, configFromEnv, DatabaseUnavailableError, startServer, stopOnSignals } from './start.js';

function loadConfig() {
  try {
    return configFromEnv();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/** Starts, or stops with one line on stderr and exit code 1 when PostgreSQL cannot be used. */
async function start() {
  try {
    return await startServer(loadConfig());
  } catch (error: unknown) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

stopOnSignals(await start());
