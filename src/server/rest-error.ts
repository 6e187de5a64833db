import type { ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, getTRPCErrorShape, type TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { appRouter } from '../router/app.js';
import { AppError } from '../errors.js';
import type { Context } from '../router/context.js';
import { toTRPCError } from '../router/error-map.js';

/** Anything a hand-served route caught, as the tRPC error the bridge would answer with (AppErrors by their code). */
export function toHttpError(cause: unknown): TRPCError {
  return cause instanceof AppError ? toTRPCError(cause) : getTRPCErrorFromUnknown(cause);
}

/**
 * Writes an error the way the REST bridge does (the formatted tRPC shape, with its HTTP status),
 * for the routes served by hand: SSE, multipart uploads and photos.
 */
export function sendErrorJson(res: ServerResponse, error: TRPCError, ctx: Context | undefined, path: string, type: 'query' | 'mutation' | 'subscription' = 'subscription'): void {
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type, path, input: undefined, ctx });
  res.statusCode = getHTTPStatusCodeFromError(error);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ message: shape.message, code: error.code, data: shape.data }));
}
