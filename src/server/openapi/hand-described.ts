/**
 * The parts of the document the bridge cannot derive from the router: the SSE stream and the photo
 * route (served by hand), the multipart forms of the upload routes, the CSV start body as the union
 * clients send, and the REST form of the ISBN lookup (404 for no record, where tRPC answers null).
 */
import type { OpenAPIObject } from 'trpc-to-openapi';
import { CSV_FORMATS } from '../../contract/imports.js';
import { booksRoutes, importsRoutes, jobPhotoRoute, jobStreamRoute, scansRoutes } from '../../contract/routes.js';
import { MAX_SCAN_PHOTOS } from '../../contract/scans.js';

type PathItem = NonNullable<OpenAPIObject['paths']>[string];
type Operation = { requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, unknown> };

const jobIdParameter = { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const tokenParameter = (forWhom: string) => ({ name: 'token', in: 'query', required: false, description: `the job token, for clients that cannot set headers (${forWhom})`, schema: { type: 'string' } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function operation(doc: OpenAPIObject, path: string, method: 'get' | 'post'): Operation {
  const op = (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method];
  if (!op) throw new Error(`openapi: no ${method.toUpperCase()} ${path} in the document`);
  return op;
}

/** The SSE route (its responses and description come from the route table, in `applyRouteTable`). */
export function streamPath(): PathItem {
  return {
    get: {
      operationId: 'jobs-stream',
      tags: [...jobStreamRoute.tags],
      parameters: [
        jobIdParameter,
        tokenParameter('EventSource'),
        { name: 'after', in: 'query', required: false, description: 'resume after this seq (as `Last-Event-ID`)', schema: { type: 'integer', minimum: 0 } },
        { name: 'Last-Event-ID', in: 'header', required: false, description: 'resume after this seq (sent by EventSource on reconnect)', schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'the event stream; each frame\'s `data` is a `JobEvent` (`x-event-schema`), and a last frame `event: end` has no data',
          content: { 'text/event-stream': { schema: { type: 'string', format: 'binary' }, 'x-event-schema': ref('JobEvent') } },
        },
        '204': { description: 'the stream has ended and there is nothing after `Last-Event-ID`: do not reconnect' },
      },
    },
  } as PathItem;
}

/** The photo route: it answers image bytes, which the bridge cannot. */
export function photoPath(): PathItem {
  return {
    get: {
      operationId: 'jobs-photo',
      tags: [...jobPhotoRoute.tags],
      parameters: [
        jobIdParameter,
        { name: 'photoIndex', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'item', in: 'query', required: false, description: 'an item index: answer the crop of its box', schema: { type: 'integer', minimum: 0 } },
        tokenParameter('an <img> tag'),
      ],
      responses: { '200': { description: 'the photo or crop', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } } },
    },
  } as PathItem;
}

/** The bridge knows JSON bodies only; the multipart forms the upload routes also take are described here. */
export function addMultipartBodies(doc: OpenAPIObject): void {
  const idempotencyKey = { type: 'string', minLength: 1, maxLength: 200 };
  const csv = operation(doc, importsRoutes.startCsv.path, 'post').requestBody?.content;
  const scans = operation(doc, scansRoutes.start.path, 'post').requestBody?.content;
  if (!csv || !scans) throw new Error('openapi: the upload routes have no request body');
  csv['multipart/form-data'] = {
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'the CSV or TSV export, as its bytes (UTF-8, or Latin-1/Windows-1252)' },
        format: { type: 'string', enum: ['auto', ...CSV_FORMATS], default: 'auto' },
        enrich: { type: 'boolean', default: true },
        filename: { type: 'string', description: "defaults to the file part's filename" },
        idempotencyKey,
      },
    },
  };
  scans['multipart/form-data'] = {
    schema: {
      type: 'object',
      required: ['photos'],
      properties: {
        photos: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_SCAN_PHOTOS,
          items: { type: 'string', format: 'binary' },
          description: 'JPEG, PNG, GIF or WebP, one part each (a filename is optional); the type is read from the bytes',
        },
        idempotencyKey,
      },
    },
  };
}

/** `imports.startCsv`'s JSON body as clients send it: exactly one of the text and the base64 form. */
export function describeCsvBody(doc: OpenAPIObject): void {
  const content = operation(doc, importsRoutes.startCsv.path, 'post').requestBody?.content;
  if (!content) throw new Error('openapi: imports.startCsv has no request body');
  content['application/json'] = { schema: { oneOf: [ref('CsvImportFromText'), ref('CsvImportFromBase64')] } };
}

/** Over REST an unknown ISBN is a 404 (see `serveIsbnLookup`), so the 200 always has a record. */
export function describeIsbnLookup(doc: OpenAPIObject): void {
  const op = operation(doc, booksRoutes.lookupIsbn.path, 'get');
  op.responses = { ...op.responses, '200': { description: 'the merged record', content: { 'application/json': { schema: ref('BookRecord') } } } };
}
