/**
 * REST routes of the bridge, as plain data next to the schemas they carry.
 * Paths are relative to `/api/v1`; the router attaches each entry as `openapi` meta.
 */
export const REST_BASE_PATH = '/api/v1';

export interface RestRoute {
  readonly method: 'GET' | 'POST';
  readonly path: `/${string}`;
  readonly summary: string;
  readonly tags: readonly string[];
  /**
   * The credential it takes: a job token (or the admin token), the admin token, an API key to
   * start jobs, or an API key for catalogue lookups (both only when the server has API keys).
   */
  readonly auth: 'job' | 'admin' | 'start' | 'apiKey';
  /** Error statuses this route can answer, with what each means here. */
  readonly errors: Readonly<Record<number, string>>;
}

const JOB_READ_ERRORS = { 400: 'invalid input', 401: 'missing or wrong job token', 404: 'unknown or expired job', 429: 'rate limited' } as const;

export const jobsRoutes = {
  get: { method: 'GET', path: '/jobs/{jobId}', summary: 'Job snapshot: status, phase, progress, counts, summary, error', tags: ['jobs'], auth: 'job', errors: JOB_READ_ERRORS },
  events: { method: 'GET', path: '/jobs/{jobId}/events', summary: 'The persisted event log, a page at a time', tags: ['jobs'], auth: 'job', errors: JOB_READ_ERRORS },
  results: { method: 'GET', path: '/jobs/{jobId}/results', summary: 'Result items, paginated, optionally filtered by status', tags: ['jobs'], auth: 'job', errors: JOB_READ_ERRORS },
  cancel: { method: 'POST', path: '/jobs/{jobId}/cancel', summary: 'Cancel a job (idempotent); partial results are kept', tags: ['jobs'], auth: 'job', errors: JOB_READ_ERRORS },
  retryFailed: {
    method: 'POST',
    path: '/jobs/{jobId}/retry',
    summary: 'Re-run only the items that failed for transient reasons',
    tags: ['jobs'],
    auth: 'job',
    errors: { ...JOB_READ_ERRORS, 409: 'the job is not finished, was canceled, or has nothing to retry' },
  },
  list: { method: 'GET', path: '/jobs', summary: 'All jobs (admin token only)', tags: ['admin'], auth: 'admin', errors: { 400: 'invalid input', 401: 'missing or wrong admin token', 403: 'admin API off' } },
} as const satisfies Record<string, RestRoute>;

const START_ERRORS = {
  400: 'invalid input; `data.field` names the field and index, e.g. `books.3.isbn`',
  401: 'missing or wrong API key (when the server has API keys)',
  409: 'idempotency key reused with a different input',
  413: 'request body too large',
  429: 'too many job starts; see Retry-After',
  503: 'shutting down',
} as const;

export const enrichmentRoutes = {
  start: { method: 'POST', path: '/enrichment', summary: 'Start an enrichment job over up to 1,000 books', tags: ['enrichment'], auth: 'start', errors: START_ERRORS },
} as const satisfies Record<string, RestRoute>;

export const importsRoutes = {
  startCsv: {
    method: 'POST',
    path: '/imports/csv',
    summary: 'Import a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet (JSON here; multipart field `file` also accepted)',
    tags: ['imports'],
    auth: 'start',
    errors: { ...START_ERRORS, 400: 'invalid input, an empty file (CSV_EMPTY) or binary data (CSV_NOT_TEXT); `data.field` names the field', 413: 'the file is over MAX_CSV_BYTES' },
  },
} as const satisfies Record<string, RestRoute>;

export const scansRoutes = {
  start: {
    method: 'POST',
    path: '/scans',
    summary: 'Scan 1–5 bookshelf photos (JSON with base64 here; multipart field `photos` also accepted)',
    tags: ['scans'],
    auth: 'start',
    errors: {
      ...START_ERRORS,
      400: 'invalid input; `data.field` names the photo, e.g. `photos.2` (not an image, too small, unreadable, bad base64, too many photos)',
      413: 'a photo is over MAX_PHOTO_BYTES (`data.field` names it)',
      503: 'scanning is not configured (GEMINI_API_KEY is not set), or the server is shutting down',
    },
  },
} as const satisfies Record<string, RestRoute>;

const REVIEW_ERRORS = { ...JOB_READ_ERRORS, 409: 'the item does not need a decision (any more)' } as const;

export const reviewRoutes = {
  list: { method: 'GET', path: '/jobs/{jobId}/review', summary: 'Items that need a human decision, with their candidates', tags: ['review'], auth: 'job', errors: JOB_READ_ERRORS },
  resolve: { method: 'POST', path: '/jobs/{jobId}/review/{itemId}', summary: 'Decide an item: accept, choose a candidate, edit, or reject', tags: ['review'], auth: 'job', errors: REVIEW_ERRORS },
} as const satisfies Record<string, RestRoute>;

/** A stored photo of a scan (optionally the crop of one item's box), served by hand as image bytes. */
export const jobPhotoRoute = {
  method: 'GET',
  path: '/jobs/{jobId}/photos/{photoIndex}',
  summary: 'A photo of a scan job as JPEG, or with `?item=` the crop of that item\'s box',
  tags: ['scans'],
  auth: 'job',
  errors: JOB_READ_ERRORS,
} as const satisfies RestRoute;

const LOOKUP_ERRORS = {
  400: 'invalid input (a malformed ISBN, an empty query)',
  401: 'missing or wrong API key (when the server has API keys)',
  429: 'rate limited',
  503: 'every provider that could answer is unavailable; retry later',
} as const;

export const booksRoutes = {
  lookupIsbn: { method: 'GET', path: '/books/isbn/{isbn}', summary: 'The merged record of one ISBN from every provider, or null', tags: ['books'], auth: 'apiKey', errors: LOOKUP_ERRORS },
  search: { method: 'GET', path: '/books/search', summary: 'Ranked candidates for a title and/or author', tags: ['books'], auth: 'apiKey', errors: LOOKUP_ERRORS },
} as const satisfies Record<string, RestRoute>;

/** The SSE route is served by hand (OpenAPI cannot describe a subscription) and added to the document. */
export const jobStreamRoute = {
  method: 'GET',
  path: '/jobs/{jobId}/stream',
  summary: 'Server-Sent Events: live progress',
  tags: ['jobs'],
  auth: 'job',
  errors: JOB_READ_ERRORS,
} as const satisfies RestRoute;

/** Every REST route, for tooling that walks them (the OpenAPI document's security, tests). */
export const restRoutes: readonly RestRoute[] = [
  ...Object.values(jobsRoutes),
  jobStreamRoute,
  jobPhotoRoute,
  ...Object.values(reviewRoutes),
  ...Object.values(scansRoutes),
  ...Object.values(importsRoutes),
  ...Object.values(enrichmentRoutes),
  ...Object.values(booksRoutes),
];
