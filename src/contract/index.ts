export * from './common.js';
export * from './errors.js';
export * from './job-status.js';
export * from './job-events.js';
export * from './jobs.js';
export * from './routes.js';
