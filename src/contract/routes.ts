/**
 * REST routes of the bridge, as plain data next to the schemas they carry.
 * Paths are relative to `/api/v1`; the router attaches each entry as `openapi` meta.
 */
import { JOB_PHOTO_PATH, REST_BASE_PATH } from './paths.js';

export { REST_BASE_PATH };

export interface RestRoute {
  readonly method: 'GET' | 'POST';
  readonly path: `/${string}`;
  readonly summary: string;
  /** What it does and answers, in a few sentences (the operation's description in the OpenAPI document). */
  readonly description: string;
  readonly tags: readonly string[];
  /**
   * The credential it takes: a job token (or the admin token), the admin token, an API key to
   * start jobs, or an API key for catalogue lookups (both only when the server has API keys).
   */
  readonly auth: 'job' | 'admin' | 'start' | 'apiKey';
  /** Error statuses this route can answer, with what each means here. */
  readonly errors: Readonly<Record<number, string>>;
  /** Whether the per-client start or read limit counts it (its answers carry `X-RateLimit-*`, a 429 `Retry-After`). */
  readonly rateLimited: boolean;
  /** The job token may also come as `?token=`, for clients that cannot set headers (EventSource, `<img>`). */
  readonly tokenInQuery?: true;
}

const JOB_READ_ERRORS = {
  400: 'invalid input; `data.field` names the field',
  401: 'missing or wrong job token (or admin token)',
  404: 'unknown or expired job',
  429: 'too many requests from this client; see Retry-After',
} as const;
/** A POST whose body is not JSON (or multipart where the route takes it). */
const UNSUPPORTED_BODY = { 415: 'the body is not `application/json`' } as const;
const JOB_WRITE_ERRORS = { ...JOB_READ_ERRORS, ...UNSUPPORTED_BODY } as const;
/** An upload route takes multipart as well as JSON. */
const UNSUPPORTED_UPLOAD = { 415: 'the body is neither `application/json` nor `multipart/form-data`' } as const;

export const jobsRoutes = {
  get: {
    method: 'GET',
    path: '/jobs/{jobId}',
    summary: 'Job snapshot: status, phase, progress, counts, summary, error',
    description:
      'Everything a client needs to re-sync after being away: status, the current phase and progress, item counts by status, the summary of a finished job or the error of a failed one, and `lastSeq` to resume the event stream after.',
    tags: ['jobs'],
    auth: 'job',
    errors: JOB_READ_ERRORS,
    rateLimited: true,
  },
  events: {
    method: 'GET',
    path: '/jobs/{jobId}/events',
    summary: 'The persisted event log, a page at a time',
    description: 'Events with `seq` greater than `after`, oldest first, the same `JobEvent`s the stream sends. Pass `nextAfter` as `after` for the next page; it is null on the last page.',
    tags: ['jobs'],
    auth: 'job',
    errors: JOB_READ_ERRORS,
    rateLimited: true,
  },
  results: {
    method: 'GET',
    path: '/jobs/{jobId}/results',
    summary: 'Result items, paginated, optionally filtered by status',
    description:
      "One item per CSV row, detected book or enrichment input, in order, each with the user's own data (`input`) and what was found (`result`). Pass `nextCursor` as `cursor` for the next page; it is null on the last page.",
    tags: ['jobs'],
    auth: 'job',
    errors: JOB_READ_ERRORS,
    rateLimited: true,
  },
  cancel: {
    method: 'POST',
    path: '/jobs/{jobId}/cancel',
    summary: 'Cancel a job (idempotent); partial results are kept',
    description: 'A queued job ends at once; a running one stops its work and ends `canceled` with what it had done. Canceling a finished job changes nothing. Answers the snapshot. No body.',
    tags: ['jobs'],
    auth: 'job',
    errors: JOB_WRITE_ERRORS,
    rateLimited: true,
  },
  retryFailed: {
    method: 'POST',
    path: '/jobs/{jobId}/retry',
    summary: 'Re-run only the items that failed for transient reasons',
    description: 'Items left `provider_unavailable` (a provider was down) are looked up again in a new run of the same job; its events continue the same `seq`. No body.',
    tags: ['jobs'],
    auth: 'job',
    errors: { ...JOB_WRITE_ERRORS, 409: 'the job is not finished, was canceled, or has nothing to retry' },
    rateLimited: true,
  },
  list: {
    method: 'GET',
    path: '/jobs',
    summary: 'All jobs (admin token only)',
    description: 'Every job, newest first, optionally filtered by status and kind, a page at a time. Needs the admin token (`BOOKSTRACK_ADMIN_TOKEN`).',
    tags: ['admin'],
    auth: 'admin',
    errors: { 400: 'invalid input; `data.field` names the field', 401: 'missing or wrong admin token', 403: 'the admin API is off (BOOKSTRACK_ADMIN_TOKEN is not set)' },
    rateLimited: false,
  },
} as const satisfies Record<string, RestRoute>;

const START_ERRORS = {
  400: 'invalid input; `data.field` names the field and index, e.g. `books.3.isbn`',
  401: 'missing or wrong API key (X-Api-Key; only when the server has API keys)',
  409: 'idempotency key reused with a different input',
  413: 'request body too large',
  ...UNSUPPORTED_BODY,
  429: 'too many job starts from this client; see Retry-After',
  503: 'the server is shutting down; retry shortly',
} as const;

export const enrichmentRoutes = {
  start: {
    method: 'POST',
    path: '/enrichment',
    summary: 'Start an enrichment job over up to 1,000 books',
    description:
      'Looks each book up by ISBN, then by title and author, in OpenLibrary, Google Books and ISBNdb, and keeps the merged record. Answers at once with the job id and its token (shown once); follow the job on its stream.',
    tags: ['enrichment'],
    auth: 'start',
    errors: START_ERRORS,
    rateLimited: true,
  },
} as const satisfies Record<string, RestRoute>;

export const importsRoutes = {
  startCsv: {
    method: 'POST',
    path: '/imports/csv',
    summary: 'Import a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet (JSON here; multipart field `file` also accepted)',
    description:
      'The file as text (`csv`) or as bytes in base64 (`csvBase64`, for files that are not UTF-8), exactly one of the two; or a `multipart/form-data` upload with the file in field `file`. The file is checked and stored and the answer comes at once with the job id and its token (shown once); every row becomes one result item.',
    tags: ['imports'],
    auth: 'start',
    errors: {
      ...START_ERRORS,
      400: 'invalid input, an empty file (CSV_EMPTY), binary data (CSV_NOT_TEXT) or a header with no rows (CSV_NO_ROWS); `data.field` names the field',
      413: 'the file is over MAX_CSV_BYTES',
      ...UNSUPPORTED_UPLOAD,
    },
    rateLimited: true,
  },
} as const satisfies Record<string, RestRoute>;

export const scansRoutes = {
  start: {
    method: 'POST',
    path: '/scans',
    summary: 'Scan 1–5 bookshelf photos (JSON with base64 here; multipart field `photos` also accepted)',
    description:
      'Each photo is checked by its bytes (JPEG, PNG, GIF or WebP; size; dimensions; decodable) before a job exists, then read by Gemini vision; the books found are merged across photos and looked up. Answers at once with the job id, its token (shown once) and `totalPhotos`.',
    tags: ['scans'],
    auth: 'start',
    rateLimited: true,
    errors: {
      ...START_ERRORS,
      ...UNSUPPORTED_UPLOAD,
      400: 'invalid input; `data.field` names the photo, e.g. `photos.2` (not an image, too small, unreadable, bad base64, too many photos)',
      413: 'a photo is over MAX_PHOTO_BYTES (`data.field` names it)',
      503: 'scanning is not configured (GEMINI_API_KEY is not set), or the server is shutting down',
    },
  },
} as const satisfies Record<string, RestRoute>;

const REVIEW_ERRORS = { ...JOB_WRITE_ERRORS, 409: 'the item does not need a decision (any more), or the job is still running' } as const;

export const reviewRoutes = {
  list: {
    method: 'GET',
    path: '/jobs/{jobId}/review',
    summary: 'Items that need a human decision, with their candidates',
    description: "A job's items in `needs_review`, in order, each with its best candidate, the alternatives and, for shelf scans, the photo and box it was read from.",
    tags: ['review'],
    auth: 'job',
    errors: JOB_READ_ERRORS,
    rateLimited: true,
  },
  resolve: {
    method: 'POST',
    path: '/jobs/{jobId}/review/{itemId}',
    summary: 'Decide an item: accept, choose a candidate, edit, or reject',
    description: 'The body is the decision (`action` says which). Answers the item as the results now show it and the job\'s new counts; a `review` event is appended to the job\'s stream.',
    tags: ['review'],
    auth: 'job',
    errors: REVIEW_ERRORS,
    rateLimited: true,
  },
} as const satisfies Record<string, RestRoute>;

/** A stored photo of a scan (optionally the crop of one item's box), served by hand as image bytes. */
export const jobPhotoRoute = {
  method: 'GET',
  path: JOB_PHOTO_PATH,
  summary: 'A photo of a scan job as JPEG, or with `?item=` the crop of that item\'s box',
  description:
    "A shelf scan's photo, oriented and scaled down (longest side 2048 px), as JPEG; with `item` the crop of that item's box on this photo (for showing a spine under review). The job token may come as `?token=` for an `<img>` tag.",
  tags: ['scans'],
  auth: 'job',
  errors: { ...JOB_READ_ERRORS, 404: 'unknown or expired job, or no such photo or item' },
  rateLimited: true,
  tokenInQuery: true,
} as const satisfies RestRoute;

const LOOKUP_ERRORS = {
  400: 'invalid input (a malformed ISBN, an empty query); `data.field` names the field',
  401: 'missing or wrong API key (X-Api-Key; only when the server has API keys)',
  429: 'too many requests from this client; see Retry-After',
  503: 'every provider that could answer is unavailable; retry later',
} as const;

export const booksRoutes = {
  lookupIsbn: {
    method: 'GET',
    path: '/books/isbn/{isbn}',
    summary: 'The merged record of one ISBN from every provider',
    description:
      'Asks every provider for the ISBN (ISBN-10 or ISBN-13, hyphens allowed) and merges their records; `provenance` says which provider gave each field. Over REST an ISBN no provider knows is a 404 (the tRPC procedure answers null).',
    tags: ['books'],
    auth: 'apiKey',
    errors: { ...LOOKUP_ERRORS, 404: 'no provider knows this ISBN' },
    rateLimited: true,
  },
  search: {
    method: 'GET',
    path: '/books/search',
    summary: 'Ranked candidates for a title and/or author',
    description: 'Searches the providers by title, author or free text and answers the candidates best first, each with its score; `unavailable` names providers that were down.',
    tags: ['books'],
    auth: 'apiKey',
    errors: LOOKUP_ERRORS,
    rateLimited: true,
  },
} as const satisfies Record<string, RestRoute>;

/** The SSE route is served by hand (OpenAPI cannot describe a subscription) and added to the document. */
export const jobStreamRoute = {
  method: 'GET',
  path: '/jobs/{jobId}/stream',
  summary: 'Server-Sent Events: live progress',
  description: [
    'The `jobs.onProgress` subscription as Server-Sent Events. Each job event is one frame: `id:` is its `seq` and `data:` one `JobEvent` as JSON (one line).',
    'After the terminal event (`completed`, `failed` or `canceled`) the server sends a frame `event: end` with no data and closes the stream.',
    'To resume after a dropped connection, reconnect with `Last-Event-ID` (or `?after=`): the stream continues after that seq without gaps or duplicates.',
    'A reconnect after the stream has ended, with nothing newer to send, answers 204 No Content (EventSource then stops reconnecting).',
    'Comment lines (`: ping`) are heartbeats; a first `retry:` frame sets the reconnect delay. Frames without `data` carry no event.',
  ].join(' '),
  tags: ['jobs'],
  auth: 'job',
  errors: JOB_READ_ERRORS,
  rateLimited: true,
  tokenInQuery: true,
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
