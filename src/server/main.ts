import { ignoreBrokenPipes, stopOnSignals } from './signals.js';
import { ConfigError, configFromEnv, DatabaseUnavailableError, startServer } from './start.js';

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
async function start(config: ReturnType<typeof loadConfig>) {
  try {
    return await startServer(config);
  } catch (error: unknown) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

ignoreBrokenPipes();
const config = loadConfig();
stopOnSignals(await start(config), { graceMs: config.SHUTDOWN_GRACE_MS });
