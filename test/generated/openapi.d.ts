/* Generated from openapi.json by scripts/openapi.ts; do not edit. */

export interface paths {
    "/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Job snapshot: status, phase, progress, counts, summary, error */
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
        /** The persisted event log, a page at a time */
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
        /** Result items, paginated, optionally filtered by status */
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
        /** Cancel a job (idempotent); partial results are kept */
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
        /** Re-run only the items that failed for transient reasons */
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
        /** All jobs (admin token only) */
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
        /** Import a Goodreads, StoryGraph or LibraryThing export, or any spreadsheet (JSON here; multipart field `file` also accepted) */
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
        /** Scan 1–5 bookshelf photos (JSON with base64 here; multipart field `photos` also accepted) */
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
        /** Items that need a human decision, with their candidates */
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
        /** Decide an item: accept, choose a candidate, edit, or reject */
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
        /** Start an enrichment job over up to 1,000 books */
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
        /** The merged record of one ISBN from every provider, or null */
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
        /** Ranked candidates for a title and/or author */
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
         * @description Server-Sent Events. Each job event is a `message` frame whose `id:` is its seq and whose `data:` is a JobEvent (JSON). Reconnect with `Last-Event-ID` (or `?after=`) to resume without gaps or duplicates. Comment lines (`: ping`) are heartbeats. After the terminal event (completed, failed or canceled) the server sends `event: end` and closes the stream.
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
         * @description A shelf scan's photo, oriented and scaled down (longest side 2048 px), as JPEG; with `item` the crop of that item's box on this photo (for showing a spine under review).
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
        ApiError: {
            message: string;
            /** @description tRPC error code, e.g. BAD_REQUEST */
            code: string;
            data: {
                /**
                 * @description stable error code to switch on
                 * @enum {string}
                 */
                appCode: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
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
        JobEvent: {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "status";
            /** @enum {string} */
            status: "queued" | "running";
            attempt: number;
            message?: string;
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "phase";
            /** @enum {string} */
            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
            message: string;
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "progress";
            /** @enum {string} */
            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
            done: number;
            total: number;
            message?: string;
            currentItem?: string;
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "photo";
            index: number;
            /** @enum {string} */
            status: "queued" | "processing" | "done" | "failed";
            booksFound: number;
            error?: {
                code: string;
                message: string;
            };
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "item";
            index: number;
            /** @enum {string} */
            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
            title?: string;
            reason?: string;
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "warning";
            code: string;
            message: string;
            retryInMs?: number;
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
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
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "completed";
            summary: {
                itemCount: number;
                counts: {
                    [key: string]: number;
                };
                durationMs: number;
                details?: {
                    [key: string]: unknown;
                };
            };
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "failed";
            error: {
                /** @enum {string} */
                code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                message: string;
                retryable: boolean;
            };
            summary?: {
                itemCount: number;
                counts: {
                    [key: string]: number;
                };
                durationMs: number;
                details?: {
                    [key: string]: unknown;
                };
            };
        } | {
            /**
             * Format: uuid
             * @description Job id (UUID), returned by every start mutation
             */
            jobId: string;
            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
            seq: number;
            /**
             * Format: date-time
             * @description ISO-8601 timestamp, UTC
             */
            at: string;
            /** @constant */
            type: "canceled";
            summary: {
                itemCount: number;
                counts: {
                    [key: string]: number;
                };
                durationMs: number;
                details?: {
                    [key: string]: unknown;
                };
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Job id (UUID), returned by every start mutation
                         */
                        jobId: string;
                        /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
                        kind: string;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed" | "canceled";
                        phase: ("preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing") | null;
                        progress: {
                            /** @enum {string} */
                            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                            done: number;
                            total: number;
                            message?: string;
                            currentItem?: string;
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
                        } | null;
                        error: {
                            /** @enum {string} */
                            code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                            message: string;
                            retryable: boolean;
                        } | null;
                        /**
                         * Format: date-time
                         * @description ISO-8601 timestamp, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO-8601 timestamp, UTC
                         */
                        updatedAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description when results are purged (finished jobs only) */
                        expiresAt: string | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Job id (UUID), returned by every start mutation
                         */
                        jobId: string;
                        events: ({
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "status";
                            /** @enum {string} */
                            status: "queued" | "running";
                            attempt: number;
                            message?: string;
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "phase";
                            /** @enum {string} */
                            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                            message: string;
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "progress";
                            /** @enum {string} */
                            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                            done: number;
                            total: number;
                            message?: string;
                            currentItem?: string;
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "photo";
                            index: number;
                            /** @enum {string} */
                            status: "queued" | "processing" | "done" | "failed";
                            booksFound: number;
                            error?: {
                                code: string;
                                message: string;
                            };
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "item";
                            index: number;
                            /** @enum {string} */
                            status: "pending" | "matched" | "needs_review" | "not_found" | "provider_unavailable" | "invalid" | "duplicate" | "parsed";
                            title?: string;
                            reason?: string;
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "warning";
                            code: string;
                            message: string;
                            retryInMs?: number;
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
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
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "completed";
                            summary: {
                                itemCount: number;
                                counts: {
                                    [key: string]: number;
                                };
                                durationMs: number;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "failed";
                            error: {
                                /** @enum {string} */
                                code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                                message: string;
                                retryable: boolean;
                            };
                            summary?: {
                                itemCount: number;
                                counts: {
                                    [key: string]: number;
                                };
                                durationMs: number;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        } | {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description 1, 2, 3 … per job, no gaps; the SSE `id:` and tRPC tracked id */
                            seq: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            at: string;
                            /** @constant */
                            type: "canceled";
                            summary: {
                                itemCount: number;
                                counts: {
                                    [key: string]: number;
                                };
                                durationMs: number;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        })[];
                        lastSeq: number;
                        /** @description pass as `after` for the next page; null when none */
                        nextAfter: number | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Job id (UUID), returned by every start mutation
                         */
                        jobId: string;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed" | "canceled";
                        items: {
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
                             * @description ISO-8601 timestamp, UTC
                             */
                            updatedAt: string;
                        }[];
                        /** @description items matching the filter */
                        total: number;
                        nextCursor: string | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Job id (UUID), returned by every start mutation
                         */
                        jobId: string;
                        /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
                        kind: string;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed" | "canceled";
                        phase: ("preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing") | null;
                        progress: {
                            /** @enum {string} */
                            phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                            done: number;
                            total: number;
                            message?: string;
                            currentItem?: string;
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
                        } | null;
                        error: {
                            /** @enum {string} */
                            code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                            message: string;
                            retryable: boolean;
                        } | null;
                        /**
                         * Format: date-time
                         * @description ISO-8601 timestamp, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO-8601 timestamp, UTC
                         */
                        updatedAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description when results are purged (finished jobs only) */
                        expiresAt: string | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        job: {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
                            kind: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            phase: ("preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing") | null;
                            progress: {
                                /** @enum {string} */
                                phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                                done: number;
                                total: number;
                                message?: string;
                                currentItem?: string;
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
                            } | null;
                            error: {
                                /** @enum {string} */
                                code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                                message: string;
                                retryable: boolean;
                            } | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            updatedAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description when results are purged (finished jobs only) */
                            expiresAt: string | null;
                        };
                        retriedItems: number;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    "application/json": {
                        jobs: {
                            /**
                             * Format: uuid
                             * @description Job id (UUID), returned by every start mutation
                             */
                            jobId: string;
                            /** @description Job kind, e.g. csv-import, shelf-scan, enrichment */
                            kind: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            phase: ("preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing") | null;
                            progress: {
                                /** @enum {string} */
                                phase: "preparing" | "parsing" | "mapping" | "scanning" | "deduplicating" | "enriching" | "finalizing";
                                done: number;
                                total: number;
                                message?: string;
                                currentItem?: string;
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
                            } | null;
                            error: {
                                /** @enum {string} */
                                code: "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "JOB_NOT_RETRYABLE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "NOT_CONFIGURED" | "SHUTTING_DOWN" | "PROVIDER_UNAVAILABLE" | "CSV_EMPTY" | "CSV_NOT_TEXT" | "CSV_NO_ROWS" | "CSV_TOO_MANY_ROWS" | "CSV_NO_TITLE_COLUMN" | "GEMINI_OUTPUT_INVALID" | "GEMINI_BLOCKED" | "PHOTO_NOT_IMAGE" | "PHOTO_TOO_SMALL" | "PHOTO_TOO_LARGE_PIXELS" | "PHOTO_UNREADABLE" | "JOB_TIMEOUT" | "JOB_INTERRUPTED" | "HANDLER_ERROR" | "INTERNAL";
                                message: string;
                                retryable: boolean;
                            } | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601 timestamp, UTC
                             */
                            updatedAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description when results are purged (finished jobs only) */
                            expiresAt: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description admin API off */
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
                "application/json": {
                    /** @description the CSV or TSV file as text */
                    csv?: string;
                    /** @description the file as raw bytes in base64; the encoding (UTF-8, or Latin-1/Windows-1252) is detected */
                    csvBase64?: string;
                    /** @description shown in the summary; a `.tsv` name hints at tabs */
                    filename?: string;
                    /**
                     * @description `auto` detects the export by its header
                     * @default auto
                     * @enum {string}
                     */
                    format?: "auto" | "goodreads" | "storygraph" | "librarything" | "generic";
                    /**
                     * @description false: only parse and map, do not look books up
                     * @default true
                     */
                    enrich?: boolean;
                    /** @description Same key (per client and job kind) returns the same job instead of starting another */
                    idempotencyKey?: string;
                };
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the file is over MAX_CSV_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description shutting down */
            503: {
                headers: {
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
                    /** @description JPEG, PNG, GIF or WebP, one part each; the type is read from the bytes */
                    photos: string[];
                    idempotencyKey?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                        totalPhotos: number;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the file is over MAX_CSV_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description shutting down */
            503: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                        items: {
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
                                work: {
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
                                edition: {
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
                                authors: {
                                    name: string;
                                    /** @enum {string} */
                                    gender: "Female" | "Male" | "Non-binary" | "Other" | "Unknown";
                                    openLibraryID?: string;
                                }[];
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
                            candidates: {
                                work: {
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
                                edition: {
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
                                authors: {
                                    name: string;
                                    /** @enum {string} */
                                    gender: "Female" | "Male" | "Non-binary" | "Other" | "Unknown";
                                    openLibraryID?: string;
                                }[];
                                provenance: {
                                    [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
                                };
                                /** @description every provider whose record was merged in */
                                providers: ("openlibrary" | "google-books" | "isbndb")[];
                                /** @description match score: title and author similarity, ISBN equality, year */
                                score: number;
                                /** @enum {string} */
                                matchedBy: "isbn" | "search";
                            }[];
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
                                format: ("Hardcover" | "Paperback" | "E-book" | "Audiobook" | "Mass Market") | null;
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
                             * @description ISO-8601 timestamp, UTC
                             */
                            updatedAt: string;
                        }[];
                        /** @description items still waiting for a decision */
                        total: number;
                        nextCursor: string | null;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    decision: {
                        /** @constant */
                        action: "accept";
                    } | {
                        /** @constant */
                        action: "choose";
                        /** @description position in the review item's `candidates` */
                        candidate: number;
                    } | {
                        /** @constant */
                        action: "edit";
                        fields: {
                            /** @description book title as the user has it */
                            title?: string;
                            author?: string;
                            /** @description ISBN-10 or ISBN-13 (hyphens allowed, check digit verified); normalised to ISBN-13 */
                            isbn?: string;
                        };
                    } | {
                        /** @constant */
                        action: "reject";
                    };
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description Job id (UUID), returned by every start mutation
                         */
                        jobId: string;
                        item: {
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
                             * @description ISO-8601 timestamp, UTC
                             */
                            updatedAt: string;
                        };
                        /** @description item counts by status, as `jobs.get` and the job summary now show them */
                        counts: {
                            [key: string]: number;
                        };
                        /** @description items still waiting for a decision */
                        remaining: number;
                        /** @description seq of the `review` event this decision appended */
                        seq: number;
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the job is not finished, was canceled, or has nothing to retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description the file is over MAX_CSV_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description shutting down */
            503: {
                headers: {
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
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        work: {
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
                        edition: {
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
                        authors: {
                            name: string;
                            /** @enum {string} */
                            gender: "Female" | "Male" | "Non-binary" | "Other" | "Unknown";
                            openLibraryID?: string;
                        }[];
                        provenance: {
                            [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
                        };
                        /** @description every provider whose record was merged in */
                        providers: ("openlibrary" | "google-books" | "isbndb")[];
                    } | null;
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description shutting down */
            503: {
                headers: {
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        candidates: {
                            work: {
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
                            edition: {
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
                            authors: {
                                name: string;
                                /** @enum {string} */
                                gender: "Female" | "Male" | "Non-binary" | "Other" | "Unknown";
                                openLibraryID?: string;
                            }[];
                            provenance: {
                                [key: string]: "google-books" | "openlibrary" | "isbndb" | "gemini";
                            };
                            /** @description every provider whose record was merged in */
                            providers: ("openlibrary" | "google-books" | "isbndb")[];
                            /** @description match score: title and author similarity, ISBN equality, year */
                            score: number;
                            /** @enum {string} */
                            matchedBy: "isbn" | "search";
                        }[];
                        /** @description providers that were down; results may be incomplete */
                        unavailable: ("openlibrary" | "google-books" | "isbndb")[];
                    };
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description shutting down */
            503: {
                headers: {
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
                /** @description job token, for clients that cannot set headers (EventSource) */
                token?: string;
                /** @description resume after this seq */
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
            /** @description event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
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
                /** @description job token, for clients that cannot set headers (an <img> tag) */
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
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                };
            };
            /** @description invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description missing or wrong job token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description unknown or expired job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
}
