import type { ServerResponse } from 'node:http';
import type { TApiErrorData } from '../contract/errors.js';
import { REST_BASE_PATH, restRoutes } from '../contract/routes.js';

/** Each REST path template as a pattern (`/jobs/{jobId}` → `^/api/v1/jobs/[^/]+$`) with its methods. */
const TEMPLATES: readonly { pattern: RegExp; methods: readonly string[] }[] = (() => {
  const byPath = new Map<string, Set<string>>();
  for (const route of restRoutes) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${REST_BASE_PATH}${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: [...methods],
  }));
})();

/**
 * The methods a REST path answers to, when the path is one of ours but the method is not: the
 * bridge would say 404, which reads as "no such route" and hides the real mistake.
 */
export function allowedMethodsIfWrong(method: string, path: string): string[] | undefined {
  const allowed = new Set<string>();
  for (const t of TEMPLATES) if (t.pattern.test(path)) for (const m of t.methods) allowed.add(m);
  if (allowed.size === 0 || allowed.has(method) || (method === 'HEAD' && allowed.has('GET'))) return undefined;
  return [...allowed].sort();
}

export function sendMethodNotAllowed(res: ServerResponse, method: string, allowed: readonly string[]): void {
  const data: TApiErrorData = { appCode: 'METHOD_NOT_ALLOWED', httpStatus: 405, code: 'METHOD_NOT_SUPPORTED', retryable: false, field: null, issues: null };
  res
    .writeHead(405, { 'Content-Type': 'application/json', Allow: allowed.join(', ') })
    .end(JSON.stringify({ message: `${method} is not allowed here; use ${allowed.join(' or ')}`, code: 'METHOD_NOT_SUPPORTED', data }));
}
