import type { IncomingMessage } from 'node:http';
import type { Context, RequestScope, RouterDeps } from '../router/context.js';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  const match = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return match?.[1];
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = header(req, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

function stringParam(params: Readonly<Record<string, string | undefined>> | null, key: string): string | undefined {
  const value = params?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The part of a response the context needs (the REST bridge passes a wider type than ServerResponse). */
interface HeaderSink {
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
}

/** Builds the tRPC context for HTTP requests (tRPC, REST, SSE) and WebSocket connections. */
export function createContextFactory(deps: RouterDeps, trustProxy: boolean) {
  function http(req: IncomingMessage, res: HeaderSink): Context {
    const scope: RequestScope = {
      transport: 'http',
      ip: clientIp(req, trustProxy),
      bearer: bearerOf(req),
      apiKey: header(req, 'x-api-key'),
      setHeader: (name, value) => {
        if (!res.headersSent) res.setHeader(name, value);
      },
    };
    return { deps, req: scope };
  }
  return {
    http,
    /** A REST bridge call (`/api/v1`): as `http`, marked so "no record" is a 404 rather than a null body. */
    rest(req: IncomingMessage, res: HeaderSink): Context {
      const ctx = http(req, res);
      return { ...ctx, req: { ...ctx.req, viaRest: true } };
    },
    /** Once per connection: `connectionParams` may carry `token` (admin) and `apiKey`. */
    ws(req: IncomingMessage, connectionParams: Readonly<Record<string, string | undefined>> | null): Context {
      const scope: RequestScope = {
        transport: 'ws',
        ip: clientIp(req, trustProxy),
        bearer: stringParam(connectionParams, 'token') ?? bearerOf(req),
        apiKey: stringParam(connectionParams, 'apiKey') ?? header(req, 'x-api-key'),
        setHeader: () => undefined,
      };
      return { deps, req: scope };
    },
  };
}

export type ContextFactory = ReturnType<typeof createContextFactory>;
