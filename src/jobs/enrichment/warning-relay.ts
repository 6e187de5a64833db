import type { ProviderWarning } from '../../providers/types.js';
import type { JobContext } from '../context.js';

/** The same warning from one provider is announced at most this often. */
const QUIET_MS = 5_000;

/**
 * Turns provider warnings (rate-limit waits, retries) into `warning` events, without flooding the
 * stream when a hundred requests wait on the same 429.
 */
export function createWarningRelay(ctx: Pick<JobContext, 'emit' | 'logger'>, now: () => number = Date.now): (warning: ProviderWarning) => void {
  const lastSent = new Map<string, number>();
  return (warning) => {
    const key = `${warning.provider}:${warning.code}`;
    const t = now();
    if (t - (lastSent.get(key) ?? -Infinity) < QUIET_MS) return;
    lastSent.set(key, t);
    // A warning is advisory: one that cannot be written (the run lost its lease) fails nothing here.
    ctx.emit({ type: 'warning', code: warning.code, message: warning.message, ...(warning.retryInMs !== undefined ? { retryInMs: warning.retryInMs } : {}) }).catch((error: unknown) => ctx.logger.warn({ err: error }, 'a provider warning could not be written'));
  };
}
