import { type Exchange } from './exchanges.js';
import { bearer, UNKNOWN_JOB, type Req, type World } from './world.js';

// The building blocks of the table (plan.ts): operationId → status → how

export interface Case {
  how: string;
  run(w: World): Promise<Exchange>;
}
/**
 * One operation's cases, by the status each produces. Operations run in PLAN order; within one,
 * statuses run in ascending order (JavaScript orders integer keys), cases in the order written, so
 * a case may rely on an earlier one (review-resolve's 409 follows its 200).
 */
export interface Planned {
  method: string;
  path: string;
  statuses: Record<number, Case | Case[]>;
}

export const c = (how: string, run: (w: World) => Promise<Exchange>): Case => ({ how, run });
/** 415: a POST whose body is text/plain (the REST bridge takes JSON; two routes also take multipart). */
export const textPlain = (target: (w: World) => string, extra: (w: World) => Req = () => ({})) =>
  c('a text/plain body', (w) => w.send('main', 'POST', target(w), { ...extra(w), raw: { contentType: 'text/plain', body: 'hello' } }));
/** 429 on the limits server: its one read (or start) a minute was spent when it started. */
export const limited = 'on the limits server (RATE_LIMIT_*_PER_MINUTE=1), after its one allowed request';

/** The per-job GET routes share their ways to fail (`more400`: the route's own bad inputs). */
export function perJobErrors(suffix: string, ...more400: Case[]): Record<number, Case | Case[]> {
  return {
    400: [c('a jobId that is not a UUID', (w) => w.send('main', 'GET', `/jobs/not-a-uuid${suffix}`, bearer(w.jobs.scan.token))), ...more400],
    401: c('no token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}${suffix}`)),
    404: c('a well-formed UUID no job has, with some token', (w) => w.send('main', 'GET', `/jobs/${UNKNOWN_JOB}${suffix}`, bearer('some-token'))),
    429: c(limited, (w) => w.send('limits', 'GET', `/jobs/${UNKNOWN_JOB}${suffix}`, bearer('some-token'))),
  };
}
