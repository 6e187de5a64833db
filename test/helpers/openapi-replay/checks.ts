import { deref, documentedMediaType, isJsonMediaType, isRecord, mediaTypeOf, type DocResponse, type OpenApiDoc, type Operation } from './document.js';
import { bodyText, excerpt, parseSse, type Exchange } from './exchanges.js';
import { type Mismatch } from './mismatches.js';
import { type SchemaChecker } from './schema-checker.js';

/**
 * Replaying real responses against the OpenAPI document (test/e2e/openapi-replay.test.ts): every
 * HTTP exchange is captured, matched to its operation by method and path template, and checked
 * (status documented, content type documented, body valid against the documented schema with ajv,
 * required headers present, `Retry-After` on 429, decodable as a Swift client generated from the
 * document would decode it). Every problem becomes a `Mismatch`; nothing throws until the test
 * reports them all at once.
 */

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
