import { ConfigError, configFromEnv, startServer, stopOnSignals } from './start.js';

function loadConfig() {
  try {
    return configFromEnv();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

stopOnSignals(await startServer(loadConfig()));
