import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { z } from 'zod';
import pLimit, { type LimitFunction } from 'p-limit';
import pThrottle from 'p-throttle';
import type { TMetadataProvider } from '../../contract/books.js';
import { ProviderUnavailableError, UpstreamAttemptError } from '../errors.js';
import { noTelemetry, type BreakerState, type ProviderOutcome, type Telemetry } from '../../telemetry.js';
import type { ProviderCall, ProviderPace } from '../types.js';
import { outcomeOfStatus, secondsSince } from './request-outcome.js';
import { parseRetryAfter } from './retry-after.js';
import type { SharedPace } from './shared-pace.js';

/** How one provider may be called: its published limits and how patient to be. */
export interface UpstreamPolicy {
  requestsPerMinute: number;
  /** Requests in flight at once. */
  concurrency: number;
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The longest `Retry-After` worth waiting out inside one request; longer means "unavailable for now". */
  maxRetryAfterMs: number;
  /** Consecutive failed requests that open the breaker, and how long it stays open. */
  breakerThreshold: number;
  breakerOpenMs: number;
  /** First backoff delay when the upstream gave no Retry-After. */
  backoffBaseMs: number;
}

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicy = {
  requestsPerMinute: 60,
  concurrency: 4,
  timeoutMs: 10_000,
  maxAttempts: 3,
  maxRetryAfterMs: 30_000,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
  backoffBaseMs: 250,
};

export interface UpstreamRequest {
  path: string;
  query?: Record<string, string | undefined>;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** What came back: the status and the parsed JSON (undefined when the body was empty). */
export interface UpstreamResponse {
  status: number;
  json: unknown;
}

/**
 * Decides what a response means for this provider: `ok` (hand it to the adapter), or an
 * attempt error (retryable or not). Providers differ here: Google says "quota" with a 400.
 */
export type ResponseClassifier = (status: number, json: unknown) => 'ok' | UpstreamAttemptError;

export interface UpstreamClientOptions {
  provider: TMetadataProvider;
  baseUrl: string;
  headers: Record<string, string>;
  policy: UpstreamPolicy;
  classify: ResponseClassifier;
  fetch?: typeof fetch;
  /**
   * Pacing shared with the other processes that call this provider (PostgreSQL mode). Without it
   * the client paces alone, at `policy.requestsPerMinute`.
   */
  sharedPace?: SharedPace;
  /** Told (once) when the shared pacing store could not answer and the client paced alone. */
  onSharedPaceError?: (error: unknown) => void;
  /** Where each request's outcome and latency, and the breaker's state, are reported. */
  telemetry?: Telemetry | undefined;
}

/** What a provider passes through to its `UpstreamClient` from the composition root: shared pacing, telemetry. */
export type UpstreamExtras = Pick<UpstreamClientOptions, 'sharedPace' | 'onSharedPaceError' | 'telemetry'>;

const BREAKER_STATE_OF: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/** A response the classifier let through, and when its request left (for its latency). */
interface SentResponse {
  response: UpstreamResponse;
  startedAt: number;
}

/**
 * The one way providers reach their upstream: paced to the provider's rate (no burst over it),
 * a concurrency cap, a timeout per attempt, retries with backoff that honour `Retry-After`
 * (and hold back every caller meanwhile), and a circuit breaker so a dead upstream fails fast.
 * Every failure leaves as `ProviderUnavailableError`.
 */
export class UpstreamClient {
  readonly provider: TMetadataProvider;
  private readonly opts: UpstreamClientOptions;
  private readonly slot: () => Promise<void>;
  /** Milliseconds between two sends, and when the last one really left (performance.now()). */
  private readonly spacingMs: number;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly inFlight: LimitFunction;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retry: RetryPolicy;
  /** Set by a 429: nobody calls before this time (a rate limit is per client, not per request). */
  private pausedUntil = 0;
  /** The shared pacing store is failing: reported once per outage; each send tries it again. */
  private sharedPaceDown = false;
  private readonly telemetry: Telemetry;
  /** Requests actually sent, for tests and benchmarks. */
  requestsSent = 0;

  constructor(opts: UpstreamClientOptions) {
    this.opts = opts;
    this.provider = opts.provider;
    this.telemetry = opts.telemetry ?? noTelemetry;
    const { policy } = opts;
    // Strict spacing, one request per 60/rpm seconds plus 5%: the upstream counts arrivals, and
    // network jitter must not push a rolling second over its limit.
    this.spacingMs = Math.ceil((60_000 / policy.requestsPerMinute) * 1.05);
    this.slot = pThrottle({ limit: 1, interval: this.spacingMs, strict: true })(() => Promise.resolve());
    this.inFlight = pLimit(policy.concurrency);
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof UpstreamAttemptError),
      { halfOpenAfter: policy.breakerOpenMs, breaker: new ConsecutiveBreaker(policy.breakerThreshold) },
    );
    const provider = opts.provider;
    this.telemetry.record({ type: 'breaker', provider, state: 'closed' });
    this.breaker.onStateChange((state) => this.telemetry.record({ type: 'breaker', provider, state: BREAKER_STATE_OF[state] }));
    this.retry = retry(
      handleWhen((e) => e instanceof UpstreamAttemptError && e.retryable),
      {
        maxAttempts: policy.maxAttempts - 1,
        backoff: new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
          const error = 'error' in context.result ? context.result.error : undefined;
          if (error instanceof UpstreamAttemptError && error.retryAfterMs !== undefined) return error.retryAfterMs;
          // Exponential with jitter, so callers that failed together do not come back together.
          const ceiling = Math.min(policy.backoffBaseMs * 2 ** (context.attempt - 1), 8 * policy.backoffBaseMs);
          return Math.round(ceiling * (0.5 + Math.random() / 2));
        }),
      },
    );
  }

  /** The provider's configured rate, for callers that plan their queue around it. */
  get pace(): ProviderPace {
    return { requestsPerMinute: this.opts.policy.requestsPerMinute, concurrency: this.opts.policy.concurrency };
  }

  /** Whether the breaker currently refuses calls (for health reporting). */
  get isOpen(): boolean {
    return this.breaker.state === CircuitState.Open || this.breaker.state === CircuitState.Isolated;
  }

  /**
   * Sends `req` under the provider's policy and hands an accepted response to `read`, which
   * validates it; a body `read` rejects counts as a failed attempt (retried, and seen by the breaker).
   * `isMiss` tells the metrics which answers found nothing (a 404 always does).
   */
  async request<T>(req: UpstreamRequest, call: ProviderCall, read: (response: UpstreamResponse) => T, isMiss?: (value: T) => boolean): Promise<T> {
    const policy = wrap(this.retry, this.breaker);
    let attempt = 0;
    try {
      return await policy.execute(async ({ signal }) => {
        attempt++;
        if (attempt > 1) call.onWarning?.({ provider: this.provider, code: 'PROVIDER_RETRY', message: `${this.provider}: retrying (attempt ${attempt})` });
        const { response, startedAt } = await this.attempt(req, call, signal);
        try {
          const value = read(response);
          this.observe(startedAt, response.status === 404 || isMiss?.(value) === true ? 'miss' : 'ok');
          return value;
        } catch (error: unknown) {
          if (!(error instanceof z.ZodError)) throw error;
          this.observe(startedAt, 'malformed');
          // A body that is not what the provider documents: a provider fault, never "not found".
          throw new UpstreamAttemptError(`malformed answer (${z.prettifyError(error).replace(/\s+/g, ' ').slice(0, 200)})`, true, undefined, { cause: error });
        }
      }, call.signal);
    } catch (error: unknown) {
      call.signal.throwIfAborted();
      if (error instanceof BrokenCircuitError) throw new ProviderUnavailableError(this.provider, 'circuit open after repeated failures', { cause: error });
      if (error instanceof UpstreamAttemptError) throw new ProviderUnavailableError(this.provider, error.message, { cause: error });
      throw error;
    }
  }

  private observe(startedAt: number, outcome: ProviderOutcome): void {
    this.telemetry.record({ type: 'provider_request', provider: this.provider, outcome, seconds: secondsSince(startedAt) });
  }

  private async attempt(req: UpstreamRequest, call: ProviderCall, signal: AbortSignal): Promise<SentResponse> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await abortable(new Promise((resolve) => setTimeout(resolve, wait).unref()), signal);
    return this.inFlight(async () => {
      await this.paced(signal);
      this.requestsSent++;
      call.onRequestSent?.(this.provider);
      const startedAt = performance.now();
      const { response, retryAfterMs } = await this.send(req, signal, startedAt);
      const verdict = this.opts.classify(response.status, response.json);
      if (verdict === 'ok') return { response, startedAt };
      this.observe(startedAt, outcomeOfStatus(response.status));
      const delay = verdict.retryAfterMs ?? (verdict.retryable ? retryAfterMs : undefined);
      if (delay === undefined) throw verdict;
      if (delay > this.opts.policy.maxRetryAfterMs) throw new UpstreamAttemptError(`${verdict.message}; Retry-After ${delay} ms is too long to wait`, false, delay);
      // A rate limit is per client, not per request: hold every caller back until it passes.
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
      await this.opts.sharedPace?.holdBack(this.provider, delay).catch((error: unknown) => {
        call.onWarning?.({ provider: this.provider, code: 'PROVIDER_RATE_LIMITED', message: `could not share ${this.provider}'s pause with the other processes: ${String(error)}` });
      });
      call.onWarning?.({ provider: this.provider, code: 'PROVIDER_RATE_LIMITED', message: `${this.provider} asked to slow down; waiting ${delay} ms`, retryInMs: delay });
      throw new UpstreamAttemptError(verdict.message, true, delay, { cause: verdict });
    });
  }

  /** Waits for this send's turn: a slot reserved with the other processes, or this process's own pacing. */
  private async paced(signal: AbortSignal): Promise<void> {
    const waitMs = await this.sharedSlot(signal);
    if (waitMs === undefined) {
      await abortable(this.slot(), signal);
      await this.spaced(signal);
    } else if (waitMs > 0) {
      await abortable(new Promise((resolve) => setTimeout(resolve, waitMs).unref()), signal);
    }
  }

  /** The wait for a slot reserved with the other processes; undefined without shared pacing, or while its store cannot answer (then this process paces alone). */
  private async sharedSlot(signal: AbortSignal): Promise<number | undefined> {
    const shared = this.opts.sharedPace;
    if (!shared) return undefined;
    try {
      const waitMs = await abortable(shared.reserve(this.provider, this.spacingMs), signal);
      this.sharedPaceDown = false;
      return waitMs;
    } catch (error: unknown) {
      signal.throwIfAborted();
      if (!this.sharedPaceDown) this.opts.onSharedPaceError?.(error);
      this.sharedPaceDown = true;
      return undefined;
    }
  }

  /**
   * The throttle plans slots on a timer; a busy event loop fires a late one close to the next, and
   * the upstream counts arrivals. So each send also waits until a full spacing has passed since the
   * last one really left, measured when it leaves.
   */
  private async spaced(signal: AbortSignal): Promise<void> {
    for (let early = this.lastSentAt + this.spacingMs - performance.now(); early > 0; early = this.lastSentAt + this.spacingMs - performance.now()) {
      await abortable(new Promise((resolve) => setTimeout(resolve, Math.ceil(early)).unref()), signal);
    }
    this.lastSentAt = performance.now();
  }

  private async send(req: UpstreamRequest, signal: AbortSignal, startedAt: number): Promise<{ response: UpstreamResponse; retryAfterMs: number | undefined }> {
    const url = new URL(this.opts.baseUrl + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.opts.policy.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await (this.opts.fetch ?? fetch)(url, {
        method: req.method ?? 'GET',
        headers: { accept: 'application/json', ...this.opts.headers, ...req.headers },
        body: req.body ?? null,
        signal: AbortSignal.any([signal, timeout]),
      });
      text = await res.text();
    } catch (error: unknown) {
      signal.throwIfAborted();
      this.observe(startedAt, timeout.aborted ? 'timeout' : 'network');
      const what = timeout.aborted ? `no answer within ${this.opts.policy.timeoutMs} ms` : `request failed (${error instanceof Error ? error.message : String(error)})`;
      throw new UpstreamAttemptError(what, true, undefined, { cause: error });
    }
    const json = parseJson(text.replace(/^\uFEFF/, ''));
    // A 2xx that is not JSON is a broken answer; an error page in HTML lets the status speak.
    if (json === INVALID && res.ok) {
      this.observe(startedAt, 'malformed');
      throw new UpstreamAttemptError(`answered ${res.status} with a body that is not JSON`, true);
    }
    return {
      response: { status: res.status, json: json === INVALID ? undefined : json },
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()),
    };
  }
}

const INVALID = Symbol('invalid json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    // The caller turns this into a provider error with the status.
    if (error instanceof SyntaxError) return INVALID;
    throw error;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
