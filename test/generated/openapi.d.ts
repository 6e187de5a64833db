/* Generated from openapi.json by scripts/openapi.ts; do not edit. */

export interface paths {
    "/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Job snapshot: status, phase, progress, counts, summary, error
         * @description Everything a client needs to re-sync after being away: status, the current phase and progress, item counts by status, the summary of a finished job or the error of a failed one, and `lastSeq` to resume the event stream after.
         */
        get: operations["jobs-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The persisted event log, a page at a time
         * @description Events with `seq` greater than `after`, oldest first, the same `JobEvent`s the stream sends. Pass `nextAfter` as `after` for the next page; it is null on the last page.
         */
        get: operations["jobs-events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Result items, paginated, optionally filtered by status
         * @description One item per CSV row, detected book or enrichment input, in order, each with the user's own data (`input`) and what was found (`result`). Pass `nextCursor` as `cursor` for the next page; it is null on the last page.
         */
        get: operations["jobs-results"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a job (idempotent); partial results are kept
         * @description A queued job ends at once; a running one stops its work and ends `canceled` with what it had done. Canceling a finished job changes nothing. Answers the snapshot. No body.
         */
        post: operations["jobs-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-run only the items that failed for transient reasons
         * @description Items left `provider_unavailable` (a provider was down) are looked up again in a new run of the same job; its events continue the same `seq`. No body.
         */
        post: operations["jobs-retryFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * All jobs (admin token only)
         * @description Every job, newest first, optionally filtered by status and kind, a page at a time. Needs the admin token (`BOOKSTRACK_ADMIN_TOKEN`).
         */
        get: operations["jobs-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet (JSON here; multipart field `file` also accepted)
         * @description The file as text (`csv`) or as bytes in base64 (`csvBase64`, for files that are not UTF-8), exactly one of the two; or a `multipart/form-data` upload with the file in field `file`. The file is checked and stored and the answer comes at once with the job id and its token (shown once); every row becomes one result item.
         */
        post: operations["imports-startCsv"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan 1–5 bookshelf photos (JSON with base64 here; multipart field `photos` also accepted)
         * @description Each photo is checked by its bytes (JPEG, PNG, GIF or WebP; size; dimensions; decodable) before a job exists, then read by Gemini vision; the books found are merged across photos and looked up. Answers at once with the job id, its token (shown once) and `totalPhotos`.
         */
        post: operations["scans-start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Items that need a human decision, with their candidates
         * @description A job's items in `needs_review`, in order, each with its best candidate, the alternatives and, for shelf scans, the photo and box it was read from.
         */
        get: operations["review-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/review/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide an item: accept, choose a candidate, edit, or reject
         * @description The body is the decision (`action` says which). Answers the item as the results now show it and the job's new counts; a `review` event is appended to the job's stream.
         */
        post: operations["review-resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/enrichment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an enrichment job over up to 1,000 books
         * @description Looks each book up by ISBN, then by title and author, in OpenLibrary, Google Books and ISBNdb, and keeps the merged record. Answers at once with the job id and its token (shown once); follow the job on its stream.
         */
        post: operations["enrichment-start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/books/isbn/{isbn}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merged record of one ISBN from every provider
         * @description Asks every provider for the ISBN (ISBN-10 or ISBN-13, hyphens allowed) and merges their records; `provenance` says which provider gave each field. Over REST an ISBN no provider knows is a 404 (the tRPC procedure answers null).
         */
        get: operations["books-lookupIsbn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/books/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ranked candidates for a title and/or author
         * @description Searches the providers by title, author or free text and answers the candidates best first, each with its score; `unavailable` names providers that were down.
         */
        get: operations["books-search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events: live progress
         * @description The `jobs.onProgress` subscription as Server-Sent Events. Each job event is one frame: `id:` is its `seq` and `data:` one `JobEvent` as JSON (one line). After the terminal event (`completed`, `failed` or `canceled`) the server sends a frame `event: end` with no data and closes the stream. To resume after a dropped connection, reconnect with `Last-Event-ID` (or `?after=`): the stream continues after that seq without gaps or duplicates. A reconnect after the stream has ended, with nothing newer to send, answers 204 No Content (EventSource then stops reconnecting). Comment lines (`: ping`) are heartbeats; a first `retry:` frame sets the reconnect delay. Frames without `data` carry no event.
         */
        get: operations["jobs-stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{jobId}/photos/{photoIndex}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A photo of a scan job as JPEG, or with `?item=` the crop of that item's box
         * @description A shelf scan's photo, oriented and scaled down (longest side 2048 px), as JPEG; with `item` the crop of that item's box on this photo (for showing a spine under review). The job token may come as `?token=` for an `<img>` tag.
         */
        get: operations["jobs-photo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ReviewDecision: components["schemas"]["ReviewAccept"] | components["schemas"]["ReviewChoose"] | components["schemas"]["ReviewEdit"] | components["schemas"]["ReviewReject"];
        ReviewAccept: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "accept";
        };
        ReviewChoose: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "choose";
            /** @description position in the review item's `candidates` */
            candidate: number;
        };
        ReviewEdit: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "edit";
            fields: {
                /** @description book title as the user has it */
                title?: string;
                author?: string;
                /** @description ISBN-10 or ISBN-13 (hyphens allowed, check digit verified); normalised to ISBN-13 */
                isbn?: string;
            };
        };
        ReviewReject: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "reject";
        };
        JobSnapshot: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
            kind: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            /** @enum {string|null} */
            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing" | null;
            progress: {
                /** @enum {string} */
                phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                done: number;
                total: number;
                message?: string;
                currentItem?: string;
                etaSeconds?: number;
            } | null;
            itemCount: number;
            counts: {
                [key: string]: number;
            };
            attempts: number;
            maxAttempts: number;
            cancelRequested: boolean;
            /** @description seq of the newest event; resume streams after it */
            lastSeq: number;
            summary: {
                itemCount: number;
                counts: {
                    [key: string]: number;
                };
                durationMs: number;
                details?: {
                    [key: string]: unknown;
                };
                /** @description work outside the items that failed for a transient reason (a scan's photo lost to an outage): `jobs.retryFailed` runs it again */
                retryableParts?: number;
            } | null;
            error: {
                /** @enum {string} */
                code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "CSV_FORMAT_MISMATCH" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                message: string;
                retryable: boolean;
            } | null;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            finishedAt: string | null;
            /**
             * Format: date-time
             * @description when results are purged (finished jobs only)
             */
            expiresAt: string | null;
            /** @description set while the job looks stuck; null otherwise (and always once finished) */
            stalled: {
                /** @enum {string} */
                reason: "no_progress" | "no_worker";
                /**
                 * Format: date-time
                 * @description the last sign of life (running) or since when it could have run (queued)
                 */
                since: string;
                message: string;
            } | null;
        };
        JobSummary: {
            itemCount: number;
            counts: {
                [key: string]: number;
            };
            durationMs: number;
            details?: {
                [key: string]: unknown;
            };
            /** @description work outside the items that failed for a transient reason (a scan's photo lost to an outage): `jobs.retryFailed` runs it again */
            retryableParts?: number;
        };
        JobError: {
            /** @enum {string} */
            code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "CSV_FORMAT_MISMATCH" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
            message: string;
            retryable: boolean;
        };
        JobStall: {
            /** @enum {string} */
            reason: "no_progress" | "no_worker";
            /**
             * Format: date-time
             * @description the last sign of life (running) or since when it could have run (queued)
             */
            since: string;
            message: string;
        };
        JobEventsPage: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            events: components["schemas"]["JobEvent"][];
            lastSeq: number;
            /** @description pass as `after` for the next page; null when none */
            nextAfter: number | null;
        };
        JobEvent: components["schemas"]["StatusEvent"] | components["schemas"]["PhaseEvent"] | components["schemas"]["ProgressEvent"] | components["schemas"]["PhotoEvent"] | components["schemas"]["ItemEvent"] | components["schemas"]["WarningEvent"] | components["schemas"]["ReviewEvent"] | components["schemas"]["CompletedEvent"] | components["schemas"]["FailedEvent"] | components["schemas"]["CanceledEvent"];
        StatusEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "status";
            /** @enum {string} */
            status: "queued" | "running";
            attempt: number;
            message?: string;
        };
        PhaseEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "phase";
            /** @enum {string} */
            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
            message: string;
        };
        ProgressEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "progress";
            /** @enum {string} */
            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
            done: number;
            total: number;
            /** @description what the job is doing, e.g. "waiting for Google Books: 60 requests a minute, about 412 calls to go" */
            message?: string;
            currentItem?: string;
            /** @description estimated seconds left: the calls still to make at each provider's rate (providers work in parallel) */
            etaSeconds?: number;
        };
        PhotoEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "photo";
            index: number;
            /** @enum {string} */
            status: "queued" | "processing" | "done" | "failed";
            booksFound: number;
            error?: {
                code: string;
                message: string;
            };
        };
        ItemEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "item";
            index: number;
            /** @enum {string} */
            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
            title?: string;
            reason?: string;
        };
        WarningEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "warning";
            code: string;
            message: string;
            retryInMs?: number;
        };
        ReviewEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "review";
            index: number;
            /** @enum {string} */
            action: "accept" | "choose" | "edit" | "reject";
            /**
             * @description the item's new status
             * @enum {string}
             */
            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
            title?: string;
        };
        CompletedEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "completed";
            summary: components["schemas"]["JobSummary"];
        };
        FailedEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "failed";
            error: components["schemas"]["JobError"];
            summary?: components["schemas"]["JobSummary"];
        };
        CanceledEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            at: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "canceled";
            summary: components["schemas"]["JobSummary"];
        };
        JobResultsPage: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            items: components["schemas"]["ResultItem"][];
            /** @description items matching the filter */
            total: number;
            nextCursor: string | null;
        };
        ResultItem: {
            index: number;
            /** @enum {string} */
            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
            title: string | null;
            /** @description the user's own data for this item */
            input: {
                [key: string]: unknown;
            };
            result: {
                [key: string]: unknown;
            } | null;
            error: {
                code: string;
                message: string;
            } | null;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            updatedAt: string;
        };
        RetryFailedResult: {
            job: components["schemas"]["JobSnapshot"];
            retriedItems: number;
        };
        JobListPage: {
            jobs: components["schemas"]["JobSnapshot"][];
            nextCursor: string | null;
        };
        JobStarted: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description Job token: send as `Authorization: Bearer <token>`; shown once, stored only as a hash */
            token: string;
            /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
            kind: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            /**
             * Format: uuid
             * @description set when the same client sent the same upload (same bytes and options, no idempotency key) while an earlier job for it was still queued or running, within DUPLICATE_WINDOW_MS: this answer is that job (`jobId` equals it), with a token of its own; no second job was started
             */
            duplicateOf?: string;
        };
        ScanStarted: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description Job token: send as `Authorization: Bearer <token>`; shown once, stored only as a hash */
            token: string;
            /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
            kind: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            /**
             * Format: uuid
             * @description set when the same client sent the same upload (same bytes and options, no idempotency key) while an earlier job for it was still queued or running, within DUPLICATE_WINDOW_MS: this answer is that job (`jobId` equals it), with a token of its own; no second job was started
             */
            duplicateOf?: string;
            totalPhotos: number;
        };
        ReviewPage: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /**
             * @description the job's status: decisions are taken once it has finished
             * @enum {string}
             */
            status: "queued" | "running" | "completed" | "failed" | "canceled";
            items: components["schemas"]["ReviewItem"][];
            /** @description items still waiting for a decision */
            total: number;
            nextCursor: string | null;
        };
        ReviewItem: {
            index: number;
            /** @enum {string} */
            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
            title: string | null;
            /** @description the user's own data (CSV row, enrichment input) or the detection, as stored */
            input: {
                [key: string]: unknown;
            };
            /** @description score of the best candidate */
            score: number | null;
            /** @description the best candidate: what `accept` takes */
            match: {
                work: components["schemas"]["Work"];
                edition: components["schemas"]["Edition"];
                authors: components["schemas"]["Author"][];
                provenance: {
                    [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
                };
                /** @description every provider whose record was merged in */
                providers: ("openlibrary" | "google-books" | "isbndb")[];
                /** @description match score: title and author similarity, ISBN equality, year */
                score: number;
                /** @enum {string} */
                matchedBy: "isbn" | "search";
            } | null;
            /** @description the alternatives; `choose` takes one by its position here (0-based) */
            candidates: components["schemas"]["BookCandidate"][];
            /** @description shelf scans: the photo of the best sighting */
            photoIndex: number | null;
            /** @description shelf scans: the spine's place in that photo */
            box: {
                x: number;
                y: number;
                width: number;
                height: number;
            } | null;
            /** @description shelf scans: what was read off the spine */
            detection: {
                title: string;
                author: string | null;
                /** @description only when printed and readable; checked, as ISBN-13 */
                isbn: string | null;
                /** @enum {string|null} */
                format: "Hardcover" | "Paperback" | "E-book" | "Audiobook" | "Mass Market" | null;
                confidence: number;
                box: {
                    x: number;
                    y: number;
                    width: number;
                    height: number;
                } | null;
            } | null;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`
             */
            updatedAt: string;
        };
        BookCandidate: {
            work: components["schemas"]["Work"];
            edition: components["schemas"]["Edition"];
            authors: components["schemas"]["Author"][];
            provenance: {
                [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
            };
            /** @description every provider whose record was merged in */
            providers: ("openlibrary" | "google-books" | "isbndb")[];
            /** @description match score: title and author similarity, ISBN equality, year */
            score: number;
            /** @enum {string} */
            matchedBy: "isbn" | "search";
        };
        Work: {
            title: string;
            subtitle?: string;
            /** @description normalised genres */
            subjectTags: string[];
            goodreadsWorkIDs: string[];
            amazonASINs: string[];
            librarythingIDs: string[];
            googleBooksVolumeIDs: string[];
            isbndbQuality: number;
            /** @enum {string} */
            reviewStatus: "verified" | "needsReview" | "userEdited";
            originalLanguage?: string;
            firstPublicationYear?: number;
            description?: string;
            coverImageURL?: string;
            synthetic?: boolean;
            /** @enum {string} */
            primaryProvider?: "google-books" | "openlibrary" | "isbndb" | "gemini";
            /** @description providers that contributed to this record */
            contributors?: ("google-books" | "openlibrary" | "isbndb" | "gemini")[];
            openLibraryWorkID?: string;
            googleBooksVolumeID?: string;
            isbndbID?: string;
        };
        Edition: {
            /** @description primary ISBN (ISBN-13 when known) */
            isbn?: string;
            isbns: string[];
            /** @enum {string} */
            format: "Hardcover" | "Paperback" | "E-book" | "Audiobook" | "Mass Market";
            amazonASINs: string[];
            googleBooksVolumeIDs: string[];
            librarythingIDs: string[];
            isbndbQuality: number;
            title?: string;
            publisher?: string;
            /** @description YYYY-MM-DD, YYYY-MM or YYYY */
            publicationDate?: string;
            pageCount?: number;
            coverImageURL?: string;
            editionDescription?: string;
            language?: string;
            /** @enum {string} */
            primaryProvider?: "google-books" | "openlibrary" | "isbndb" | "gemini";
            contributors?: ("google-books" | "openlibrary" | "isbndb" | "gemini")[];
            openLibraryEditionID?: string;
            googleBooksVolumeID?: string;
            isbndbID?: string;
        };
        Author: {
            name: string;
            /** @enum {string} */
            gender: "Female" | "Male" | "Non-binary" | "Other" | "Unknown";
            openLibraryID?: string;
        };
        ReviewResolveResult: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            item: components["schemas"]["ResultItem"];
            /** @description item counts by status, as `jobs.get` and the job summary now show them */
            counts: {
                [key: string]: number;
            };
            /** @description items still waiting for a decision */
            remaining: number;
            /** @description seq of the `review` event this decision appended */
            seq: number;
        };
        BookRecord: {
            work: components["schemas"]["Work"];
            edition: components["schemas"]["Edition"];
            authors: components["schemas"]["Author"][];
            provenance: {
                [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
            };
            /** @description every provider whose record was merged in */
            providers: ("openlibrary" | "google-books" | "isbndb")[];
        };
        BookSearchResult: {
            candidates: components["schemas"]["BookCandidate"][];
            /** @description providers that were down; results may be incomplete */
            unavailable: ("openlibrary" | "google-books" | "isbndb")[];
        };
        ApiError: {
            message: string;
            /** @description tRPC error code, e.g. BAD_REQUEST */
            code: string;
            data: {
                /**
                 * @description stable error code to switch on
                 * @enum {string}
                 */
                appCode: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "CSV_FORMAT_MISMATCH" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                httpStatus: number;
                /** @description tRPC error code */
                code: string;
                /** @description procedure path */
                path?: string;
                retryable: boolean;
                /** @description the input field (or row) at fault, when there is one */
                field: string | null;
                /** @description every validation problem, by field path */
                issues: {
                    path: string;
                    message: string;
                }[] | null;
            };
        };
        ImportedBook: {
            /** @description line of the file where the row starts (the header is line 1) */
            line: number;
            title: string | null;
            /** @description authors first, then contributors with their roles */
            authors: {
                /** @description display form, "First Last" */
                name: string;
                /** @description null for an author; otherwise as written, e.g. "Narrator", "Translator" */
                role: string | null;
            }[];
            isbn13: string | null;
            isbn10: string | null;
            /** @description an Amazon id (StoryGraph `ISBN/UID`), kept as is */
            asin: string | null;
            /** @description the export's own book id (Goodreads Book Id, LibraryThing Book Id) */
            sourceId: string | null;
            /** @enum {string|null} */
            status: "read" | "currently_reading" | "to_read" | "did_not_finish" | "custom" | null;
            /** @description the exclusive shelf or read status exactly as written */
            shelf: string | null;
            /** @description 0–5 with fractions kept; null when unrated */
            rating: number | null;
            /** @description one entry per read; StoryGraph keeps re-reads, the others the latest only */
            reads: {
                /** @description YYYY-MM-DD, or YYYY-MM / YYYY when that is all the export has */
                started: string | null;
                /** @description YYYY-MM-DD, or YYYY-MM / YYYY when that is all the export has */
                finished: string | null;
            }[];
            readCount: number | null;
            /** @description YYYY-MM-DD, or YYYY-MM / YYYY when that is all the export has */
            dateAdded: string | null;
            /** @description tags and non-exclusive shelves */
            shelves: string[];
            owned: boolean | null;
            ownedCopies: number | null;
            review: string | null;
            spoiler: boolean | null;
            privateNotes: string | null;
            pageCount: number | null;
            publisher: string | null;
            /** @description publication year of this edition */
            year: number | null;
            originalYear: number | null;
            /** @enum {string|null} */
            format: "Hardcover" | "Paperback" | "E-book" | "Audiobook" | "Mass Market" | null;
            /** @description the binding or format as written */
            binding: string | null;
            /** @description what was odd about the row and how it was read, e.g. an ISBN that failed its checksum */
            notes: string[];
            /** @description every other non-empty column, by header, so nothing is dropped */
            extra: {
                [key: string]: string;
            };
        };
        CsvImportFromText: {
            /** @description the CSV or TSV file as text */
            csv: string;
            /** @description shown in the summary; a `.tsv` name hints at tabs */
            filename?: string;
            /**
             * @description `auto` detects the export by its header
             * @default auto
             * @enum {string}
             */
            format: "auto" | "goodreads" | "storygraph" | "librarything" | "generic";
            /**
             * @description false: only parse and map, do not look books up
             * @default true
             */
            enrich: boolean;
            /** @description Same key (per client and job kind) returns the same job instead of starting another */
            idempotencyKey?: string;
        };
        CsvImportFromBase64: {
            /** @description the file as raw bytes in base64; the encoding (UTF-8, or Latin-1/Windows-1252) is detected */
            csvBase64: string;
            /** @description shown in the summary; a `.tsv` name hints at tabs */
            filename?: string;
            /**
             * @description `auto` detects the export by its header
             * @default auto
             * @enum {string}
             */
            format: "auto" | "goodreads" | "storygraph" | "librarything" | "generic";
            /**
             * @description false: only parse and map, do not look books up
             * @default true
             */
            enrich: boolean;
            /** @description Same key (per client and job kind) returns the same job instead of starting another */
            idempotencyKey?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description seconds to wait before trying again */
        RetryAfter: number;
        /** @description requests allowed per minute by this client's limit */
        RateLimitLimit: number;
        /** @description requests left in the current minute */
        RateLimitRemaining: number;
        /** @description when the current window ends (epoch seconds) */
        RateLimitReset: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "jobs-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobSnapshot"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-events": {
        parameters: {
            query?: {
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobEventsPage"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-results": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
                q?: string;
            };
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobResultsPage"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobSnapshot"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is not `application/json` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-retryFailed": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryFailedResult"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is not `application/json` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-list": {
        parameters: {
            query?: {
                status?: "queued" | "running" | "completed" | "failed" | "canceled";
                kind?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobListPage"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong admin token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the admin API is off (BOOKSTRACK_ADMIN_TOKEN is not set) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "imports-startCsv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CsvImportFromText"] | components["schemas"]["CsvImportFromBase64"];
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description the CSV or TSV export, as its bytes (UTF-8, or Latin-1/Windows-1252)
                     */
                    file: string;
                    /**
                     * @default auto
                     * @enum {string}
                     */
                    format?: "auto" | "goodreads" | "storygraph" | "librarything" | "generic";
                    /** @default true */
                    enrich?: boolean;
                    /** @description defaults to the file part's filename */
                    filename?: string;
                    idempotencyKey?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStarted"];
                };
            };
            /** @description invalid input, an empty file (CSV_EMPTY), binary data (CSV_NOT_TEXT) or a header with no rows (CSV_NO_ROWS); `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong API key (X-Api-Key; only when the server has API keys) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description idempotency key reused with a different input */
            409: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the file is over MAX_CSV_BYTES */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is neither `application/json` nor `multipart/form-data` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many job starts from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the server is shutting down; retry shortly */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "scans-start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    photos: {
                        /** @description the image bytes in base64 */
                        data: string;
                        /** @description informative only: the type is read from the bytes */
                        mimeType?: string;
                    }[];
                    /** @description Same key (per client and job kind) returns the same job instead of starting another */
                    idempotencyKey?: string;
                };
                "multipart/form-data": {
                    /** @description JPEG, PNG, GIF or WebP, one part each (a filename is optional); the type is read from the bytes */
                    photos: string[];
                    idempotencyKey?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanStarted"];
                };
            };
            /** @description invalid input; `data.field` names the photo, e.g. `photos.2` (not an image, too small, unreadable, bad base64, too many photos) */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong API key (X-Api-Key; only when the server has API keys) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description idempotency key reused with a different input */
            409: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description a photo is over MAX_PHOTO_BYTES (`data.field` names it) */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is neither `application/json` nor `multipart/form-data` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many job starts from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description scanning is not configured (GEMINI_API_KEY is not set), or the server is shutting down */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "review-list": {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPage"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "review-resolve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Job id (UUID), returned by every start mutation */
                jobId: string;
                /** @description the item to decide: its `index` in the results */
                itemId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    decision: components["schemas"]["ReviewDecision"];
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewResolveResult"];
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the item does not need a decision (any more), or the job is still running */
            409: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is not `application/json` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "enrichment-start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    books: {
                        /** @description book title as the user has it */
                        title: string;
                        author?: string;
                        /** @description ISBN-10 or ISBN-13 (hyphens allowed, check digit verified); normalised to ISBN-13 */
                        isbn?: string;
                    }[];
                    /** @description Same key (per client and job kind) returns the same job instead of starting another */
                    idempotencyKey?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStarted"];
                };
            };
            /** @description invalid input; `data.field` names the field and index, e.g. `books.3.isbn` */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong API key (X-Api-Key; only when the server has API keys) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description idempotency key reused with a different input */
            409: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description request body too large */
            413: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the body is not `application/json` */
            415: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many job starts from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the server is shutting down; retry shortly */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "books-lookupIsbn": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ISBN-10 or ISBN-13 (hyphens allowed, check digit verified); normalised to ISBN-13 */
                isbn: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the merged record */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookRecord"];
                };
            };
            /** @description invalid input (a malformed ISBN, an empty query); `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong API key (X-Api-Key; only when the server has API keys) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description no provider knows this ISBN */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description every provider that could answer is unavailable; retry later */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "books-search": {
        parameters: {
            query?: {
                title?: string;
                author?: string;
                q?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookSearchResult"];
                };
            };
            /** @description invalid input (a malformed ISBN, an empty query); `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong API key (X-Api-Key; only when the server has API keys) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description every provider that could answer is unavailable; retry later */
            503: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-stream": {
        parameters: {
            query?: {
                /** @description the job token, for clients that cannot set headers (EventSource) */
                token?: string;
                /** @description resume after this seq (as `Last-Event-ID`) */
                after?: number;
            };
            header?: {
                /** @description resume after this seq (sent by EventSource on reconnect) */
                "Last-Event-ID"?: string;
            };
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the event stream; each frame's `data` is a `JobEvent` (`x-event-schema`), and a last frame `event: end` has no data */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description the stream has ended and there is nothing after `Last-Event-ID`: do not reconnect */
            204: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    "jobs-photo": {
        parameters: {
            query?: {
                /** @description an item index: answer the crop of its box */
                item?: number;
                /** @description the job token, for clients that cannot set headers (an <img> tag) */
                token?: string;
            };
            header?: never;
            path: {
                jobId: string;
                photoIndex: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the photo or crop */
            200: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                };
            };
            /** @description invalid input; `data.field` names the field */
            400: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token (or admin token) */
            401: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job, or no such photo or item */
            404: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description too many requests from this client; see Retry-After */
            429: {
                headers: {
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
}
