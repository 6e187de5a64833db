import { type Planned } from './cases.js';
import { PLAN_JOBS } from './plan-jobs.js';
import { PLAN_OTHER } from './plan-other.js';
import { PLAN_STARTS } from './plan-starts.js';

// The table: operationId → status → how

/**
 * Documented statuses no real request can produce, each with the reason. A status listed here that
 * is produced anyway fails the test too (the entry is stale).
 */
export const UNREACHABLE: Record<string, Record<number, string>> = {
  'enrichment-start': {
    503:
      'its only 503 is SHUTTING_DOWN, and a JSON start cannot be answered during a shutdown: the REST bridge reads the whole body ' +
      'before the start check runs, while app.close() stops intake and destroys every connection within the same turn of the event ' +
      'loop (jobs.stop() does not wait for running handlers), so the request is cut off unanswered. The multipart CSV route refuses ' +
      'before reading its body, and its SHUTTING_DOWN 503 is replayed under imports-startCsv.',
  },
};

/** The table, in the order it runs (see `Planned`): its parts keep their order when merged. */
export const PLAN: Record<string, Planned> = { ...PLAN_JOBS, ...PLAN_STARTS, ...PLAN_OTHER };
