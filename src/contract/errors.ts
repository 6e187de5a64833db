import { z } from 'zod';

/**
 * Every error code a client can see, on any transport and in a failed job's terminal event.
 * Clients switch on these; the HTTP status of each lives in one table in `router/error-map.ts`.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'IDEMPOTENCY_CONFLICT',
  'JOB_NOT_RETRYABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_CONFIGURED',
  'SHUTTING_DOWN',
  'PROVIDER_UNAVAILABLE',
  'CSV_EMPTY',
  'CSV_NOT_TEXT',
  'CSV_NO_ROWS',
  'CSV_TOO_MANY_ROWS',
  'CSV_NO_TITLE_COLUMN',
  'CSV_FORMAT_MISMATCH',
  'GEMINI_OUTPUT_INVALID',
  'GEMINI_BLOCKED',
  'PHOTO_NOT_IMAGE',
  'PHOTO_TOO_SMALL',
  'PHOTO_TOO_LARGE_PIXELS',
  'PHOTO_UNREADABLE',
  'JOB_TIMEOUT',
  'JOB_INTERRUPTED',
  'HANDLER_ERROR',
  'INTERNAL',
] as const;

export const ZErrorCode = z.enum(ERROR_CODES);
export type TErrorCode = z.infer<typeof ZErrorCode>;

/** The error stored on a failed job and sent in its terminal `failed` event. */
export const ZJobError = z.object({
  code: ZErrorCode,
  message: z.string(),
  retryable: z.boolean(),
}).meta({ id: 'JobError' });
export type TJobError = z.infer<typeof ZJobError>;

/** `data` of every error response, on tRPC and REST alike. */
export const ZApiErrorData = z.object({
  appCode: ZErrorCode.describe('stable error code to switch on'),
  httpStatus: z.number().int(),
  code: z.string().describe('tRPC error code'),
  path: z.string().optional().describe('procedure path'),
  retryable: z.boolean(),
  field: z.string().nullable().describe('the input field (or row) at fault, when there is one'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).nullable().describe('every validation problem, by field path'),
});
export type TApiErrorData = z.infer<typeof ZApiErrorData>;

/** A REST error response body. */
export const ZApiErrorBody = z.object({
  message: z.string(),
  code: z.string().describe('tRPC error code, e.g. BAD_REQUEST'),
  data: ZApiErrorData,
}).meta({ id: 'ApiError' });
