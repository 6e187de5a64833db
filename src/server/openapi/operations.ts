import type { OpenAPIObject } from 'trpc-to-openapi';
import type { RestRoute } from '../../contract/routes.js';

type Operation = Record<string, unknown> & { responses?: Record<string, unknown>; security?: unknown };
type PathItem = Record<string, Operation>;

const API_ERROR_REF = '#/components/schemas/ApiError';
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Headers of rate-limited answers, named once and referenced by every response that carries them. */
export const RATE_LIMIT_HEADERS = {
  RetryAfter: { description: 'seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 1 } },
  RateLimitLimit: { description: "requests allowed per minute by this client's limit", required: false, schema: { type: 'integer', minimum: 0 } },
  RateLimitRemaining: { description: 'requests left in the current minute', required: false, schema: { type: 'integer', minimum: 0 } },
  RateLimitReset: { description: 'when the current window ends (epoch seconds)', required: false, schema: { type: 'integer', minimum: 0 } },
} as const;

const WINDOW_HEADERS = {
  'X-RateLimit-Limit': headerRef('RateLimitLimit'),
  'X-RateLimit-Remaining': headerRef('RateLimitRemaining'),
  'X-RateLimit-Reset': headerRef('RateLimitReset'),
};

/** An error answer: always the one `ApiError` body; a 429 also says when to come back. */
function errorResponse(status: number, description: string): Record<string, unknown> {
  return {
    description,
    ...(status === 429 ? { headers: { 'Retry-After': headerRef('RetryAfter') } } : {}),
    content: { 'application/json': { schema: { $ref: API_ERROR_REF } } },
  };
}

/** The limit is checked before anything else, so every answer of a rate-limited route may carry its window. */
function withWindowHeaders(response: unknown): unknown {
  const r = response as { headers?: Record<string, unknown> };
  return { ...r, headers: { ...WINDOW_HEADERS, ...r.headers } };
}

/** Each route's one kind of credential (the generator offers every scheme on every route). */
const SECURITY: Record<RestRoute['auth'], Record<string, string[]>[]> = {
  job: [{ Authorization: [] }],
  admin: [{ Authorization: [] }],
  // Optional: API keys are required only when the server is configured with some.
  start: [{ ApiKey: [] }, {}],
  apiKey: [{ ApiKey: [] }, {}],
};

function operationOf(doc: OpenAPIObject, route: RestRoute): Operation | undefined {
  return (doc.paths?.[route.path] as PathItem | undefined)?.[route.method.toLowerCase()];
}

/**
 * Puts the route table's word into each operation: its credential, its description, and exactly
 * the error statuses it can answer, each with the `ApiError` body (429s with `Retry-After`);
 * every answer of a rate-limited route documents its `X-RateLimit-*` headers.
 */
export function applyRouteTable(doc: OpenAPIObject, routes: readonly RestRoute[]): void {
  for (const route of routes) {
    const op = operationOf(doc, route);
    if (!op) throw new Error(`openapi: ${route.method} ${route.path} is in the route table but not in the document`);
    op.summary = route.summary;
    op.description = route.description;
    op.security = route.tokenInQuery ? [...SECURITY[route.auth], { JobTokenQuery: [] }] : SECURITY[route.auth];
    const successes = Object.entries(op.responses ?? {}).filter(([status]) => Number(status) < 400);
    const errors = Object.entries(route.errors).map(([status, description]) => [status, errorResponse(Number(status), description)] as const);
    op.responses = Object.fromEntries([...successes, ...errors].map(([status, response]) => [status, route.rateLimited ? withWindowHeaders(response) : response]));
  }
}
