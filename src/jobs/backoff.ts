export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that jobs failing together do not all retry together.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const random = opts.random ?? Math.random;
  return Math.round(exp / 2 + (exp / 2) * random());
}
