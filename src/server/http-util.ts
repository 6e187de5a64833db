import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { TApiErrorData } from '../contract/errors.js';

/** One log line per HTTP request; the path only, so `?token=` never reaches the logs. */
export function logRequests(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const started = process.hrtime.bigint();
  const path = req.url?.split('?')[0];
  res.once('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info({ method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
  });
}

/** Unexpected errors are logged with their stack; client errors only at debug. */
export function createTrpcErrorLogger(logger: Logger) {
  return ({ error, path, type }: { error: TRPCError; path?: string | undefined; type: string }): void => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path, type }, 'procedure failed');
    else logger.debug({ code: error.code, path, type, message: error.message }, 'procedure rejected');
  };
}

export function sendNotFound(res: ServerResponse): void {
  const data: TApiErrorData = { appCode: 'NOT_FOUND', httpStatus: 404, code: 'NOT_FOUND', retryable: false, field: null, issues: null };
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not found', code: 'NOT_FOUND', data }));
}
