import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TApiErrorData } from '../contract/errors.js';

/**
 * Which browser pages may call this server: its own (the console it serves at `/`) and the origins
 * in `CONSOLE_ORIGINS`. A request from a page of any other origin is refused, tokens or not, so a
 * site a user visits cannot drive the API with what the browser holds. Requests without `Origin`
 * (the iOS app, curl, the CLI; a browser's own navigation) are not cross-origin calls and pass.
 */
export class OriginPolicy {
  private readonly others: ReadonlySet<string>;

  constructor(
    consoleOrigins: readonly string[],
    /** Behind a proxy the page's origin is the proxy's: take scheme and host from `X-Forwarded-*`. */
    private readonly trustProxy: boolean,
  ) {
    this.others = new Set(consoleOrigins.map(normalize));
  }

  /** Why the request's `Origin` is refused, or undefined when it may go on. */
  refusal(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    const own = this.ownOrigin(req);
    if (normalize(origin) === own || this.others.has(normalize(origin))) return undefined;
    return `requests from ${origin} are not allowed: a browser may call this server only from its own pages (${own}) or an origin in CONSOLE_ORIGINS`;
  }

  /** A listed other origin: it needs CORS headers to read the answers. */
  isCrossOriginAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin !== undefined && normalize(origin) !== this.ownOrigin(req) && this.others.has(normalize(origin));
  }

  private ownOrigin(req: IncomingMessage): string {
    const forwarded = (name: string) => (this.trustProxy ? req.headers[name]?.toString().split(',')[0]?.trim() : undefined);
    const scheme = forwarded('x-forwarded-proto') ?? ('encrypted' in req.socket ? 'https' : 'http');
    const host = forwarded('x-forwarded-host') ?? req.headers.host ?? '';
    return normalize(`${scheme}://${host}`);
  }
}

/** An origin as browsers serialise it: lower case, no default port, no path. */
function normalize(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).origin : origin.toLowerCase();
}

/** 403 for a request from a page of another origin, in the API's error shape. */
export function sendOriginRefused(res: ServerResponse, message: string): void {
  const data: TApiErrorData = { appCode: 'FORBIDDEN', httpStatus: 403, code: 'FORBIDDEN', retryable: false, field: 'Origin', issues: null };
  res.writeHead(403, { 'Content-Type': 'application/json', Vary: 'Origin' }).end(JSON.stringify({ message, code: 'FORBIDDEN', data }));
}

/**
 * CORS for an origin in `CONSOLE_ORIGINS`: its answers readable, and its preflights answered (the
 * console sends `Authorization` and JSON, which browsers ask about first). True when the request
 * was a preflight, answered here.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin ?? '';
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Api-Key, Idempotency-Key, Last-Event-ID, trpc-accept',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}
