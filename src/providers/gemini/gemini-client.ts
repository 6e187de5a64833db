import { GoogleGenAI, type GenerateContentParameters, type GenerateContentResponse, type Part } from '@google/genai';
import type { z } from 'zod';
import { noTelemetry, type Telemetry } from '../../telemetry.js';
import { ProviderUnavailableError } from '../errors.js';
import type { ProviderCall } from '../types.js';
import { secondsSince } from '../upstream/request-outcome.js';
import { classifyGeminiError, geminiOutcome } from './gemini-errors.js';
import { readJsonAnswer, responseJsonSchema } from './gemini-response.js';

export interface GeminiClientOptions {
  apiKey: string;
  /** A model id, e.g. `gemini-2.5-flash`. */
  model: string;
  /** Defaults to the SDK's (the public API); tests point it at a fake on loopback. */
  baseUrl?: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** The longest 429 `retryDelay` worth waiting out inside one call; longer means "unavailable for now". Default 60 s. */
  maxRetryWaitMs?: number;
  /** HTTP attempts per call, the first included. Default 3. */
  maxAttempts?: number;
  /** First backoff delay after a 5xx or network error (doubled each time, with jitter). Default 1 s. */
  backoffBaseMs?: number;
  /** Where each HTTP attempt's outcome and latency, and the tokens answers used, are reported. */
  telemetry?: Telemetry | undefined;
}

/** One structured-output request: the prompt parts and the zod schema of the JSON answer. */
export interface GeminiJsonRequest<T> {
  parts: Part[];
  schema: z.ZodType<T>;
  systemInstruction?: string;
  temperature?: number;
}

/**
 * Gemini's `generateContent` with a JSON answer validated by zod. The SDK's own retries stay off:
 * this client retries 5xx and network errors with backoff, waits out short 429s (announcing them
 * through `onWarning`), and turns everything else into an `AppError` that never carries the key.
 */
export class GeminiClient {
  readonly model: string;
  /** HTTP calls sent (attempts, not `generateJson` calls), for tests. */
  callsMade = 0;
  private readonly ai: GoogleGenAI;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly maxRetryWaitMs: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly telemetry: Telemetry;

  constructor(opts: GeminiClientOptions) {
    this.model = opts.model;
    this.apiKey = opts.apiKey;
    this.timeoutMs = opts.timeoutMs;
    this.maxRetryWaitMs = opts.maxRetryWaitMs ?? 60_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
    this.backoffBaseMs = opts.backoffBaseMs ?? 1_000;
    this.telemetry = opts.telemetry ?? noTelemetry;
    this.ai = new GoogleGenAI({
      apiKey: opts.apiKey,
      // Explicit, so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot redirect the calls.
      vertexai: false,
      // No retryOptions: the SDK then sends exactly one request per call (we retry ourselves).
      httpOptions: { ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}), apiVersion: 'v1beta', timeout: opts.timeoutMs },
    });
  }

  /** Sends `request.parts` as one user turn and returns the answer parsed and validated by `request.schema`. */
  async generateJson<T>(request: GeminiJsonRequest<T>, call: ProviderCall): Promise<T> {
    const params: GenerateContentParameters = {
      model: this.model,
      contents: [{ role: 'user', parts: request.parts }],
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: responseJsonSchema(request.schema),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.systemInstruction !== undefined ? { systemInstruction: request.systemInstruction } : {}),
        abortSignal: call.signal,
      },
    };
    const response = await this.send(params, call);
    return readJsonAnswer(response, request.schema);
  }

  private async send(params: GenerateContentParameters, call: ProviderCall): Promise<GenerateContentResponse> {
    const ctx = { apiKey: this.apiKey, model: this.model, timeoutMs: this.timeoutMs };
    for (let attempt = 1; ; attempt++) {
      call.signal.throwIfAborted();
      const startedAt = performance.now();
      try {
        this.callsMade++;
        const response = await this.ai.models.generateContent(params);
        this.observe(response, startedAt);
        return response;
      } catch (error: unknown) {
        call.signal.throwIfAborted();
        this.telemetry.record({ type: 'provider_request', provider: 'gemini', outcome: geminiOutcome(error), seconds: secondsSince(startedAt) });
        const failure = classifyGeminiError(error, ctx);
        if (failure.kind === 'final') throw failure.error;
        const delay = failure.kind === 'rate-limited' ? (failure.delayMs ?? this.backoff(attempt)) : this.backoff(attempt);
        if (failure.kind === 'rate-limited' && delay > this.maxRetryWaitMs) {
          throw new ProviderUnavailableError('gemini', `rate limited for ${delay} ms, longer than the ${this.maxRetryWaitMs} ms worth waiting (${failure.summary})`);
        }
        if (attempt >= this.maxAttempts) throw new ProviderUnavailableError('gemini', `${failure.summary} (after ${attempt} attempts)`);
        call.onWarning?.(
          failure.kind === 'rate-limited'
            ? { provider: 'gemini', code: 'PROVIDER_RATE_LIMITED', message: `gemini asked to slow down; waiting ${delay} ms`, retryInMs: delay }
            : { provider: 'gemini', code: 'PROVIDER_RETRY', message: `gemini: ${failure.summary}; retrying in ${delay} ms (attempt ${attempt + 1})`, retryInMs: delay },
        );
        await sleep(delay, call.signal);
      }
    }
  }

  /** An answer's latency, and the tokens it says it used (`usageMetadata`, when present). */
  private observe(response: GenerateContentResponse, startedAt: number): void {
    this.telemetry.record({ type: 'provider_request', provider: 'gemini', outcome: 'ok', seconds: secondsSince(startedAt) });
    const usage = response.usageMetadata;
    if (!usage) return;
    const prompt = usage.promptTokenCount ?? 0;
    const output = usage.candidatesTokenCount ?? 0;
    const thoughts = usage.thoughtsTokenCount ?? 0;
    if (prompt + output + thoughts > 0) this.telemetry.record({ type: 'gemini_tokens', prompt, output, thoughts });
  }

  /** Exponential with jitter, so calls that failed together do not come back together. */
  private backoff(attempt: number): number {
    return Math.round(this.backoffBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
