import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { secretEquals } from '../jobs/tokens.js';
import type { Context } from './context.js';

export function isAdmin(ctx: Context, token: string | undefined): boolean {
  const admin = ctx.deps.auth.adminToken;
  return admin !== undefined && token !== undefined && secretEquals(token, admin);
}

/** The presented API key, if it is one of the configured keys. */
function validApiKey(ctx: Context): string | undefined {
  const key = ctx.req.apiKey;
  if (key === undefined) return undefined;
  let valid = false;
  for (const k of ctx.deps.auth.apiKeys) if (secretEquals(key, k)) valid = true;
  return valid ? key : undefined;
}

/** Who is calling, for rate limits and idempotency scopes: the API key (hashed), else the IP. */
export function clientKeyOf(ctx: Context): string {
  const key = validApiKey(ctx);
  return key === undefined ? `ip:${ctx.req.ip}` : `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** When API keys are configured, starting a job needs one of them as `X-Api-Key`. */
export function requireApiKey(ctx: Context): void {
  if (ctx.deps.auth.apiKeys.length === 0) return;
  if (ctx.req.apiKey === undefined) throw new AppError('UNAUTHORIZED', 'this call needs an API key (X-Api-Key header)', { field: 'X-Api-Key' });
  if (validApiKey(ctx) === undefined) throw new AppError('UNAUTHORIZED', 'the API key is not valid', { field: 'X-Api-Key' });
}

/** The job token (or the admin token) must open the job. Unknown job → 404; missing or wrong token → 401. */
export async function requireJobAccess(ctx: Context, jobId: string, inputToken: string | undefined): Promise<void> {
  const token = inputToken ?? ctx.req.bearer;
  if (token === undefined) throw new AppError('UNAUTHORIZED', 'this job needs its token (Authorization: Bearer <token>)', { field: 'token' });
  if (isAdmin(ctx, token)) {
    if (!(await ctx.deps.queries.exists(jobId))) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    return;
  }
  const access = await ctx.deps.queries.access(jobId, token);
  if (access === 'not_found') throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
  if (access === 'unauthorized') throw new AppError('UNAUTHORIZED', 'the token does not open this job', { field: 'token' });
}

export function requireAdmin(ctx: Context): void {
  if (ctx.deps.auth.adminToken === undefined) throw new AppError('FORBIDDEN', 'the admin API is off (BOOKSTRACK_ADMIN_TOKEN is not set)');
  if (!isAdmin(ctx, ctx.req.bearer)) throw new AppError('UNAUTHORIZED', 'this needs the admin token (Authorization: Bearer <admin token>)', { field: 'Authorization' });
}
