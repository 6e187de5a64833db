import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import type { TApiErrorData } from '../contract/errors.js';
import { ZJobRef } from '../contract/jobs.js';
import { AppError } from '../errors.js';
import { clientKeyOf, requireAdmin, requireApiKey, requireJobAccess } from './auth.js';
import type { Context } from './context.js';
import { appCodeOf, invalidInputError, toTRPCError } from './error-map.js';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const appCode = appCodeOf(error);
      const app = error.cause instanceof AppError ? error.cause : undefined;
      const data: TApiErrorData = {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode,
        retryable: app?.retryable ?? false,
        field: app?.field ?? null,
        issues: app?.issues ? [...app.issues] : null,
      };
      const message = appCode === 'INTERNAL' ? 'Internal server error' : shape.message;
      return { message, code: shape.code, data };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain `AppError`s into tRPC errors with the mapped code (outermost middleware). */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause, code } = result.error;
  if (cause instanceof AppError) throw toTRPCError(cause);
  // An input that failed its schema (tRPC raises BAD_REQUEST with the ZodError as cause).
  if (code === 'BAD_REQUEST' && cause instanceof z.ZodError) throw toTRPCError(invalidInputError(cause));
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

/**
 * The checks every start passes, in order: intake open, API key, then one point of the client's
 * start limit; answers the client's key. Multipart uploads (src/server/uploads.ts) call it before
 * reading their body, so a refused client is not made to upload megabytes for nothing.
 */
export async function checkStart(ctx: Context): Promise<string> {
  if (!ctx.deps.acceptingWork()) throw new AppError('SHUTTING_DOWN', 'the server is shutting down; retry shortly', { retryable: true });
  requireApiKey(ctx);
  const clientKey = clientKeyOf(ctx);
  await ctx.deps.rateLimits.starts.check(clientKey, ctx.req);
  return clientKey;
}

/** Starts a job: API key (when configured), then the per-client start limit (even for invalid input). */
export const startProcedure = publicProcedure.use(async ({ ctx, next }) => next({ ctx: { clientKey: await checkStart(ctx) } }));

/** Any per-job procedure: read limit, then the job token (header, or `token` in the input). */
export const jobProcedure = publicProcedure
  .use(async ({ ctx, next }) => {
    await ctx.deps.rateLimits.reads.check(clientKeyOf(ctx), ctx.req);
    return next();
  })
  .input(ZJobRef)
  .use(async ({ ctx, input, getRawInput, next }) => {
    const raw = await getRawInput();
    const inputToken = typeof raw === 'object' && raw !== null && 'token' in raw && typeof raw.token === 'string' ? raw.token : undefined;
    await requireJobAccess(ctx, input.jobId, inputToken);
    return next();
  });

/** A catalogue lookup (it spends provider quota): API key when configured, then the read limit. */
export const lookupProcedure = publicProcedure.use(async ({ ctx, next }) => {
  requireApiKey(ctx);
  await ctx.deps.rateLimits.reads.check(clientKeyOf(ctx), ctx.req);
  return next();
});

export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  requireAdmin(ctx);
  return next();
});
