/**
 * The fake providers of `bench:cluster` in their own process, answering at once, so that their
 * work never shares an event loop with the processes or the subscriber being measured. Prints
 * `FAKES <json env>` once they listen; exits on SIGTERM.
 */
import { syntheticCatalogue } from '../test/fakes/catalogue.js';
import { startFakeUpstreams } from '../test/fakes/index.js';

const fakes = await startFakeUpstreams({ catalogue: syntheticCatalogue(Number(process.argv[2]), 61) });
process.once('SIGTERM', () => {
  fakes.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`FAKES ${JSON.stringify(fakes.env)}\n`);
