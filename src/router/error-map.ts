import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { TErrorCode } from '../contract/errors.js';
import { AppError } from '../errors.js';

/**
 * The one table from domain error codes to tRPC codes and HTTP statuses. tRPC derives the HTTP
 * status from the tRPC code; `http` is stated here so the table reads as documentation, and a
 * unit test checks the two agree.
 */
export const ERROR_MAP = {
  INVALID_INPUT: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  METHOD_NOT_ALLOWED: { trpc: 'METHOD_NOT_SUPPORTED', http: 405 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  IDEMPOTENCY_CONFLICT: { trpc: 'CONFLICT', http: 409 },
  JOB_NOT_RETRYABLE: { trpc: 'CONFLICT', http: 409 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413 },
  UNSUPPORTED_MEDIA_TYPE: { trpc: 'UNSUPPORTED_MEDIA_TYPE', http: 415 },
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  NOT_CONFIGURED: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  SHUTTING_DOWN: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  PROVIDER_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  CSV_EMPTY: { trpc: 'BAD_REQUEST', http: 400 },
  CSV_NOT_TEXT: { trpc: 'BAD_REQUEST', http: 400 },
  CSV_NO_ROWS: { trpc: 'BAD_REQUEST', http: 400 },
  CSV_TOO_MANY_ROWS: { trpc: 'BAD_REQUEST', http: 400 },
  CSV_NO_TITLE_COLUMN: { trpc: 'BAD_REQUEST', http: 400 },
  CSV_FORMAT_MISMATCH: { trpc: 'BAD_REQUEST', http: 400 },
  GEMINI_OUTPUT_INVALID: { trpc: 'BAD_GATEWAY', http: 502 },
  GEMINI_BLOCKED: { trpc: 'BAD_GATEWAY', http: 502 },
  PHOTO_NOT_IMAGE: { trpc: 'BAD_REQUEST', http: 400 },
  PHOTO_TOO_SMALL: { trpc: 'BAD_REQUEST', http: 400 },
  PHOTO_TOO_LARGE_PIXELS: { trpc: 'BAD_REQUEST', http: 400 },
  PHOTO_UNREADABLE: { trpc: 'BAD_REQUEST', http: 400 },
  JOB_TIMEOUT: { trpc: 'GATEWAY_TIMEOUT', http: 504 },
  JOB_INTERRUPTED: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
  HANDLER_ERROR: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
} as const satisfies Record<TErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

/** Errors tRPC raises itself (bad JSON, unknown path, body limit) get an app code too. */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, TErrorCode>> = {
  PARSE_ERROR: 'INVALID_INPUT',
  BAD_REQUEST: 'INVALID_INPUT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SHUTTING_DOWN',
};

export function appCodeOf(error: TRPCError): TErrorCode {
  if (error.cause instanceof AppError) return error.cause.code;
  return FROM_TRPC[error.code] ?? 'INTERNAL';
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: ERROR_MAP[error.code].trpc, message: error.message, cause: error });
}

/**
 * An input that failed its schema, as an `AppError`: every REST and tRPC 400 then has the one
 * error body (`ApiError`), with the field-level problems in `message` and `data.issues` (the REST
 * bridge would otherwise answer its own shape, "Input validation failed" with a top-level `issues`).
 */
export function invalidInputError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const message = issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  return new AppError('INVALID_INPUT', message || 'invalid input', { cause: error, issues, ...(issues[0]?.path ? { field: issues[0].path } : {}) });
}
