import { FIXTURE_ISBNS } from '../../fakes/catalogue.js';
import { c, limited, perJobErrors, textPlain, type Planned } from './cases.js';
import { bearer, CSV, duringShutdown, form, key, OVER_BODY_LIMIT, UNKNOWN_JOB } from './world.js';

/** PLAN, second part: the starts (CSV imports, shelf scans, enrichment) and the review of a scan. */
export const PLAN_STARTS: Record<string, Planned> = {
  'imports-startCsv': {
    method: 'POST',
    path: '/imports/csv',
    statuses: {
      200: [
        c('JSON {csv, enrich: false}', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title,Author\nDune,Frank Herbert\n', enrich: false } })),
        c('JSON {csvBase64, filename, format}', (w) =>
          w.send('main', 'POST', '/imports/csv', { ...key, json: { csvBase64: Buffer.from(CSV).toString('base64'), filename: 'books.csv', format: 'generic' } }),
        ),
        c('multipart: the file in `file`, enrich=false', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }], { enrich: 'false' }) })),
      ],
      400: [
        c('JSON {} (neither csv nor csvBase64)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: {} })),
        c('JSON with format: "spreadsheet" (not one of the formats)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', format: 'spreadsheet' } })),
        c('multipart without the `file` field', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [], { enrich: 'false' }) })),
        c('multipart with an empty file (CSV_EMPTY)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, form: form('file', [{ bytes: '', type: 'text/csv', name: 'empty.csv' }]) })),
      ],
      401: [
        c('JSON without X-Api-Key (the main server has API keys)', (w) => w.send('main', 'POST', '/imports/csv', { json: { csv: 'Title\nDune\n' } })),
        c('multipart with a wrong X-Api-Key', (w) => w.send('main', 'POST', '/imports/csv', { apiKey: 'wrong-key', form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }]) })),
      ],
      409: c('the same idempotencyKey with another file (IDEMPOTENCY_CONFLICT)', async (w) => {
        await w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nDune\n', enrich: false, idempotencyKey: 'replay-csv' } });
        return w.send('main', 'POST', '/imports/csv', { ...key, json: { csv: 'Title\nEmma\n', enrich: false, idempotencyKey: 'replay-csv' } });
      }),
      413: [
        c('JSON over the request body limit on the small server', (w) => w.send('small', 'POST', '/imports/csv', { json: { csv: `Title\n${'x'.repeat(OVER_BODY_LIMIT)}\n` } })),
        c('multipart: a file over MAX_CSV_BYTES on the small server', (w) => w.send('small', 'POST', '/imports/csv', { form: form('file', [{ bytes: `Title\n${'x'.repeat(1200)}\n`, type: 'text/csv', name: 'big.csv' }]) })),
      ],
      415: c('text/plain (the CSV as the body)', (w) => w.send('main', 'POST', '/imports/csv', { ...key, raw: { contentType: 'text/plain', body: CSV } })),
      429: [
        c(`JSON ${limited}`, (w) => w.send('limits', 'POST', '/imports/csv', { json: { csv: 'Title\nDune\n' } })),
        c(`multipart ${limited}`, (w) => w.send('limits', 'POST', '/imports/csv', { form: form('file', [{ bytes: CSV, type: 'text/csv', name: 'books.csv' }]) })),
      ],
      503: c('multipart arriving as the shutdown server starts shutting down (SHUTTING_DOWN; the route refuses before reading the body)', (w) =>
        duringShutdown(w, () => w.send('shutdown', 'POST', '/imports/csv', { form: form('file', [{ bytes: 'Title\nDune\n', type: 'text/csv', name: 'a.csv' }]) })),
      ),
    },
  },
  'scans-start': {
    method: 'POST',
    path: '/scans',
    statuses: {
      200: [
        c('JSON {photos: [{data, mimeType}]}', (w) => w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.photo.toString('base64'), mimeType: 'image/jpeg' }] } })),
        c('multipart: two files in `photos`', (w) =>
          w.send('main', 'POST', '/scans', {
            ...key,
            form: form('photos', [
              { bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' },
              { bytes: w.otherPhoto, type: 'image/jpeg', name: 'b.jpg' },
            ]),
          }),
        ),
      ],
      400: [
        c('JSON {photos: []}', (w) => w.send('main', 'POST', '/scans', { ...key, json: { photos: [] } })),
        c('multipart: a text file in `photos` (PHOTO_NOT_IMAGE)', (w) => w.send('main', 'POST', '/scans', { ...key, form: form('photos', [{ bytes: 'not a photo at all', type: 'image/jpeg', name: 'a.jpg' }]) })),
        c('multipart without the `photos` field', (w) => w.send('main', 'POST', '/scans', { ...key, form: form('photos', [], { idempotencyKey: 'nothing' }) })),
      ],
      401: [
        c('JSON without X-Api-Key', (w) => w.send('main', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c('multipart without X-Api-Key', (w) => w.send('main', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
      409: c('the same idempotencyKey with another photo', async (w) => {
        await w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.photo.toString('base64') }], idempotencyKey: 'replay-scan' } });
        return w.send('main', 'POST', '/scans', { ...key, json: { photos: [{ data: w.otherPhoto.toString('base64') }], idempotencyKey: 'replay-scan' } });
      }),
      413: [
        c('JSON over the request body limit on the small server', (w) => w.send('small', 'POST', '/scans', { json: { photos: [{ data: Buffer.alloc(OVER_BODY_LIMIT, 7).toString('base64') }] } })),
        c('multipart: a photo over MAX_PHOTO_BYTES on the small server', (w) => w.send('small', 'POST', '/scans', { form: form('photos', [{ bytes: Buffer.alloc(1001, 1), type: 'image/jpeg', name: 'big.jpg' }]) })),
      ],
      415: textPlain(() => '/scans', () => key),
      429: [
        c(`JSON ${limited}`, (w) => w.send('limits', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c(`multipart ${limited}`, (w) => w.send('limits', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
      503: [
        c('JSON on the small server, which has no GEMINI_API_KEY (NOT_CONFIGURED)', (w) => w.send('small', 'POST', '/scans', { json: { photos: [{ data: w.photo.toString('base64') }] } })),
        c('multipart on the small server (NOT_CONFIGURED)', (w) => w.send('small', 'POST', '/scans', { form: form('photos', [{ bytes: w.photo, type: 'image/jpeg', name: 'a.jpg' }]) })),
      ],
    },
  },
  'review-list': {
    method: 'GET',
    path: '/jobs/{jobId}/review',
    statuses: {
      200: [
        c('a scan with an item to review', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan2.jobId}/review`, bearer(w.jobs.scan2.token))),
        c('one page of 1', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/review?limit=1`, bearer(w.jobs.scan.token))),
        c('a failed CSV import (nothing to review)', (w) => w.send('main', 'GET', `/jobs/${w.jobs.failed.jobId}/review`, bearer(w.jobs.failed.token))),
      ],
      ...perJobErrors(
        '/review',
        c('limit=0', (w) => w.send('main', 'GET', `/jobs/${w.jobs.scan.jobId}/review?limit=0`, bearer(w.jobs.scan.token))),
      ),
    },
  },
  'review-resolve': {
    method: 'POST',
    path: '/jobs/{jobId}/review/{itemId}',
    statuses: {
      200: [
        c('accept the item in review', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/${w.jobs.scan.reviewItem}`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('edit the other scan’s item in review', (w) =>
          w.send('main', 'POST', `/jobs/${w.jobs.scan2.jobId}/review/${w.jobs.scan2.reviewItem}`, {
            ...bearer(w.jobs.scan2.token),
            json: { decision: { action: 'edit', fields: { title: 'A Clockwork Orange', author: 'Anthony Burgess' } } },
          }),
        ),
      ],
      400: [
        c('itemId that is not a number', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/first`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('an unknown decision', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/0`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'maybe' } } })),
      ],
      401: c('no token', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/0`, { json: { decision: { action: 'accept' } } })),
      404: [
        c('an item the job does not have', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/99`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'accept' } } })),
        c('an unknown job', (w) => w.send('main', 'POST', `/jobs/${UNKNOWN_JOB}/review/0`, { ...bearer('some-token'), json: { decision: { action: 'accept' } } })),
      ],
      409: c('the item already decided (after the 200 above)', (w) => w.send('main', 'POST', `/jobs/${w.jobs.scan.jobId}/review/${w.jobs.scan.reviewItem}`, { ...bearer(w.jobs.scan.token), json: { decision: { action: 'reject' } } })),
      415: textPlain((w) => `/jobs/${w.jobs.scan.jobId}/review/0`, (w) => bearer(w.jobs.scan.token)),
      429: c(limited, (w) => w.send('limits', 'POST', `/jobs/${UNKNOWN_JOB}/review/0`, { ...bearer('some-token'), json: { decision: { action: 'accept' } } })),
    },
  },
  'enrichment-start': {
    method: 'POST',
    path: '/enrichment',
    statuses: {
      200: c('two books', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', author: 'Frank Herbert' }, { title: 'Unknown', isbn: FIXTURE_ISBNS.unknown }] } })),
      400: [
        c('books: []', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [] } })),
        c('a malformed ISBN', (w) => w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune', isbn: '978-0441' }] } })),
        c('a body that is not JSON', (w) => w.send('main', 'POST', '/enrichment', { ...key, raw: { contentType: 'application/json', body: '{"books": ' } })),
      ],
      401: c('without X-Api-Key', (w) => w.send('main', 'POST', '/enrichment', { json: { books: [{ title: 'Dune' }] } })),
      409: c('the same idempotencyKey with other books', async (w) => {
        await w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Dune' }], idempotencyKey: 'replay-enrich' } });
        return w.send('main', 'POST', '/enrichment', { ...key, json: { books: [{ title: 'Emma' }], idempotencyKey: 'replay-enrich' } });
      }),
      413: c('over the request body limit on the small server', (w) =>
        w.send('small', 'POST', '/enrichment', { json: { books: [{ title: 'x'.repeat(OVER_BODY_LIMIT) }] } }),
      ),
      415: textPlain(() => '/enrichment', () => key),
      429: c(limited, (w) => w.send('limits', 'POST', '/enrichment', { json: { books: [{ title: 'Dune' }] } })),
    },
  },
};
