import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import type { TApiErrorData } from '../contract/errors.js';
import { ZJobRef } from '../contract/jobs.js';
import { AppError } from '../errors.js';
import { clientKeyOf, requireAdmin, requireApiKey, requireJobAccess } from './auth.js';
import type { Context } from './context.js';
import { appCodeOf, toTRPCError } from './error-map.js';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const appCode = appCodeOf(error);
      const app = error.cause instanceof AppError ? error.cause : undefined;
      const issues =
        error.cause instanceof z.ZodError ? error.cause.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) : undefined;
      const message =
        appCode === 'INTERNAL'
          ? 'Internal server error'
          : issues
            ? issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
            : shape.message;
      const data: TApiErrorData = {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode,
          retryable: app?.retryable ?? false,
          field: app?.field ?? issues?.[0]?.path ?? null,
          issues: issues ?? null,
      };
      return { message, code: shape.code, data };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain `AppError`s into tRPC errors with the mapped code (outermost middleware). */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

/** Starts a job: API key (when configured), then the per-client start limit (even for invalid input). */
export const startProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.deps.acceptingWork()) throw new AppError('SHUTTING_DOWN', 'the server is shutting down; retry shortly', { retryable: true });
  requireApiKey(ctx);
  const clientKey = clientKeyOf(ctx);
  await ctx.deps.rateLimits.starts.check(clientKey, ctx.req);
  return next({ ctx: { clientKey } });
});

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
    requireJobAccess(ctx, input.jobId, inputToken);
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
