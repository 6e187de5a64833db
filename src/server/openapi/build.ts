import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import type { z } from 'zod';
import { createSchema } from 'zod-openapi';
import { ZApiErrorBody } from '../../contract/errors.js';
import { ZCsvImportStartBody, ZImportedBook } from '../../contract/imports.js';
import { REST_BASE_PATH, jobPhotoRoute, jobStreamRoute, restRoutes } from '../../contract/routes.js';
import type { AppRouter } from '../../router/app.js';
import { addMultipartBodies, describeCsvBody, describeIsbnLookup, photoPath, streamPath } from './hand-described.js';
import { RATE_LIMIT_HEADERS, applyRouteTable } from './operations.js';
import { mergeOutputTwins, nullableAsTypeArrays, openObjects, type SchemaDoc } from './schema-rewrites.js';

const TAGS = [
  { name: 'jobs', description: 'Follow, page through, cancel and retry any job with its token' },
  { name: 'imports', description: 'CSV imports: Goodreads, StoryGraph, LibraryThing, any spreadsheet' },
  { name: 'scans', description: 'Bookshelf photos read by Gemini vision' },
  { name: 'review', description: 'Items that need a person to decide' },
  { name: 'enrichment', description: 'Metadata for a list of books' },
  { name: 'books', description: 'Catalogue lookups (no job)' },
  { name: 'admin', description: 'Every job, with the admin token' },
];

/** Components the operations do not reach on their own: the error body, the CSV body union, an imported row. */
function addComponents(doc: OpenAPIObject, schemas: readonly [z.ZodType, 'input' | 'output'][]): void {
  const components = (doc.components ??= {});
  const target = (components.schemas ??= {});
  for (const [schema, io] of schemas) {
    for (const [name, json] of Object.entries(createSchema(schema, { io }).components)) target[name] ??= json;
  }
}

/** The REST bridge's OpenAPI 3.1 document, served at /api/openapi.json and committed as openapi.json. */
export function buildOpenApiDocument(router: AppRouter, version: string): OpenAPIObject {
  const doc = generateOpenApiDocument(router, {
    title: 'BooksTrack API',
    version,
    description:
      'Book import, shelf scanning and metadata enrichment as background jobs. Start a job, keep its token, follow its progress (SSE), fetch its results. ' +
      'Every error answers one body, `ApiError`; switch on `data.appCode`.',
    baseUrl: REST_BASE_PATH,
    contact: { name: 'BooksTrack backend team' },
    license: { name: 'Proprietary', identifier: 'LicenseRef-BooksTrack-Proprietary' },
    securitySchemes: {
      Authorization: { type: 'http', scheme: 'bearer', description: 'the job token returned by a start call, or the admin token' },
      ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'required to start jobs and look books up when the server has API keys configured' },
      JobTokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'the job token as `?token=`, for the stream and photo routes (EventSource and <img> cannot set headers)' },
    },
  });
  doc.tags = TAGS;
  doc.paths = { ...doc.paths, [jobStreamRoute.path]: streamPath(), [jobPhotoRoute.path]: photoPath() };
  addMultipartBodies(doc);
  describeCsvBody(doc);
  describeIsbnLookup(doc);
  applyRouteTable(doc, restRoutes);
  addComponents(doc, [
    [ZApiErrorBody, 'output'],
    [ZImportedBook, 'output'],
    [ZCsvImportStartBody, 'input'],
  ]);
  // The bridge's stand-in error bodies: every error response now points at `ApiError`.
  const schemas = Object.entries(doc.components?.schemas ?? {}).filter(([name]) => !name.startsWith('error.'));
  doc.components = { ...doc.components, schemas: Object.fromEntries(schemas), headers: { ...RATE_LIMIT_HEADERS } };
  const rewritable = doc as unknown as SchemaDoc;
  openObjects(rewritable);
  mergeOutputTwins(rewritable);
  nullableAsTypeArrays(rewritable);
  return doc;
}
