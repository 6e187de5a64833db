import type { TErrorCode, TJobError } from './contract/errors.js';

/** Codes whose failures are transient: a retry later may succeed. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<TErrorCode> = new Set(['PROVIDER_UNAVAILABLE', 'SHUTTING_DOWN', 'RATE_LIMITED']);

export interface AppErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  /** Field or row at fault, e.g. `books.3.isbn` or `row 17`; shown to clients. */
  field?: string;
  /** Every validation problem, by field path (input validation). */
  issues?: readonly AppErrorIssue[];
}

/** One validation problem: the field path (`books.3.isbn`) and what is wrong with it. */
export interface AppErrorIssue {
  path: string;
  message: string;
}

/**
 * The one error type of domain code (db, jobs, providers). The router maps its code to a
 * tRPC code and HTTP status in one table; a job stores `{code, message, retryable}`.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: TErrorCode;
  readonly retryable: boolean;
  readonly field: string | undefined;
  readonly issues: readonly AppErrorIssue[] | undefined;

  constructor(code: TErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.field = options.field;
    this.issues = options.issues;
  }

  toJobError(): TJobError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/**
 * Thrown by a job (or a provider it calls) to say "try again after `delayMs`": the job is
 * re-queued without spending an attempt (an upstream 429 with `Retry-After`).
 */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  constructor(
    readonly delayMs: number,
    message = `retry after ${delayMs} ms`,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
