export { createBooksTrackClient, createBooksTrackLinks, type BooksTrackClient, type BooksTrackClientOptions, type CallContext } from './create-client.js';
export { watchJob, type WatchJobOptions } from './watch-job.js';
export type { AppRouter } from '../router/app.js';
export type * from '../contract/index.js';
