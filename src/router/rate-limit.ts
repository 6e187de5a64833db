import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';
import type { RequestScope } from './context.js';

/**
 * Makes the limiter behind one limit. Memory suits one serving process (SQLite mode); with several
 * `api` processes the counts must be shared (PostgreSQL mode: `postgresLimiters`).
 */
export type LimiterFactory = (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

const memoryLimiters: LimiterFactory = (opts) => new RateLimiterMemory(opts);

/**
 * A fixed-window limiter per client. `check` either passes, setting `X-RateLimit-*` headers, or
 * throws RATE_LIMITED (429) with `Retry-After` set.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    readonly perMinute: number,
    private readonly what: string,
    /** Where the counts live (default: this process's memory); `keyPrefix` is this limit's name. */
    limiters: LimiterFactory = memoryLimiters,
    private readonly keyPrefix = what,
    /** Told of each refusal (metrics). */
    private readonly telemetry: Telemetry = noTelemetry,
  ) {
    this.limiter = limiters({ keyPrefix, points: perMinute, duration: 60 });
  }

  async check(clientKey: string, req: RequestScope): Promise<void> {
    try {
      const res = await this.limiter.consume(clientKey, 1);
      this.setHeaders(req, res);
    } catch (rejection: unknown) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.telemetry.record({ type: 'rate_limited', limit: this.keyPrefix });
      this.setHeaders(req, rejection);
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      req.setHeader('Retry-After', String(retryAfter));
      throw new AppError('RATE_LIMITED', `too many ${this.what}: at most ${this.perMinute} per minute; retry in ${retryAfter} s`);
    }
  }

  private setHeaders(req: RequestScope, res: RateLimiterRes): void {
    req.setHeader('X-RateLimit-Limit', String(this.perMinute));
    req.setHeader('X-RateLimit-Remaining', String(Math.max(0, res.remainingPoints)));
    // Epoch seconds, as GitHub and most APIs send it.
    req.setHeader('X-RateLimit-Reset', String(Math.ceil((Date.now() + res.msBeforeNext) / 1000)));
  }
}

export interface RateLimits {
  /** Job starts (every start route, every transport). */
  starts: RateLimiter;
  /** Per-job reads and subscriptions: looser. */
  reads: RateLimiter;
}

export function createRateLimits(opts: { startsPerMinute: number; readsPerMinute: number; limiters?: LimiterFactory; telemetry?: Telemetry }): RateLimits {
  return {
    starts: new RateLimiter(opts.startsPerMinute, 'job starts', opts.limiters, 'starts', opts.telemetry),
    reads: new RateLimiter(opts.readsPerMinute, 'requests', opts.limiters, 'reads', opts.telemetry),
  };
}
