/**
 * The production server (startServer: a file database, the app's job kinds, providers from the
 * environment, job worker threads) in its own process, for crash tests of the worker mode.
 * Prints `LISTENING <url>` once it accepts connections.
 */
import { configFromEnv, startServer } from '../../src/server/start.js';
import { OFFLINE_PROVIDER_ENV } from './offline-env.js';

const server = await startServer(configFromEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...OFFLINE_PROVIDER_ENV, ...process.env }));
process.stdout.write(`LISTENING ${server.url}\n`);
