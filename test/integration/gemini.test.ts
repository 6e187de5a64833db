import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { ProviderUnavailableError } from '../../src/providers/errors.js';
import { GeminiCsvColumnMapper } from '../../src/providers/gemini/csv-column-mapper.js';
import { GeminiClient, type GeminiClientOptions } from '../../src/providers/gemini/gemini-client.js';
import type { CsvSample, ProviderWarning } from '../../src/providers/types.js';
import { startFakeGemini, type FakeGemini } from '../fakes/index.js';

let fake: FakeGemini;
beforeEach(async () => {
  fake = await startFakeGemini();
});
afterEach(async () => fake.close());

const client = (over: Partial<GeminiClientOptions> = {}) =>
  new GeminiClient({ apiKey: fake.apiKey, model: 'gemini-2.5-flash', baseUrl: fake.url, timeoutMs: 2_000, backoffBaseMs: 10, ...over });
const call = (warnings: ProviderWarning[] = [], signal = new AbortController().signal) => ({ signal, onWarning: (w: ProviderWarning) => warnings.push(w) });

const LONG_NOTE = 'x'.repeat(500);
const SAMPLE: CsvSample = {
  header: ['Book Name', 'Writer', 'Shelf', 'Stars', 'Notes'],
  rows: [
    ['Dune', 'Frank Herbert', 'read', '5', LONG_NOTE],
    ['Emma', 'Jane Austen', 'to-read', '', ''],
    ['Ubik', 'Philip K. Dick', 'read', '4', 'odd'],
    ['Kindred', 'Octavia E. Butler', 'reading', '', ''],
    ['Beloved', 'Toni Morrison', 'read', '5', ''],
    ['Row six', 'Not sent', 'read', '1', ''],
    ['Row seven', 'Not sent', 'read', '1', ''],
  ],
};
const FULL_ANSWER = {
  columns: [
    { header: 'Book Name', field: 'title' },
    { header: 'Writer', field: 'author' },
    { header: 'Shelf', field: 'status' },
    { header: 'Stars', field: 'rating' },
    { header: 'Notes', field: 'privateNotes' },
  ],
};

/** The rejection of `p` (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a rejection');
}
const appError = async (p: Promise<unknown>) => {
  const error = await rejection(p);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};
const mapper = (over: Partial<GeminiClientOptions> = {}) => new GeminiCsvColumnMapper(client(over));

describe('the fake Gemini', () => {
  it('also serves /v1/, and answers unknown routes with a Google 404', async () => {
    fake.script({ json: { hello: 'world' } });
    const res = await fetch(`${fake.url}/v1/models/gemini-2.5-pro:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': fake.apiKey }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { candidates: { content: { parts: { text: string }[] }; finishReason: string }[]; modelVersion: string };
    expect(JSON.parse(body.candidates[0]!.content.parts[0]!.text)).toEqual({ hello: 'world' });
    expect([body.candidates[0]!.finishReason, body.modelVersion]).toEqual(['STOP', 'gemini-2.5-pro']);
    expect(fake.calls.map((c) => [c.version, c.model, c.text])).toEqual([['v1', 'gemini-2.5-pro', 'hi']]);
    expect((await fetch(`${fake.url}/v1beta/models`, { method: 'POST' })).status).toBe(404);
  });
});

describe('GeminiCsvColumnMapper against the fake Gemini', () => {
  it('maps a custom header from the header and at most five truncated rows', async () => {
    fake.script({ json: FULL_ANSWER });
    const m = mapper();
    expect(m.name).toBe('gemini');
    expect(m.version).toBe('csv-mapping-v1');
    expect(await m.mapColumns(SAMPLE, call())).toEqual({ title: 'Book Name', author: 'Writer', status: 'Shelf', rating: 'Stars', privateNotes: 'Notes' });

    expect(fake.calls).toHaveLength(1);
    const sent = fake.calls[0]!;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe(fake.apiKey);
    const config = sent.body.generationConfig!;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.temperature).toBe(0);
    expect(config.responseJsonSchema).toBeDefined();
    expect(config.responseJsonSchema).not.toHaveProperty('$schema');
    expect(JSON.stringify(config.responseJsonSchema)).toContain('"authorLastFirst"');
    expect(sent.body.systemInstruction?.parts?.[0]?.text).toContain('- isbnList:');

    const shown = JSON.parse(sent.text.slice(sent.text.indexOf('\n') + 1)) as { header: string[]; rows: string[][] };
    expect(shown.header).toEqual(SAMPLE.header);
    expect(shown.rows.map((r) => r[0])).toEqual(['Dune', 'Emma', 'Ubik', 'Kindred', 'Beloved']);
    expect(shown.rows[0]![4]!.length).toBe(201); // 200 characters and an ellipsis
    expect(sent.text).not.toContain('Not sent');
  });

  it('drops headers that do not exist and null fields, and resolves a loosely quoted header', async () => {
    fake.script({ json: { columns: [{ header: 'Pages', field: 'pageCount' }, { header: ' writer ', field: 'author' }, { header: 'Notes', field: null }, { header: 'Book Name', field: 'title' }] } });
    expect(await mapper().mapColumns(SAMPLE, call())).toEqual({ author: 'Writer', title: 'Book Name' });
  });

  it('keeps the first column named for a field (and a column feeds one field)', async () => {
    fake.script({ json: { columns: [{ header: 'Book Name', field: 'title' }, { header: 'Notes', field: 'title' }, { header: 'Book Name', field: 'review' }, { header: 'Writer', field: 'author' }] } });
    expect(await mapper().mapColumns(SAMPLE, call())).toEqual({ title: 'Book Name', author: 'Writer' });
  });
});

describe('GeminiClient errors and retries', () => {
  const schema = z.object({ ok: z.boolean() });
  const ask = (c: GeminiClient, warnings: ProviderWarning[] = [], signal?: AbortSignal) => c.generateJson({ parts: [{ text: 'say ok' }], schema }, call(warnings, signal));

  it('sends inline data parts as given and returns the validated answer', async () => {
    fake.script({ json: { ok: true } });
    const c = client();
    const answer = await c.generateJson({ parts: [{ inlineData: { mimeType: 'image/jpeg', data: 'AAAA' } }, { text: 'look' }], schema }, call());
    expect(answer).toEqual({ ok: true });
    expect(fake.calls[0]!.body.contents?.[0]?.parts).toEqual([{ inlineData: { mimeType: 'image/jpeg', data: 'AAAA' } }, { text: 'look' }]);
    expect(c.callsMade).toBe(1);
  });

  it('waits out a 429 retryDelay, announcing it, then succeeds', async () => {
    fake.script({ status: 429, retryDelay: '1s' }, { json: { ok: true } });
    const warnings: ProviderWarning[] = [];
    const started = Date.now();
    const c = client();
    expect(await ask(c, warnings)).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(warnings).toEqual([{ provider: 'gemini', code: 'PROVIDER_RATE_LIMITED', message: expect.stringContaining('1000 ms') as unknown, retryInMs: 1000 }]);
    expect(fake.calls.map((x) => x.status)).toEqual([429, 200]);
    expect(c.callsMade).toBe(2);
  });

  it('a daily quota is unavailable at once, without waiting', async () => {
    fake.script({ status: 429, retryDelay: '30s', perDay: true });
    const warnings: ProviderWarning[] = [];
    const error = await rejection(ask(client(), warnings));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toMatch(/^gemini: daily quota exhausted \(GenerateRequestsPerDay/);
    expect(fake.calls).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('a retryDelay longer than maxRetryWaitMs is unavailable at once', async () => {
    fake.script({ status: 429, retryDelay: '55s' });
    const error = await rejection(ask(client({ maxRetryWaitMs: 10_000 })));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toContain('55000 ms');
    expect(fake.calls).toHaveLength(1);
  });

  it('retries a 503 and succeeds', async () => {
    fake.script({ status: 503 }, { json: { ok: true } });
    const warnings: ProviderWarning[] = [];
    expect(await ask(client(), warnings)).toEqual({ ok: true });
    expect(fake.calls.map((x) => x.status)).toEqual([503, 200]);
    expect(warnings.map((w) => [w.provider, w.code])).toEqual([['gemini', 'PROVIDER_RETRY']]);
  });

  it('gives up after three 503s as unavailable, naming the overload', async () => {
    fake.script({ status: 503 }, { status: 503 }, { status: 503 }, { json: { ok: true } });
    const warnings: ProviderWarning[] = [];
    const error = await rejection(ask(client(), warnings));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toBe('gemini: HTTP 503 UNAVAILABLE: The model is overloaded. Please try again later. (after 3 attempts)');
    expect(fake.calls).toHaveLength(3);
    expect(warnings.map((w) => w.code)).toEqual(['PROVIDER_RETRY', 'PROVIDER_RETRY']);
  });

  it('retries a reset connection and a 500', async () => {
    fake.script({ reset: true }, { status: 500 }, { json: { ok: true } });
    expect(await ask(client())).toEqual({ ok: true });
    expect(fake.calls.map((x) => x.status)).toEqual([0, 500, 200]);
  });

  it('an answer slower than the timeout counts as a failed attempt', async () => {
    const slow = { delayMs: 1_000, then: { json: { ok: true } } };
    fake.script(slow, slow, slow);
    const error = await rejection(ask(client({ timeoutMs: 150 })));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe('gemini: no answer within 150 ms (after 3 attempts)');
    expect(fake.calls).toHaveLength(3);
  });

  it('a blocked prompt and a blocked candidate are GEMINI_BLOCKED, not retried', async () => {
    fake.script({ blocked: 'prompt' }, { blocked: 'candidate' });
    const prompt = await appError(ask(client()));
    expect([prompt.code, prompt.retryable, prompt.message]).toEqual(['GEMINI_BLOCKED', false, 'Gemini blocked the prompt (SAFETY)']);
    const candidate = await appError(ask(client()));
    expect([candidate.code, candidate.retryable, candidate.message]).toEqual(['GEMINI_BLOCKED', false, 'Gemini withheld its answer (finishReason SAFETY)']);
    expect(fake.calls).toHaveLength(2);
  });

  it('malformed, empty or off-schema answers are GEMINI_OUTPUT_INVALID', async () => {
    fake.script({ text: '{"ok": tru' }, { text: '' }, { json: { ok: 'yes' } });
    const malformed = await appError(ask(client()));
    expect([malformed.code, malformed.message]).toEqual(['GEMINI_OUTPUT_INVALID', 'Gemini\'s answer is not JSON: "{\\"ok\\": tru"']);
    const empty = await appError(ask(client()));
    expect([empty.code, empty.message]).toEqual(['GEMINI_OUTPUT_INVALID', 'Gemini returned no text']);
    const offSchema = await appError(ask(client()));
    expect(offSchema.code).toBe('GEMINI_OUTPUT_INVALID');
    expect(offSchema.message).toBe("Gemini's JSON does not match the expected schema: ok: Invalid input: expected boolean, received string");
    expect(fake.calls).toHaveLength(3);
  });

  it('a field outside the vocabulary fails the mapping schema', async () => {
    fake.script({ json: { columns: [{ header: 'Writer', field: 'novelist' }] } });
    const error = await appError(mapper().mapColumns(SAMPLE, call()));
    expect(error.code).toBe('GEMINI_OUTPUT_INVALID');
    expect(error.message).toMatch(/^Gemini's JSON does not match the expected schema: columns\.0\.field: Invalid option: expected one of "title"\|/);
  });

  it('a refused key is NOT_CONFIGURED, not retried, and the key appears nowhere in the error', async () => {
    const key = 'wrong-secret-key-123';
    const error = await appError(ask(client({ apiKey: key })));
    expect([error.code, error.retryable]).toEqual(['NOT_CONFIGURED', false]);
    expect(error.message).toBe('Gemini refused the API key (HTTP 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.); check GEMINI_API_KEY');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.headers['x-goog-api-key']).toBe(key);
    expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain(key);
  });

  it('an abort during a 429 wait rejects at once with the abort reason', async () => {
    fake.script({ status: 429, retryDelay: '30s' });
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const warnings: ProviderWarning[] = [];
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    expect(await rejection(ask(client(), warnings, controller.signal))).toBe(reason);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(warnings.map((w) => w.retryInMs)).toEqual([30_000]);
    expect(fake.calls).toHaveLength(1);
  });

  it('an abort during the request rejects with the abort reason, without retrying', async () => {
    fake.script({ delayMs: 1_000, then: { json: { ok: true } } });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(ask(client(), [], controller.signal))).toBe(reason);
    expect(fake.calls).toHaveLength(1);
  });
});
