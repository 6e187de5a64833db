/**
 * A process whose "server" never finishes shutting down (its `close` never settles), for testing
 * `stopOnSignals`: the second signal and the deadline must end it anyway. Prints `READY`.
 */
import { ignoreBrokenPipes, stopOnSignals } from '../../src/server/signals.js';
import { createLogger } from '../../src/server/logger.js';

ignoreBrokenPipes();
const logger = createLogger({ level: 'info' });
stopOnSignals({ url: 'http://127.0.0.1:0', logger, close: () => new Promise<void>(() => undefined) }, { graceMs: Number(process.env.GRACE_MS ?? '60000') });
// Something to keep the loop alive, as a server's listening socket does.
setInterval(() => undefined, 1_000);
process.stdout.write('READY\n');
