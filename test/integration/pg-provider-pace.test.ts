import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgDatabase } from '../../src/db/pg/client.js';
import { postgresProviderPace } from '../../src/db/pg/provider-pace.js';
import { classifyStatus } from '../../src/providers/upstream/classify.js';
import { DEFAULT_UPSTREAM_POLICY, UpstreamClient } from '../../src/providers/upstream/upstream-client.js';
import type { SharedPace } from '../../src/providers/upstream/shared-pace.js';
import { freshPgDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream on loopback that answers `{}` and notes when each request arrived. */
async function recordingUpstream(): Promise<{ url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server: Server = createServer((_req, res) => {
    arrivals.push(Date.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, arrivals };
}

/** The most arrivals within any one second. */
function busiestSecond(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Two "worker processes": two clients of one provider at 3 requests a second, 6 requests each, at once. */
async function twoWorkers(url: string, sharedPace: SharedPace | undefined): Promise<void> {
  const client = () =>
    new UpstreamClient({
      provider: 'openlibrary',
      baseUrl: url,
      headers: {},
      policy: { ...DEFAULT_UPSTREAM_POLICY, requestsPerMinute: 180, concurrency: 6 },
      classify: (status) => classifyStatus(status, 'OpenLibrary'),
      ...(sharedPace ? { sharedPace } : {}),
    });
  const call = { signal: new AbortController().signal };
  await Promise.all([client(), client()].flatMap((c) => Array.from({ length: 6 }, () => c.request({ path: '/x' }, call, (r) => r.json))));
}

describe('provider pacing shared through PostgreSQL', () => {
  it('keeps two workers together to the provider’s one rate (each alone would send twice it)', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const db = await openPgDatabase(fresh.url, { poolSize: 4 });
    cleanups.push(() => db.$client.end());

    const alone = await recordingUpstream();
    await twoWorkers(alone.url, undefined);
    expect(busiestSecond(alone.arrivals)).toBeGreaterThan(3);

    const shared = await recordingUpstream();
    const started = Date.now();
    await twoWorkers(shared.url, postgresProviderPace(db.$client));
    expect(shared.arrivals).toHaveLength(12);
    expect(busiestSecond(shared.arrivals)).toBeLessThanOrEqual(3);
    // Twelve sends 350 ms apart: not slower than the one rate needs, either.
    expect(Date.now() - started).toBeLessThan(12 * 350 + 1500);
  }, 30_000);

  it('holds every process back after a 429 said to wait', async () => {
    const fresh = await freshPgDatabase();
    cleanups.push(fresh.drop);
    const db = await openPgDatabase(fresh.url, { poolSize: 2 });
    cleanups.push(() => db.$client.end());
    const pace = postgresProviderPace(db.$client);
    expect(await pace.reserve('isbndb', 100)).toBe(0);
    await pace.holdBack('isbndb', 800);
    const wait = await pace.reserve('isbndb', 100);
    expect(wait).toBeGreaterThan(700);
    expect(wait).toBeLessThanOrEqual(800);
    // Other providers are not held back.
    expect(await pace.reserve('google_books', 100)).toBe(0);
  });
});
