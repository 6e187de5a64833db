import { c, limited, perJobErrors, textPlain, type Planned } from './cases.js';
import { ADMIN, bearer, key, startedOf, UNKNOWN_JOB } from './world.js';

/** PLAN, first part: the job routes (read, cancel, retry, list). */
export const PLAN_JOBS: Record<string, Planned> = {
  'jobs-get': {
    method: 'GET',
    path: '/jobs/{jobId}',
    statuses: {
      200: [
        c('a finished shelf scan', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}`, bearer(w.jobs.scan.token))),
        c('a finished CSV import', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}`, bearer(w.jobs.csv.token))),
        c('a failed CSV import (error set)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}`, bearer(w.jobs.failed.token))),
        c('a canceled enrichment', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}`, bearer(w.jobs.canceled.token))),
        c('an enrichment with provider_unavailable items, with the admin token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}`, bearer(ADMIN))),
        c('a job right after its start (phase, progress and summary may still be null)', async (w) => {
          const started = startedOf(await w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', enrich: false } }));
          return w.send('main', 'GET', `/jobs/${started.jobId}`, bearer(started.token));
        }),
      ],
      ...perJobErrors(''),
    },
  },
  'jobs-events': {
    method: 'GET',
    path: '/jobs/{jobId}/events',
    statuses: {
      200: [
        c('a shelf scan’s whole log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/events?after=0&limit=500`, bearer(w.jobs.scan.token))),
        c('a CSV import’s log, one page of 3', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/events?limit=3`, bearer(w.jobs.csv.token))),
        c('a failed import’s log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/events`, bearer(w.jobs.failed.token))),
        c('an outage enrichment’s log (warnings)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}/events`, bearer(w.jobs.outage.token))),
        c('a canceled enrichment’s log', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/events`, bearer(w.jobs.canceled.token))),
      ],
      ...perJobErrors(
        '/events',
        c('limit=0', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/events?limit=0`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'jobs-results': {
    method: 'GET',
    path: '/jobs/{jobId}/results',
    statuses: {
      200: [
        c('a shelf scan’s items', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/results`, bearer(w.jobs.scan.token))),
        c('a CSV import’s items (matched, duplicate, invalid, not_found)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/results`, bearer(w.jobs.csv.token))),
        c('an outage enrichment’s items (provider_unavailable)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.outage.jobId}/results`, bearer(w.jobs.outage.token))),
        c('a canceled enrichment’s items', (w) => w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/results`, bearer(w.jobs.canceled.token))),
        c('a failed import (no items)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/results`, bearer(w.jobs.failed.token))),
        c('one page of 1 with status=matched (nextCursor set)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/results?limit=1&status=matched`, bearer(w.jobs.csv.token))),
      ],
      ...perJobErrors(
        '/results',
        c('a cursor the server never gave', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/results?cursor=not-ours`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'jobs-cancel': {
    method: 'POST',
    path: '/jobs/{jobId}/cancel',
    statuses: {
      200: [
        c('cancel a finished scan (answers its final state)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/cancel`, bearer(w.jobs.scan.token))),
        c('cancel the canceled enrichment again (idempotent; the first cancel, while it ran, was in the setup)', (w) =>
          w.send('main', 'POST', `/jobs/${w.jobs.canceled.jobId}/cancel`, bearer(w.jobs.canceled.token)),
        ),
      ],
      400: c('a jobId that is not a UUID', (w) => w.send('main', 'POST', '/jobs/not-a-uuid/cancel', bearer(w.jobs.scan.token))),
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/cancel`)),
      404: c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/cancel`, bearer('some-token'))),
      415: textPlain((w) => `/jobs/${w.jobs.scan.jobId}/cancel`, (w) => bearer(w.jobs.scan.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/cancel`, bearer('some-token'))),
    },
  },
  'jobs-retryFailed': {
    method: 'POST',
    path: '/jobs/{jobId}/retry',
    statuses: {
      // The outage job runs again from here on (the cases of the operations above have read it already).
      200: c('the outage enrichment, once the providers are back', (w) => w.send('main', 'POST', `/jobs/${w.jobs.outage.jobId}/retry`, bearer(w.jobs.outage.token))),
      400: c('a jobId that is not a UUID', (w) => w.send('main', 'POST', '/jobs/not-a-uuid/retry', bearer(w.jobs.outage.token))),
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.outage.jobId}/retry`)),
      404: c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/retry`, bearer('some-token'))),
      409: c('a finished scan with nothing to retry (JOB_NOT_RETRYABLE)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/retry`, bearer(w.jobs.scan.token))),
      415: textPlain((w) => `/jobs/${w.jobs.outage.jobId}/retry`, (w) => bearer(w.jobs.outage.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/retry`, bearer('some-token'))),
    },
  },
  'jobs-list': {
    method: 'GET',
    path: '/jobs',
    statuses: {
      200: [
        c('the admin token', (w) => w.send('main', 'GET', '/jobs', bearer(ADMIN))),
        c('the admin token, status=completed&kind=shelf-scan&limit=1 (nextCursor set)', (w) => w.send('main', 'GET', '/jobs?status=completed&kind=shelf-scan&limit=1', bearer(ADMIN))),
      ],
      400: c('limit=0 with the admin token', (w) => w.send('main', 'GET', '/jobs?limit=0', bearer(ADMIN))),
      401: c('a job token instead of the admin token', (w) => w.send('main', 'GET', '/jobs', bearer(w.jobs.scan.token))),
      403: c('on the small server, which has no BOOKSTRACK_ADMIN_TOKEN', (w) => w.send('small', 'GET', '/jobs', bearer(ADMIN))),
    },
  },
};
