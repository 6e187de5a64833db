import type { TMetadataProvider } from '../contract/books.js';
import { AppError } from '../errors.js';

/**
 * "The provider could not answer": quota, 5xx, timeout, an open breaker or a body that is not
 * what the provider documents. Retryable, and never cached: the book may well exist.
 */
export class ProviderUnavailableError extends AppError {
  readonly provider: TMetadataProvider | 'gemini';

  constructor(provider: TMetadataProvider | 'gemini', message: string, options: { cause?: unknown } = {}) {
    super('PROVIDER_UNAVAILABLE', `${provider}: ${message}`, { retryable: true, cause: options.cause });
    this.provider = provider;
  }
}

/** One failed upstream attempt, classified so the retry policy knows whether another try can help. */
export class UpstreamAttemptError extends Error {
  override readonly name = 'UpstreamAttemptError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From `Retry-After` (or the provider's own hint), when the upstream said how long to wait. */
    readonly retryAfterMs?: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}
