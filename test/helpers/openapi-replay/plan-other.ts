import { FIXTURE_ISBNS } from '../../fakes/catalogue.js';
import { c, limited, perJobErrors, type Planned } from './cases.js';
import { bearer, key, startedOf, UNKNOWN_JOB } from './world.js';

/** PLAN, last part: the book lookups, then a job's event stream and photos. */
export const PLAN_OTHER: Record<string, Planned> = {
  'books-lookupIsbn': {
    method: 'GET',
    path: '/books/isbn/{isbn}',
    statuses: {
      200: [
        c('an ISBN two providers know (merged record)', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`, key)),
        c('an ISBN every provider knows', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.everywhere}`, key)),
        c('an ISBN-10', (w) => w.send('main', 'GET', '/books/isbn/0441172717', key)),
      ],
      400: c('not an ISBN', (w) => w.send('main', 'GET', '/books/isbn/abc', key)),
      401: c('without X-Api-Key', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
      404: c('a valid ISBN no provider knows', (w) => w.send('main', 'GET', `/books/isbn/${FIXTURE_ISBNS.unknown}`, key)),
      429: c(limited, (w) => w.send('limits', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
      503: c('on the small server, whose providers are unreachable (PROVIDER_UNAVAILABLE)', (w) => w.send('small', 'GET', `/books/isbn/${FIXTURE_ISBNS.clockwork}`)),
    },
  },
  'books-search': {
    method: 'GET',
    path: '/books/search',
    statuses: {
      200: [
        c('title and author', (w) => w.send('main', 'GET', '/books/search?title=Dune&author=Herbert&limit=5', key)),
        c('q, matching nothing', (w) => w.send('main', 'GET', '/books/search?q=zzzz%20nothing%20matches', key)),
      ],
      400: c('no title and no q', (w) => w.send('main', 'GET', '/books/search', key)),
      401: c('without X-Api-Key', (w) => w.send('main', 'GET', '/books/search?title=Dune')),
      429: c(limited, (w) => w.send('limits', 'GET', '/books/search?title=Dune')),
      503: c('on the small server, whose providers are unreachable', (w) => w.send('small', 'GET', '/books/search?title=Dune')),
    },
  },
  'jobs-stream': {
    method: 'GET',
    path: '/jobs/{jobId}/stream',
    statuses: {
      200: [
        c('a new enrichment followed live to its end', async (w) => {
          const started = startedOf(
            await w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert', isbn: '0441172717' }, { title: 'A Clockwork Orange', isbn: FIXTURE_ISBNS.clockwork }] } }),
          );
          return w.send('main', 'GET', `/jobs/${started.jobId}/stream`, bearer(started.token));
        }),
        c('a finished scan replayed, with ?token=', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/stream?token=${w.jobs.scan.token}`)),
        c('a failed import replayed', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/stream`, bearer(w.jobs.failed.token))),
        c('a canceled enrichment resumed with Last-Event-ID: 2', async (w) => {
          const ex = await w.send('main', 'GET', `/jobs/${w.jobs.canceled.jobId}/stream`, { ...bearer(w.jobs.canceled.token), headers: { 'last-event-id': '2' } });
          w.resumedAfter.set(ex, 2);
          return ex;
        }),
        c('the CSV import resumed with ?after=3', async (w) => {
          const ex = await w.send('main', 'GET', `/jobs/${w.jobs.csv.jobId}/stream?after=3`, bearer(w.jobs.csv.token));
          w.resumedAfter.set(ex, 3);
          return ex;
        }),
      ],
      204: c('a reconnect with Last-Event-ID at a finished job’s last seq (nothing left to send)', async (w) => {
        const snapshot = await w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}`, bearer(w.jobs.failed.token));
        const lastSeq = String((JSON.parse(snapshot.body.toString('utf8')) as { lastSeq?: unknown }).lastSeq);
        return w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/stream`, { ...bearer(w.jobs.failed.token), headers: { 'last-event-id': lastSeq } });
      }),
      ...perJobErrors(
        '/stream',
        c('Last-Event-ID that is not a seq', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/stream`, { ...bearer(w.jobs.scan.token), headers: { 'last-event-id': 'abc' } })),
      ),
    },
  },
  'jobs-photo': {
    method: 'GET',
    path: '/jobs/{jobId}/photos/{photoIndex}',
    statuses: {
      200: [
        c('photo 0 of a scan', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0`, bearer(w.jobs.scan.token))),
        c('the crop of an item, with ?token=', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0?item=${w.jobs.scan.reviewItem}&token=${w.jobs.scan.token}`)),
      ],
      400: c('a photoIndex that is not a number', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/first`, bearer(w.jobs.scan.token))),
      401: c('no token', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/0`)),
      404: [
        c('a photo the scan does not have', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/photos/9`, bearer(w.jobs.scan.token))),
        c('an unknown job', (w) => w.send('main', 'GET', `/jobs/${UNKNOWN_JOB}/photos/0`, bearer('some-token'))),
      ],
      429: c(limited, (w) => w.send('limits', 'GET', `/jobs/${UNKNOWN_JOB}/photos/0`, bearer('some-token'))),
    },
  },
};
