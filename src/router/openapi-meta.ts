import type { OpenApiMeta } from 'trpc-to-openapi';
import type { RestRoute } from '../contract/routes.js';

/** Contract route data → trpc-to-openapi meta (the contract keeps plain readonly data). */
export function restRoute(route: RestRoute, protect = true): OpenApiMeta {
  return {
    openapi: { method: route.method, path: route.path, summary: route.summary, description: route.description, tags: [...route.tags], protect, errorResponses: { ...route.errors } },
  };
}
