import { afterEach, describe, expect, it } from 'vitest';
import { GeminiClient } from '../../src/providers/gemini/gemini-client.js';
import { GoogleBooksProvider } from '../../src/providers/google-books/google-books.provider.js';
import { OpenLibraryProvider } from '../../src/providers/openlibrary/openlibrary.provider.js';
import { DEFAULT_UPSTREAM_POLICY, type UpstreamPolicy } from '../../src/providers/upstream/upstream-client.js';
import type { TelemetryRecord } from '../../src/telemetry.js';
import { z } from 'zod';
import { FIXTURE_ISBNS } from '../fakes/catalogue.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';

const policy: UpstreamPolicy = { ...DEFAULT_UPSTREAM_POLICY, requestsPerMinute: 60_000, backoffBaseMs: 5, breakerOpenMs: 60_000, breakerThreshold: 5, timeoutMs: 300, maxRetryAfterMs: 3_000 };
let fakes: FakeUpstreams | undefined;
let gemini: FakeGemini | undefined;
afterEach(async () => {
  await fakes?.close();
  await gemini?.close();
  fakes = gemini = undefined;
});

function recorder() {
  const records: TelemetryRecord[] = [];
  return {
    telemetry: { record: (r: TelemetryRecord) => records.push(r) },
    records,
    /** The outcome of each provider request, in order. */
    outcomes: () => records.flatMap((r) => (r.type === 'provider_request' ? [r.outcome] : [])),
    breakerStates: () => records.flatMap((r) => (r.type === 'breaker' ? [r.state] : [])),
  };
}
const call = () => ({ signal: new AbortController().signal });
const settle = (p: Promise<unknown>) => p.then(() => 'ok', () => 'failed');

describe('provider requests reported to telemetry', () => {
  it('names each HTTP request\'s outcome as the fake answered it, with its latency', async () => {
    fakes = await startFakeUpstreams();
    const r = recorder();
    const ol = new OpenLibraryProvider({ baseUrl: fakes.openlibrary.url, coversBaseUrl: fakes.covers.url, userAgent: 'test', policy, upstream: { telemetry: r.telemetry } });
    expect(r.breakerStates()).toEqual(['closed']);

    await ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call());
    await ol.lookupIsbns([FIXTURE_ISBNS.unknown], call());
    await ol.search({ title: 'no such book anywhere', limit: 5 }, call());
    expect(r.outcomes()).toEqual(['ok', 'miss', 'miss']);

    fakes.openlibrary.faults.script = [{ status: 429, retryAfter: 0 }, { status: 503 }, 'ok'];
    await ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call());
    fakes.openlibrary.faults.script = ['timeout', 'garbage', 'reset'];
    expect(await settle(ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call()))).toBe('failed');
    expect(r.outcomes().slice(3)).toEqual(['429', '5xx', 'ok', 'timeout', 'malformed', 'network']);

    const timed = r.records.flatMap((x) => (x.type === 'provider_request' ? [x] : []));
    expect(timed.every((x) => x.provider === 'openlibrary' && x.seconds >= 0 && x.seconds < 5)).toBe(true);
    // The timeout waited out the 300 ms policy.
    expect(timed[6]?.seconds).toBeGreaterThanOrEqual(0.29);
    expect(fakes.openlibrary.calls).toHaveLength(timed.length);
  });

  it('reports the breaker opening after five failures in a row, and a refusal as 4xx', async () => {
    fakes = await startFakeUpstreams();
    const r = recorder();
    const ol = new OpenLibraryProvider({ baseUrl: fakes.openlibrary.url, coversBaseUrl: fakes.covers.url, userAgent: 'test', policy, upstream: { telemetry: r.telemetry } });
    fakes.openlibrary.faults.down = true;
    expect(await settle(ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call()))).toBe('failed');
    expect(await settle(ol.lookupIsbns([FIXTURE_ISBNS.everywhere], call()))).toBe('failed');
    // Three attempts, then two more: the fifth opens the breaker, which refuses the sixth without a request.
    expect(r.outcomes()).toEqual(['5xx', '5xx', '5xx', '5xx', '5xx']);
    expect(r.breakerStates()).toEqual(['closed', 'open']);

    const google = new GoogleBooksProvider({ baseUrl: `${fakes.googleBooks.url}/books/v1`, apiKey: 'k', policy, upstream: { telemetry: r.telemetry } });
    fakes.googleBooks.faults.script = [{ status: 403, body: { error: { code: 403, message: 'forbidden', errors: [{ reason: 'keyInvalid' }] } } }];
    expect(await settle(google.lookupIsbns([FIXTURE_ISBNS.googleOnly], call()))).toBe('failed');
    expect(r.records.at(-1)).toMatchObject({ type: 'provider_request', provider: 'google-books', outcome: '4xx' });
  });

  it('Gemini: each attempt, and the tokens its answers say they used', async () => {
    gemini = await startFakeGemini();
    const r = recorder();
    const client = new GeminiClient({ apiKey: gemini.apiKey, model: 'gemini-2.5-flash', baseUrl: gemini.url, timeoutMs: 2_000, backoffBaseMs: 5, telemetry: r.telemetry });
    gemini.script({ status: 503 }, { json: { ok: true } });
    await client.generateJson({ parts: [{ text: 'say ok' }], schema: z.object({ ok: z.boolean() }) }, call());
    expect(r.outcomes()).toEqual(['5xx', 'ok']);
    const prompt = Math.ceil(JSON.stringify(gemini.calls[1]?.body).length / 4);
    expect(r.records.filter((x) => x.type === 'gemini_tokens')).toEqual([{ type: 'gemini_tokens', prompt, output: 25, thoughts: 0 }]);

    gemini.script({ status: 429, retryDelay: '600s' });
    expect(await settle(client.generateJson({ parts: [{ text: 'again' }], schema: z.object({ ok: z.boolean() }) }, call()))).toBe('failed');
    gemini.script({ status: 404 });
    expect(await settle(client.generateJson({ parts: [{ text: 'again' }], schema: z.object({ ok: z.boolean() }) }, call()))).toBe('failed');
    expect(r.outcomes().slice(2)).toEqual(['429', '4xx']);
  });
});
