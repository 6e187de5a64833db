/** The parts of an OpenAPI 3.1 document this file reads; everything else is left as it is. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DocResponse {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown; itemSchema?: unknown }>;
}

export interface Operation {
  operationId: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  /** As the document writes it, e.g. `/jobs/{jobId}`. */
  path: string;
  description: string;
  responses: Record<string, DocResponse>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/components/...`) to the object it names; anything else as it is. */
export function deref(doc: OpenApiDoc, value: unknown, seen = 0): unknown {
  if (!isRecord(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/') || seen > 20) return value;
  let at: unknown = doc;
  for (const raw of value.$ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    at = isRecord(at) ? at[key] : undefined;
  }
  return deref(doc, at, seen + 1);
}

/** Every operation of the document: every method under every path. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref(doc, rawItem);
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const responses: Record<string, DocResponse> = {};
      for (const [status, response] of Object.entries(isRecord(op.responses) ? op.responses : {})) {
        const r = deref(doc, response);
        if (isRecord(r)) responses[status] = r;
      }
      ops.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        description: typeof op.description === 'string' ? op.description : '',
        responses,
      });
    }
  }
  return ops;
}

/**
 * The operation a request went to, by method and path template (`pathname` relative to the server
 * URL); a literal segment wins over a template (`/books/search` before `/books/{id}`).
 */
export function operationFor(ops: readonly Operation[], method: string, pathname: string): Operation | undefined {
  const params = (path: string) => (path.match(/\{/g) ?? []).length;
  return ops
    .filter((op) => op.method === method.toUpperCase() && templateRegex(op.path).test(pathname))
    .sort((a, b) => params(a.path) - params(b.path))[0];
}

function templateRegex(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/** The documented media type a response's content type matches (exact, then `type/*`, then `*\/*`). */
export function documentedMediaType(response: DocResponse, contentType: string | undefined): string | undefined {
  const actual = mediaTypeOf(contentType);
  if (actual === undefined || !response.content) return undefined;
  const keys = Object.keys(response.content);
  return (
    keys.find((k) => mediaTypeOf(k) === actual) ??
    keys.find((k) => mediaTypeOf(k) === `${actual.split('/')[0] ?? ''}/*`) ??
    keys.find((k) => mediaTypeOf(k) === '*/*')
  );
}

export const isJsonMediaType = (type: string | undefined) => type !== undefined && (type === 'application/json' || type.endsWith('+json'));

/**
 * The schema of one SSE frame's `data`, as the document names it for a `text/event-stream`
 * response, and where that came from. In order: an OpenAPI 3.2 `itemSchema` (its `data` property's
 * `contentSchema`, or `data` itself when it is not a plain string); an `x-event-schema` (or
 * `x-data-schema`, `x-item-schema`) extension on the media type; a media type schema that is not a
 * plain string (a `$ref` or an object schema); a `#/components/schemas/X` named in that schema's
 * description, the response's or the operation's; else `#/components/schemas/JobEvent`.
 */
export function sseDataSchema(doc: OpenApiDoc, op: Operation): { schema: unknown; source: string } {
  const media = op.responses['200']?.content?.['text/event-stream'];
  const item = deref(doc, media?.itemSchema);
  if (isRecord(item) && isRecord(item.properties)) {
    const raw = item.properties.data;
    const data = deref(doc, raw);
    if (isRecord(data) && data.contentSchema !== undefined) return { schema: data.contentSchema, source: 'itemSchema.properties.data.contentSchema' };
    if (isRecord(data) && data.type !== 'string') return { schema: raw, source: 'itemSchema.properties.data' };
  }
  for (const ext of ['x-event-schema', 'x-data-schema', 'x-item-schema']) {
    const named = (media as Record<string, unknown> | undefined)?.[ext];
    if (named !== undefined) return { schema: named, source: `the media type's ${ext}` };
  }
  const schema = media?.schema;
  const resolved = deref(doc, schema);
  if (isRecord(resolved) && resolved.type !== 'string') return { schema, source: 'the text/event-stream schema' };
  for (const [text, where] of [
    [isRecord(resolved) && typeof resolved.description === 'string' ? resolved.description : '', 'the text/event-stream schema description'],
    [op.responses['200']?.description ?? '', 'the 200 response description'],
    [op.description, 'the operation description'],
  ] as const) {
    const named = /#\/components\/schemas\/([A-Za-z0-9_.-]+)/.exec(text)?.[1];
    if (named !== undefined) return { schema: { $ref: `#/components/schemas/${named}` }, source: `${where} (#/components/schemas/${named})` };
  }
  return { schema: { $ref: '#/components/schemas/JobEvent' }, source: 'the default (#/components/schemas/JobEvent): the document names nothing machine-readable' };
}
