import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

/**
 * Replaying real responses against the OpenAPI document (test/e2e/openapi-replay.test.ts): every
 * HTTP exchange is captured, matched to its operation by method and path template, and checked
 * (status documented, content type documented, body valid against the documented schema with ajv,
 * required headers present, `Retry-After` on 429, decodable as a Swift client generated from the
 * document would decode it). Every problem becomes a `Mismatch`; nothing throws until the test
 * reports them all at once.
 */

// ---------------------------------------------------------------------------------------------
// The document

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

// ---------------------------------------------------------------------------------------------
// Schema validation (ajv, JSON Schema 2020-12)

const DOC_ID = 'https://bookstrack.invalid/openapi.json';

/** A local `$ref` (`#/...`) rewritten to point into the document registered under `DOC_ID`. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${DOC_ID}${v}` : absoluteRefs(v)]));
}

export interface SchemaProblem {
  /** `$.data.issues[0]`, the place in the body. */
  path: string;
  message: string;
}

/** Validates values against schemas of the document; `#/components/...` refs resolve in it. */
export interface SchemaChecker {
  validate(schema: unknown, value: unknown): SchemaProblem[];
}

/** JSON pointer (`/data/issues/0`) → `$.data.issues[0]`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return `$${pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('')}`;
}

function describeError(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  let path = pointerToPath(e.instancePath);
  let message = e.message ?? e.keyword;
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path = `${path}.${params.additionalProperty}`;
    message = 'is not in the schema (additionalProperties: false)';
  } else if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
    path = `${path}.${params.missingProperty}`;
    message = 'is required but missing';
  } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${JSON.stringify(params.allowedValues)}`;
  } else if (e.keyword === 'const') {
    message = `must be ${JSON.stringify(params.allowedValue)}`;
  }
  return { path, message: `${message} [${e.schemaPath.replace(DOC_ID, '')}]` };
}

const UNIONS = new Set(['oneOf', 'anyOf']);
const within = (path: string, outer: string) => path === outer || path.startsWith(`${outer}/`);

export function createSchemaChecker(doc: OpenApiDoc): SchemaChecker {
  const ajv = new Ajv2020({
    strict: true,
    // The document's types are what they are (zod writes `type` arrays and tuples); the checks that matter are on values.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    // Errors carry the failing subschema and value: a failed union is explained by its closest branch.
    verbose: true,
    validateFormats: true,
  });
  // ajv-formats is CommonJS: Node hands ESM its module.exports, which also carries `.default`.
  const addFormats = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);
  addFormats(ajv);
  // OpenAPI's own formats (ajv-formats knows the JSON Schema ones).
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  // OpenAPI 3.1 adds these keywords to JSON Schema 2020-12; they annotate and do not validate.
  // (`discriminator` is ignored here: `oneOf`/`anyOf` already decide validity.)
  ajv.addVocabulary(['discriminator', 'example', 'xml', 'externalDocs']);
  // ajv knows OpenAPI 3.0's `nullable`; in 3.1 it means nothing (null is a type): strict mode then refuses it.
  ajv.removeKeyword('nullable');
  // `components` holds the document's schemas under DOC_ID; refs resolve into it by JSON pointer.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: DOC_ID, components: absoluteRefs(doc.components ?? {}) });

  const compiled = new Map<string, ValidateFunction | Error>();
  /** `schema` must already point into DOC_ID (absoluteRefs). */
  const compile = (schema: unknown): ValidateFunction | Error => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (fn === undefined) {
      try {
        fn = typeof schema === 'boolean' || isRecord(schema) ? ajv.compile(schema) : ajv.compile({ const: schema });
      } catch (error: unknown) {
        fn = error instanceof Error ? error : new Error(String(error));
      }
      compiled.set(key, fn);
    }
    return fn;
  };

  /**
   * With `allErrors`, a failed `oneOf`/`anyOf` reports every branch's complaints. Each outermost
   * failed union becomes one problem, explained by its closest branch (the one with the fewest
   * problems, itself explained the same way); other errors are reported as they are.
   */
  const problems = (fn: ValidateFunction, value: unknown, depth: number): SchemaProblem[] => {
    if (fn(value)) return [];
    const errors = [...(fn.errors ?? [])];
    const unions = errors.filter((e) => UNIONS.has(e.keyword)).sort((a, b) => a.instancePath.length - b.instancePath.length);
    const covered: string[] = [];
    const out: SchemaProblem[] = [];
    for (const u of unions) {
      if (covered.some((p) => within(u.instancePath, p))) continue;
      covered.push(u.instancePath);
      out.push(explainUnion(u, depth));
    }
    const seen = new Set<string>();
    for (const e of errors) {
      if (UNIONS.has(e.keyword) || covered.some((p) => within(e.instancePath, p))) continue;
      const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(describeError(e));
    }
    return out;
  };

  const explainUnion = (u: ErrorObject, depth: number): SchemaProblem => {
    const path = pointerToPath(u.instancePath);
    const where = `[${u.schemaPath.replace(DOC_ID, '')}]`;
    const passing = (u.params as { passingSchemas?: unknown }).passingSchemas;
    if (Array.isArray(passing)) return { path, message: `matches more than one ${u.keyword} branch (${passing.join(', ')}) ${where}` };
    const branches: unknown[] = Array.isArray(u.schema) ? (u.schema as unknown[]) : [];
    let best: { index: number; found: SchemaProblem[] } | undefined;
    if (depth < 6) {
      branches.forEach((branch, index) => {
        const fn = compile(branch);
        const found = fn instanceof Error ? [{ path: '$', message: `does not compile: ${fn.message}` }] : problems(fn, u.data, depth + 1);
        if (best === undefined || found.length < best.found.length) best = { index, found };
      });
    }
    const closest = best ? `; the closest (#${best.index}): ${best.found.slice(0, 4).map((p) => `${p.path === '$' ? '' : `${p.path.slice(1)} `}${p.message}`).join('; ')}${best.found.length > 4 ? '; …' : ''}` : '';
    return { path, message: `matches none of the ${branches.length} ${u.keyword} branches${closest} ${where}` };
  };

  return {
    validate(schema, value) {
      const fn = compile(absoluteRefs(schema));
      if (fn instanceof Error) return [{ path: '$', message: `the documented schema does not compile: ${fn.message}` }];
      return problems(fn, value, 0);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Exchanges

/** One real HTTP request and its response, as the checks need it. */
export interface Exchange {
  /** What the test did, e.g. `imports-startCsv 413: a multipart file over MAX_CSV_BYTES`. */
  label: string;
  method: string;
  /** Relative to the REST base URL (`/api/v1`), with the query string. */
  target: string;
  requestContentType: string | undefined;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export const bodyText = (ex: Exchange) => ex.body.toString('utf8');

export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** `fetch`'s answer, read to its end, as an Exchange. */
export async function captureFetch(label: string, method: string, target: string, requestContentType: string | undefined, res: Response): Promise<Exchange> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { label, method, target, requestContentType, status: res.status, headers, body };
}

// ---------------------------------------------------------------------------------------------
// Server-Sent Events

export interface SseFrame {
  event?: string;
  id?: string;
  /** The data lines joined by `\n`; undefined when the frame had no `data:` field. */
  data?: string;
  retry?: string;
}

/**
 * Splits an event-stream body into frames as the WHATWG parsing rules do: lines end with CRLF, LF
 * or CR; `:` lines are comments; one leading space after the colon is dropped; `data` lines join
 * with `\n`; a blank line ends the frame. Frames with neither data nor event (comments, `retry:`)
 * are kept only if they carry a field, so the checks can see every frame the server wrote.
 */
export function parseSse(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  let frame: SseFrame = {};
  let hasField = false;
  const data: string[] = [];
  const flush = () => {
    if (data.length > 0) frame.data = data.join('\n');
    if (hasField) frames.push(frame);
    frame = {};
    hasField = false;
    data.length = 0;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    hasField = true;
    if (field === 'data') data.push(value);
    else if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'retry') frame.retry = value;
  }
  // An unterminated last frame is not dispatched by a client (no blank line), but it is reported.
  if (hasField) flush();
  return frames;
}

// ---------------------------------------------------------------------------------------------
// Mismatches

export interface Mismatch {
  operation: string;
  status: number | string;
  /** What kind of problem: `status`, `content-type`, `schema`, `header`, `swift`, `sse`, `coverage`, `case`. */
  kind: string;
  what: string;
  /** The JSON path at fault, when there is one. */
  path?: string;
  /** The request that showed it. */
  via?: string;
  body?: string;
}

/** A message with its run-specific parts (timestamps, ids, indexes, counts) folded, to group equal problems. */
function sameness(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\[\d+\]/g, '[*]')
    .replace(/#\d+/g, '#*');
}

/**
 * The report: grouped by kind, and the same problem (same kind, message and path, with array
 * indexes, timestamps and ids folded) seen on many responses is one entry listing where it was
 * seen, with the first request that showed it and an excerpt of its body.
 */
export function formatMismatches(list: readonly Mismatch[]): string {
  const groups = new Map<string, { m: Mismatch; where: Map<string, number> }>();
  for (const m of list) {
    const path = m.path?.replace(/\[\d+\]/g, '[*]');
    const k = [m.kind, sameness(m.what), path ?? ''].join('|');
    const group = groups.get(k) ?? { m: { ...m, ...(path !== undefined ? { path } : {}) }, where: new Map<string, number>() };
    const at = `${m.operation} ${m.status}`;
    group.where.set(at, (group.where.get(at) ?? 0) + 1);
    groups.set(k, group);
  }
  const byKind = new Map<string, { m: Mismatch; where: Map<string, number> }[]>();
  for (const g of groups.values()) byKind.set(g.m.kind, [...(byKind.get(g.m.kind) ?? []), g]);
  const lines: string[] = [`${list.length} mismatch(es), ${groups.size} distinct, between the running server and its OpenAPI document:`];
  for (const [kind, items] of byKind) {
    lines.push('', `== ${kind} (${items.length})`);
    for (const { m, where } of items) {
      const places = [...where].map(([at, n]) => (n > 1 ? `${at} (×${n})` : at));
      lines.push(`- ${m.what}${m.path !== undefined ? ` at ${m.path}` : ''}`);
      lines.push(`    in: ${places.join(', ')}`);
      if (m.via !== undefined) lines.push(`    via: ${m.via}`);
      if (m.body !== undefined) lines.push(`    body: ${m.body}`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Checks

/** The Swift-like decoders (test/helpers/swift-decoder.ts), passed in so this file does not depend on them. */
export interface SwiftDecoders {
  decode(doc: OpenApiDoc, schema: unknown, value: unknown): void;
  decodeSse(doc: OpenApiDoc, schema: unknown, body: string): { event?: string; id?: string; data?: unknown }[];
}

export interface CheckContext {
  doc: OpenApiDoc;
  schemas: SchemaChecker;
  swift: SwiftDecoders;
  report(m: Mismatch): void;
}

/** Headers the server sets on purpose (rate limits): sent but not documented is a mismatch. */
const API_HEADERS = /^(retry-after|x-ratelimit-[a-z-]+)$/;

/** The documented response for a status: exact, then `4XX`, then `default`. */
export function documentedResponse(op: Operation, status: number): DocResponse | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0] ?? ''}XX`] ?? op.responses.default;
}

const via = (ex: Exchange) => `${ex.label} — ${ex.method} ${ex.target}${ex.requestContentType ? ` (${ex.requestContentType})` : ''}`;

/** Checks one exchange against its operation; SSE and image bodies are checked by their own functions. */
export function checkExchange(ctx: CheckContext, op: Operation, ex: Exchange): void {
  const base = { operation: op.operationId, status: ex.status, via: via(ex), body: excerpt(bodyText(ex)) };
  const response = documentedResponse(op, ex.status);
  if (!response) {
    ctx.report({ ...base, kind: 'status', what: `status ${ex.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})` });
    return;
  }
  // Headers.
  const documented = new Map<string, unknown>();
  for (const [name, header] of Object.entries(response.headers ?? {})) documented.set(name.toLowerCase(), deref(ctx.doc, header));
  for (const [name, header] of documented) {
    if (isRecord(header) && header.required === true && ex.headers[name] === undefined) ctx.report({ ...base, kind: 'header', what: `required header ${name} is missing` });
  }
  if (ex.status === 429) {
    if (ex.headers['retry-after'] === undefined) ctx.report({ ...base, kind: 'header', what: 'a 429 without Retry-After' });
    if (!documented.has('retry-after')) ctx.report({ ...base, kind: 'header', what: 'Retry-After is not documented for this 429 response' });
  }
  const undocumented = Object.keys(ex.headers).filter((name) => API_HEADERS.test(name) && !documented.has(name));
  if (undocumented.length > 0) ctx.report({ ...base, kind: 'header', what: `sent but not documented for this status: ${undocumented.sort().join(', ')}` });
  // Content type.
  const mediaType = documentedMediaType(response, ex.headers['content-type']);
  if (!response.content || Object.keys(response.content).length === 0) {
    if (ex.body.byteLength > 0) ctx.report({ ...base, kind: 'content-type', what: `a body (${ex.headers['content-type'] ?? 'no content type'}) where the document says there is none` });
    return;
  }
  if (mediaType === undefined) {
    ctx.report({ ...base, kind: 'content-type', what: `content type ${ex.headers['content-type'] ?? '(none)'} is not documented (documented: ${Object.keys(response.content).join(', ')})` });
    return;
  }
  if (!isJsonMediaType(mediaTypeOf(mediaType))) return;
  // JSON body.
  let value: unknown;
  try {
    value = JSON.parse(bodyText(ex)) as unknown;
  } catch (error: unknown) {
    ctx.report({ ...base, kind: 'schema', what: `the body is not JSON (${error instanceof Error ? error.message : String(error)})` });
    return;
  }
  const schema = response.content[mediaType]?.schema;
  if (schema === undefined) {
    ctx.report({ ...base, kind: 'schema', what: `no schema documented for ${mediaType}` });
    return;
  }
  for (const problem of ctx.schemas.validate(schema, value)) ctx.report({ ...base, kind: 'schema', what: problem.message, path: problem.path });
  try {
    ctx.swift.decode(ctx.doc, schema, value);
  } catch (error: unknown) {
    ctx.report({ ...base, kind: 'swift', what: excerpt(error instanceof Error ? error.message : String(error), 400) });
  }
}

/**
 * An event stream: every frame's `data:` must be JSON valid against `dataSchema`; message frames'
 * `id:` must be their event's seq; the stream ends with `event: end` (as the document says); a
 * resumed stream starts right after the seq it resumed from; and the whole body decodes as a Swift
 * client would decode it.
 */
export function checkSse(
  ctx: CheckContext,
  op: Operation,
  ex: Exchange,
  stream: { schema: unknown; source: string },
  opts: { resumedAfter?: number } = {},
): { seqs: number[] } {
  const dataSchema = stream.schema;
  const text = bodyText(ex);
  const base = { operation: op.operationId, status: ex.status, via: via(ex) };
  const frames = parseSse(text);
  const seqs: number[] = [];
  frames.forEach((frame, i) => {
    if (frame.data === undefined) return;
    const where = `frames[${i}] (${frame.event !== undefined ? `event: ${frame.event}` : 'message'}${frame.id !== undefined ? `, id: ${frame.id}` : ''})`;
    const at = { ...base, body: excerpt(`${frame.event !== undefined ? `event: ${frame.event}\n` : ''}data: ${frame.data}`) };
    let value: unknown;
    try {
      value = JSON.parse(frame.data) as unknown;
    } catch (error: unknown) {
      ctx.report({ ...at, kind: 'sse', what: `data is not JSON (${error instanceof Error ? error.message : String(error)})`, path: where });
      return;
    }
    for (const problem of ctx.schemas.validate(dataSchema, value)) ctx.report({ ...at, kind: 'sse', what: `data does not match the stream's event schema (named by ${stream.source}): ${problem.message}`, path: `${where} ${problem.path}` });
    if ((frame.event === undefined || frame.event === 'message') && isRecord(value) && typeof value.seq === 'number') {
      seqs.push(value.seq);
      if (frame.id !== String(value.seq)) ctx.report({ ...at, kind: 'sse', what: `id ${frame.id ?? '(none)'} is not the event's seq ${value.seq}`, path: where });
    }
  });
  const last = frames.at(-1);
  if (last?.event !== 'end') ctx.report({ ...base, kind: 'sse', what: `the stream did not end with an \`event: end\` frame (last frame: ${JSON.stringify(last ?? null)})`, body: excerpt(text.slice(-240)) });
  if (opts.resumedAfter !== undefined && seqs.length > 0 && seqs[0] !== opts.resumedAfter + 1) {
    ctx.report({ ...base, kind: 'sse', what: `resumed after ${opts.resumedAfter} but the first event is seq ${seqs[0] ?? '?'}` });
  }
  seqs.forEach((seq, i) => {
    if (i > 0 && seq !== (seqs[i - 1] ?? 0) + 1) ctx.report({ ...base, kind: 'sse', what: `seq ${seq} follows ${seqs[i - 1] ?? '?'}: a gap or a duplicate` });
  });
  try {
    ctx.swift.decodeSse(ctx.doc, dataSchema, text);
  } catch (error: unknown) {
    ctx.report({ ...base, kind: 'swift', what: excerpt(error instanceof Error ? error.message : String(error), 400), body: excerpt(text) });
  }
  return { seqs };
}
