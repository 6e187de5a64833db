/**
 * The fake OpenLibrary of `bench:enrich`, in its own process. In the bench's process it shared the
 * event loop with the job it measured: while a job's CPU work held the loop, arrivals waited and
 * were stamped together, so the fake saw bursts (and sent 429s) that never were on the wire.
 * Commands over IPC: `reset` (clear calls, set latency and limit), `stats`, `close`.
 */
import { startFakeOpenLibrary } from '../test/fakes/openlibrary.fake.js';
import { syntheticCatalogue } from '../test/fakes/catalogue.js';

export type FakeCommand = { cmd: 'reset'; latencyMs: number; perSecond: number } | { cmd: 'stats' } | { cmd: 'close' };
export type FakeReply = { type: 'ready'; url: string } | { type: 'ok' } | { type: 'stats'; calls: number; refused429: number; busiestSecond: number };

const fake = await startFakeOpenLibrary({ catalogue: syntheticCatalogue(Number(process.argv[2])), coversBaseUrl: 'http://127.0.0.1:9' });
const reply = (message: FakeReply) => process.send?.(message);

process.on('message', (command: FakeCommand) => {
  if (command.cmd === 'reset') {
    fake.reset();
    fake.faults.latencyMs = command.latencyMs;
    fake.faults.rateLimit = { perSecond: command.perSecond };
    reply({ type: 'ok' });
  } else if (command.cmd === 'stats') {
    reply({ type: 'stats', calls: fake.calls.length, refused429: fake.calls.filter((c) => c.status === 429).length, busiestSecond: fake.maxRequestsPerSecond() });
  } else {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
reply({ type: 'ready', url: fake.url });
