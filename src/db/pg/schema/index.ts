export * from './jobs.js';
export * from './job-tokens.js';
export * from './job-events.js';
export * from './job-items.js';
export * from './job-steps.js';
export * from './blobs.js';
export * from './provider-cache.js';
export * from './rate-limits.js';
