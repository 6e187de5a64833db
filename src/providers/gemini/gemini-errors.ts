import { ApiError } from '@google/genai';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ProviderOutcome } from '../../telemetry.js';
import { ProviderUnavailableError } from '../errors.js';
import { outcomeOfStatus } from '../upstream/request-outcome.js';

/** What one failed Gemini call means for the retry loop. */
export type GeminiFailure =
  /** 429: wait `delayMs` (the server's `RetryInfo`; undefined when it gave none), then try again. */
  | { kind: 'rate-limited'; delayMs: number | undefined; summary: string }
  /** 5xx, timeout, network: another attempt may help. */
  | { kind: 'transient'; summary: string }
  /** Retrying cannot help: throw `error`. */
  | { kind: 'final'; error: AppError };

/** The `google.rpc.Status` body the API sends with every error (only the parts read here). */
const ZErrorBody = z.object({
  error: z.object({
    status: z.string().optional(),
    message: z.string().optional(),
    details: z
      .array(
        z.object({
          '@type': z.string().optional(),
          reason: z.string().optional(),
          retryDelay: z.string().optional(),
          violations: z.array(z.object({ quotaId: z.string().optional(), quotaValue: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});
type ErrorBody = z.infer<typeof ZErrorBody>['error'];

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** A protobuf `Duration` in JSON ("55s", "1.5s") in milliseconds; undefined when unreadable. */
export function parseRetryDelay(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]) * 1000);
}

function readBody(message: string): ErrorBody | undefined {
  try {
    const parsed = ZErrorBody.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data.error : undefined;
  } catch (error: unknown) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** What a failed `generateContent` request was, for the metrics. */
export function geminiOutcome(error: unknown): ProviderOutcome {
  // A 404 from Gemini is an unknown model, a refusal rather than "no such book".
  if (error instanceof ApiError) return error.status === 404 ? '4xx' : outcomeOfStatus(error.status);
  const name = error instanceof Error ? error.name : '';
  return name === 'AbortError' || name === 'TimeoutError' ? 'timeout' : 'network';
}

/**
 * Classifies an error thrown by `models.generateContent`. Messages are built from the status and
 * Google's one-line message only, with the key masked: error bodies can echo the key (DebugInfo).
 */
export function classifyGeminiError(error: unknown, ctx: { apiKey: string; model: string; timeoutMs: number }): GeminiFailure {
  const mask = (text: string) => (ctx.apiKey === '' ? text : text.split(ctx.apiKey).join('***')).replace(/\s+/g, ' ').slice(0, 200);
  if (!(error instanceof ApiError)) {
    const name = error instanceof Error ? error.name : '';
    // The SDK aborts its own per-attempt controller on timeout; the caller's abort is checked before this.
    if (name === 'AbortError' || name === 'TimeoutError') return { kind: 'transient', summary: `no answer within ${ctx.timeoutMs} ms` };
    return { kind: 'transient', summary: mask(`request failed (${error instanceof Error ? error.message : String(error)})`) };
  }
  const body = readBody(error.message);
  const summary = mask(`HTTP ${error.status}${body?.status ? ` ${body.status}` : ''}${body?.message ? `: ${body.message}` : ''}`);
  const details = body?.details ?? [];
  if (error.status === 429) {
    const violations = details.flatMap((d) => d.violations ?? []);
    const daily = violations.find((v) => v.quotaId?.includes('PerDay') === true || v.quotaValue === '0');
    if (daily) {
      const what = daily.quotaValue === '0' ? 'no quota for this model on this key' : `daily quota exhausted (${daily.quotaId ?? 'PerDay'})`;
      return { kind: 'final', error: new ProviderUnavailableError('gemini', mask(what)) };
    }
    const delay = details.map((d) => parseRetryDelay(d.retryDelay)).find((d) => d !== undefined);
    return { kind: 'rate-limited', delayMs: delay, summary };
  }
  if (RETRYABLE_STATUSES.has(error.status)) return { kind: 'transient', summary };
  const keyProblem = error.status === 401 || error.status === 403 || details.some((d) => d.reason?.startsWith('API_KEY') === true);
  if (keyProblem) return { kind: 'final', error: new AppError('NOT_CONFIGURED', `Gemini refused the API key (${summary}); check GEMINI_API_KEY`, { retryable: false }) };
  if (error.status === 404) return { kind: 'final', error: new AppError('NOT_CONFIGURED', `Gemini does not serve model ${ctx.model} (${summary}); check GEMINI_MODEL`, { retryable: false }) };
  if (body?.status === 'FAILED_PRECONDITION') return { kind: 'final', error: new AppError('NOT_CONFIGURED', `Gemini refused this project (${summary})`, { retryable: false }) };
  if (error.status >= 500) return { kind: 'final', error: new ProviderUnavailableError('gemini', summary) };
  // Any other 4xx is a request we built wrongly: retrying the same request cannot help.
  return { kind: 'final', error: new AppError('INTERNAL', `Gemini rejected the request (${summary})`, { retryable: false }) };
}
