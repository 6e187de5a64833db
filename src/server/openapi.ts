import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { z } from 'zod';
import { ZApiErrorBody } from '../contract/errors.js';
import { ZJobEvent } from '../contract/job-events.js';
import { CSV_FORMATS } from '../contract/imports.js';
import { REST_BASE_PATH, importsRoutes, jobPhotoRoute, jobStreamRoute, restRoutes, scansRoutes, type RestRoute } from '../contract/routes.js';
import { MAX_SCAN_PHOTOS } from '../contract/scans.js';
import type { AppRouter } from '../router/app.js';

const API_ERROR_REF = '#/components/schemas/ApiError';

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: API_ERROR_REF } } } };
}

/**
 * Points every error response at our real error body (the generator's stand-in has no `data`),
 * keeping each status's description.
 */
function useApiErrorSchema(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item as Record<string, { responses?: Record<string, { description?: string }> }>)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (status !== '200' && op.responses) op.responses[status] = errorResponse(response.description ?? 'error');
      }
    }
  }
  if (doc.components?.schemas) {
    doc.components.schemas = Object.fromEntries(Object.entries(doc.components.schemas).filter(([name]) => !name.startsWith('error.')));
  }
}

const SECURITY: Record<RestRoute['auth'], Record<string, string[]>[]> = {
  job: [{ Authorization: [] }],
  admin: [{ Authorization: [] }],
  // Optional: API keys are required only when the server is configured with some.
  start: [{ ApiKey: [] }, {}],
  apiKey: [{ ApiKey: [] }, {}],
};

/** The generator offers every scheme on every route; each route takes exactly one kind of credential. */
function applySecurity(doc: OpenAPIObject): void {
  for (const route of restRoutes) {
    const op = (doc.paths?.[route.path] as Record<string, { security?: unknown }> | undefined)?.[route.method.toLowerCase()];
    if (op) op.security = SECURITY[route.auth];
  }
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  return rest;
}

/** The SSE route, described by hand: OpenAPI 3.1 has no way to derive it from a subscription. */
type PathItem = NonNullable<OpenAPIObject['paths']>[string];

function streamPath(): PathItem {
  return {
    get: {
      operationId: 'jobs-stream',
      summary: jobStreamRoute.summary,
      description:
        'Server-Sent Events. Each job event is a `message` frame whose `id:` is its seq and whose `data:` is a JobEvent (JSON). ' +
        'Reconnect with `Last-Event-ID` (or `?after=`) to resume without gaps or duplicates. Comment lines (`: ping`) are heartbeats. ' +
        'After the terminal event (completed, failed or canceled) the server sends `event: end` and closes the stream.',
      tags: [...jobStreamRoute.tags],
      parameters: [
        { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'token', in: 'query', required: false, description: 'job token, for clients that cannot set headers (EventSource)', schema: { type: 'string' } },
        { name: 'after', in: 'query', required: false, description: 'resume after this seq', schema: { type: 'integer', minimum: 0 } },
        { name: 'Last-Event-ID', in: 'header', required: false, description: 'resume after this seq (sent by EventSource on reconnect)', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'event stream', content: { 'text/event-stream': { schema: { type: 'string', description: 'SSE frames; data is #/components/schemas/JobEvent' } } } },
        ...Object.fromEntries(Object.entries(jobStreamRoute.errors).map(([status, description]) => [status, errorResponse(description)])),
      },
    },
  };
}

/** The photo route, described by hand: it answers image bytes, which the bridge cannot. */
function photoPath(): PathItem {
  return {
    get: {
      operationId: 'jobs-photo',
      summary: jobPhotoRoute.summary,
      description:
        "A shelf scan's photo, oriented and scaled down (longest side 2048 px), as JPEG; with `item` the crop of that item's box on this photo (for showing a spine under review).",
      tags: [...jobPhotoRoute.tags],
      parameters: [
        { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'photoIndex', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'item', in: 'query', required: false, description: 'an item index: answer the crop of its box', schema: { type: 'integer', minimum: 0 } },
        { name: 'token', in: 'query', required: false, description: 'job token, for clients that cannot set headers (an <img> tag)', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'the photo or crop', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } },
        ...Object.fromEntries(Object.entries(jobPhotoRoute.errors).map(([status, description]) => [status, errorResponse(description)])),
      },
    },
  };
}

type MultipartSchema = Record<string, unknown>;

function setMultipart(doc: OpenAPIObject, path: string, schema: MultipartSchema): void {
  const op = (doc.paths?.[path] as Record<string, { requestBody?: { content?: Record<string, unknown> } }> | undefined)?.post;
  if (op?.requestBody?.content) op.requestBody.content['multipart/form-data'] = { schema };
}

/** The bridge knows JSON bodies only; the multipart forms the upload routes also take are described by hand. */
function addMultipartBodies(doc: OpenAPIObject): void {
  setMultipart(doc, importsRoutes.startCsv.path, {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'the CSV or TSV export, as its bytes (UTF-8, or Latin-1/Windows-1252)' },
      format: { type: 'string', enum: ['auto', ...CSV_FORMATS], default: 'auto' },
      enrich: { type: 'boolean', default: true },
      filename: { type: 'string', description: "defaults to the file part's filename" },
      idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
    },
  });
  setMultipart(doc, scansRoutes.start.path, {
    type: 'object',
    required: ['photos'],
    properties: {
      photos: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_SCAN_PHOTOS,
        items: { type: 'string', format: 'binary' },
        description: 'JPEG, PNG, GIF or WebP, one part each; the type is read from the bytes',
      },
      idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
    },
  });
}

/** The REST bridge's OpenAPI 3.1 document, served at /api/openapi.json and committed as openapi.json. */
export function buildOpenApiDocument(router: AppRouter, version: string): OpenAPIObject {
  const doc = generateOpenApiDocument(router, {
    title: 'BooksTrack API',
    version,
    description:
      'Book import, shelf scanning and metadata enrichment as background jobs. Start a job, keep its token, follow its progress (SSE), fetch its results.',
    baseUrl: REST_BASE_PATH,
    securitySchemes: {
      Authorization: { type: 'http', scheme: 'bearer', description: 'the job token returned by a start call, or the admin token' },
      ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'required to start jobs when the server has API keys configured' },
    },
  });
  useApiErrorSchema(doc);
  addMultipartBodies(doc);
  doc.paths = { ...doc.paths, [jobStreamRoute.path]: streamPath(), [jobPhotoRoute.path]: photoPath() };
  applySecurity(doc);
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ApiError: jsonSchemaOf(ZApiErrorBody), JobEvent: jsonSchemaOf(ZJobEvent) } };
  return doc;
}
